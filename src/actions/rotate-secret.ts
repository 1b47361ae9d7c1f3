/** rotate-secret: a fresh value per application instance, valid at its target before GitHub hands it out. */
import * as core from '@actions/core';
import { AuditEmitter } from '../core/audit.js';
import { auditSinks } from '../core/audit-sinks.js';
import { runContext } from '../core/context.js';
import { createGitHubClient } from '../core/github.js';
import { readInputs } from '../core/inputs.js';
import { outputWriter } from '../core/outputs.js';
import { runAction } from '../core/run.js';
import { writeSummary } from '../core/summary.js';
import { parseConfig } from '../secrets/config.js';
import { redactDeep } from '../secrets/redact.js';
import { failureMessage, rotateAll, summarize } from '../secrets/rotate.js';
import { inputs, outputs } from './rotate-secret.inputs.js';

await runAction(async () => {
  const given = readInputs(inputs);
  const ctx = runContext();
  const config = parseConfig(given, { owner: ctx.owner, repo: ctx.repo });
  const github = createGitHubClient(given.token);
  const audit = new AuditEmitter(ctx, auditSinks(given.auditLog));
  const report = await rotateAll({
    config,
    github,
    audit,
    log: core.info,
    warn: core.warning,
    runId: `${ctx.runId ?? 'unknown'}/${ctx.runAttempt ?? 1}`,
  });
  const out = outputWriter(outputs);
  // Redacted string by string: a value with a quote would slip past redaction after JSON.stringify.
  out.set('rotated', redactDeep(report.rotated));
  out.set('skipped', redactDeep(report.skipped));
  out.set('failed', redactDeep(report.failed));
  await writeSummary(summarize(config, report));
  if (report.failed.length > 0) core.setFailed(failureMessage(report));
});
