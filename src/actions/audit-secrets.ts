/**
 * audit-secrets: reviews the secrets of a repository or an organization against rotation state,
 * the central ledger and the audit log; files findings as issues, SARIF and a job summary.
 */
import * as core from '@actions/core';
import { type AssessmentScope, runAssessment } from '../assess/index.js';
import { executeAudit, summarySections } from '../audit/execute.js';
import { AuditEmitter } from '../core/audit.js';
import { auditSinks } from '../core/audit-sinks.js';
import { runContext, runUrl } from '../core/context.js';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { createGitHubClient } from '../core/github.js';
import { ReadSession } from '../core/read-session.js';
import { redact } from '../core/mask.js';
import { readInputs } from '../core/inputs.js';
import { parseShard } from '../audit/report.js';
import { outputWriter } from '../core/outputs.js';
import { runAction } from '../core/run.js';
import { writeSummary } from '../core/summary.js';
import { inputs, outputs } from './audit-secrets.inputs.js';

const VERSION = '0.1.0';

await runAction(async () => {
  const i = readInputs(inputs);
  const ctx = runContext();
  const audit = new AuditEmitter(ctx, auditSinks(i.auditLog, { token: i.token }));
  // Conditional requests through the cache the workflow keeps (actions/cache), within the budget.
  const session = await ReadSession.open(
    {
      cacheFile: i.merge.length > 0 ? '' : i.cacheFile,
      cacheKey: i.cacheKey,
      maxRequests: i.maxRequests,
      shard: parseShard(i.shard),
      organization: i.organization,
      repositories: i.repositories.length > 0 ? i.repositories : [ctx.repository],
    },
    (message) => core.warning(message),
  );
  const client = createGitHubClient(i.token, session.clientOptions);
  const out = outputWriter(outputs);

  let result: Awaited<ReturnType<typeof executeAudit>>;
  try {
    result = await executeAudit(client, i, {
      repository: ctx.repository,
      runUrl: runUrl(ctx) || undefined,
      version: VERSION,
      session,
      auditLogClient: createGitHubClient(i.token, session.auditLogClientOptions),
    });
  } finally {
    await session.save((message) => core.warning(message));
  }
  const { report, feed, events } = result;

  // Every secret read GitHub recorded since the watermark, into the central sinks, once: the run
  // claimed them in the audit state, sends them, then confirms (a run that dies before confirming
  // leaves the claim to the next run, which sends them again under the same event ids).
  if (events && events.records.length > 0) {
    await audit.emitAll(events.records, (sink, error) =>
      core.warning(`The optional audit sink ${sink} could not record secret reads: ${redact(errorMessage(error))}`),
    );
    await events.confirm();
    core.info(`${events.records.length} secret read(s) from GitHub's audit log written to the audit sinks.`);
  }

  for (const w of report.warnings) core.warning(w);
  if (report.partial.length > 0) {
    core.warning(
      `The audit is partial — not a clean result: ${report.partial.length} scope(s) could not be read completely:\n${report.partial.join('\n')}`,
    );
  }
  for (const f of report.findings) {
    const message = `${f.title} — ${f.evidence.join(' ')} Likely root cause: ${f.rootCause}`;
    const props =
      f.file && f.scope === ctx.repository
        ? { title: `${f.severity}: ${f.kind}`, file: f.file, startLine: f.line }
        : { title: `${f.severity}: ${f.kind}` };
    if (f.severity === 'critical' || f.severity === 'high') core.error(message, props);
    else if (f.severity === 'medium') core.warning(message, props);
    else core.notice(message, props);
  }

  await audit.emit(
    {
      action: 'secrets.audit',
      target: {
        scope: report.organization ? 'organization' : 'repository',
        repository: report.organization ?? report.repositories[0] ?? ctx.repository,
      },
      // A partial audit is never recorded as a success, even when 'allow-partial' lets it pass.
      outcome: result.failed ? 'failure' : result.partial ? 'partial' : 'success',
      details: {
        repositories: report.repositories.length,
        findings: report.findings.length,
        highest: result.highest ?? null,
        partial: result.partial,
        shard: report.shard ?? null,
        issues: feed
          ? { created: feed.created, reopened: feed.reopened, updated: feed.updated, closed: feed.closed }
          : null,
      },
    },
    (sink, error) =>
      core.warning(`The optional audit sink ${sink} could not record 'secrets.audit': ${redact(errorMessage(error))}`),
  );

  out.set('findings', report.findings);
  out.set('count', report.findings.length);
  out.set('highest-severity', result.highest ?? '');
  out.set('partial', result.partial);
  out.set('findings-file', result.findingsFile);
  out.set('sarif-file', result.sarifFile);
  out.set('issues-created', feed ? [...feed.created, ...feed.reopened] : []);
  out.set('issues-closed', feed ? feed.closed : []);
  out.set('reads', events ? events.records.length : 0);

  const extra = [`${result.requests} GitHub API requests: ${session.describe()}`, ...(events?.notes ?? [])];
  if (feed) {
    extra.push(
      `Issues in ${i.issuesRepository}: ${feed.created.length} created, ${feed.reopened.length} reopened, ${feed.updated.length} updated, ${feed.closed.length} closed, ${feed.unchanged.length} unchanged${feed.kept.length > 0 ? `; ${feed.kept.length} issue(s) of audit-log findings kept open although their events were not seen this run (${feed.kept.map((n) => `#${n}`).join(', ')}): with no audit state that remembers them (no 'audit-state', or the audit log not reviewed this run), the audit closes them only when it sees the cause gone (the secret written since, the reader no longer naming it), never because their events aged out` : ''}.`,
    );
  }
  await writeSummary(summarySections(report, extra));

  if (i.assess) {
    // SAMM's two level-3 questions over the same scope, from the same kind of evidence.
    const scope: AssessmentScope =
      i.organization && i.repositories.length === 0
        ? { kind: 'organization', org: i.organization, repositoryFilter: i.repositoryFilter }
        : { kind: 'repositories', repositories: i.repositories.length > 0 ? i.repositories : [ctx.repository] };
    // The same client and cache: what the audit just read is shared, not read again.
    session.budget.enforcing = true;
    const run = await runAssessment(client, scope, { maxAgeDays: i.maxAgeDays, outDir: i.assessmentDir });
    await session.save((message) => core.warning(message));
    core.info(`After the assessment: ${session.describe()}`);
    out.set('assessment', run.assessment.answers);
    for (const a of run.assessment.answers) core.info(`${a.question} ${a.answer} (${a.meeting} of ${a.total}).`);
    if (run.assessment.partial) {
      core.warning(
        `The SAMM assessment is partial: ${run.assessment.unreadable.length} of ${run.assessment.repositories.length} repositories could not be fully read (${run.assessment.unreadable.join(', ')}); their answers are a lower bound.`,
      );
    }
    await core.summary.addRaw(run.markdown, true).write();
    core.info(`SAMM assessment: ${run.files.html}, ${run.files.markdown}, ${run.files.json}`);
  }

  if (result.failed) {
    throw new ConfigurationError(
      `${result.failure} See the job summary${i.issuesRepository ? ` and the issues in ${i.issuesRepository}` : ''}.`,
    );
  }
});
