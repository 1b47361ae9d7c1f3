/**
 * verify-signatures: before deploying, check that every artifact was signed at build time by a
 * trusted signer (Sigstore bundles, GitHub attestations, keys), or pinned by checksum with a reason.
 */
import * as core from '@actions/core';
import { AuditEmitter } from '../core/audit.js';
import { auditSinks } from '../core/audit-sinks.js';
import { runContext } from '../core/context.js';
import { createGitHubClient } from '../core/github.js';
import { readInputs } from '../core/inputs.js';
import { outputWriter } from '../core/outputs.js';
import { runAction } from '../core/run.js';
import { writeSummary } from '../core/summary.js';
import { attestationSource } from '../verify/attestations.js';
import { auditRecord, failureMessage, summarySection } from '../verify/report.js';
import { formatDigests, verifyArtifacts } from '../verify/run.js';
import { inputs, outputs } from './verify-signatures.spec.js';

await runAction(async () => {
  const i = readInputs(inputs);
  const out = outputWriter(outputs);
  out.set('verified', false);
  const ctx = runContext();
  const audit = new AuditEmitter(ctx, auditSinks(i.auditLog));
  const attestations = i.attestations
    ? attestationSource(createGitHubClient(i.token), {
        repository: i.attestationsOwner ? undefined : i.attestationsRepository || ctx.repository,
        owner: i.attestationsOwner || undefined,
        predicateType: i.predicateType,
      })
    : undefined;

  const report = await verifyArtifacts({
    artifacts: i.artifacts,
    bundles: i.bundles,
    workspace: ctx.workspace,
    policy: {
      certificateIdentity: i.certificateIdentity || undefined,
      certificateIdentityRegexp: i.certificateIdentityRegexp || undefined,
      certificateOidcIssuer: i.certificateOidcIssuer || undefined,
      signerWorkflow: i.signerWorkflow || undefined,
      sourceRepository: i.sourceRepository || undefined,
      sourceRef: i.sourceRef || undefined,
      signerDigest: i.signerDigest || undefined,
      sourceDigest: i.sourceDigest || undefined,
      denySelfHostedRunners: i.denySelfHostedRunners,
      predicateType: i.predicateType || undefined,
    },
    policyFile: i.policy || undefined,
    key: i.key || undefined,
    trustedRoot: i.trustedRoot || undefined,
    offline: i.offline,
    checksums: i.checksums || undefined,
    reason: i.reason || undefined,
    attestations,
    warn: (m) => core.warning(m),
  });

  for (const r of report.results) {
    await audit.emit(auditRecord(r), (sink, error) => core.warning(`Audit sink ${sink} failed: ${String(error)}`));
    if (r.status === 'failed') core.error(failureMessage(r));
    else core.info(`${r.status}: ${r.artifact} (${r.method}) ${r.reason}`);
  }
  out.set('verified', report.verified);
  out.set('results', JSON.stringify(report.results));
  out.set('digests', formatDigests(report.results));
  await writeSummary([summarySection(report.results, report.verified)]);
  if (!report.verified) {
    const failed = report.results.filter((r) => r.status === 'failed').length;
    core.info(`${failed} of ${report.results.length} artifacts failed verification; nothing may be deployed.`);
    process.exitCode = 1;
  }
});
