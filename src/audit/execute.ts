/**
 * One audit from start to end, shared by the action and `secure-deploy audit`: run (or merge),
 * write the findings and SARIF files, file issues, and decide whether the severity threshold fails.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigurationError } from '../core/errors.js';
import type { GitHubClient } from '../core/github.js';
import type { ReadSession } from '../core/read-session.js';
import { syncIssues, type FeedResult } from './issues.js';
import { type AuditOptions, runAudit } from './index.js';
import { mergeReports, parseShard } from './report.js';
export { summarySections } from './report.js';
import { parseLedgerLocation } from './ledger.js';
import { parseStateLocation, type StateLocation } from './audit-state.js';
import type { EventReview } from './review-events.js';
import { toSarif } from './sarif.js';
import { highest } from './findings.js';
import type { AuditReport, EventFacts, Severity } from './types.js';
import { severityRank } from './types.js';

export interface AuditConfig {
  readonly repositories: readonly string[];
  readonly organization: string;
  readonly repositoryFilter: readonly string[];
  readonly shard: string;
  readonly merge: readonly string[];
  readonly maxAgeDays: number;
  readonly allowedWriters: readonly string[];
  readonly ledger: string;
  readonly trustPolicy: string;
  readonly readAuditLog: boolean;
  /** Streamed audit-log export files (JSON lines, gzip accepted), read instead of the API. */
  readonly auditLogExport: readonly string[];
  /** `owner/repo[@branch][:path]` of the audit state; empty: beside the ledger, if any. */
  readonly auditState: string;
  readonly readersPolicy: string;
  readonly unreadDays: number;
  readonly issuesRepository: string;
  readonly issueLabels: readonly string[];
  readonly sarifFile: string;
  readonly findingsFile: string;
  readonly failOn: 'none' | Severity;
  /** Pass a partial audit (some scope not read completely); otherwise it fails like a finding. */
  readonly allowPartial: boolean;
  readonly concurrency: number;
}

export interface AuditOutcome {
  readonly report: AuditReport;
  readonly feed?: FeedResult;
  /** GitHub's record of secret reads: what to send to the audit sinks, then confirm. */
  readonly events?: EventReview;
  readonly requests: number;
  readonly findingsFile: string;
  readonly sarifFile: string;
  readonly highest: Severity | undefined;
  /** True when some scope could not be read completely: never a clean result. */
  readonly partial: boolean;
  /** True when a finding at or above `fail-on` exists, or the audit is partial without `allow-partial`. */
  readonly failed: boolean;
  /** Why the audit fails, for the step's error; empty when it passes. */
  readonly failure: string;
}

const REPO = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

/** Checks the configuration and turns it into audit options; every problem is a ConfigurationError. */
export function auditOptions(config: AuditConfig, defaultRepository: string): AuditOptions {
  for (const r of config.repositories) {
    if (!REPO.test(r)) throw new ConfigurationError(`Input 'repositories': '${r}' is not 'owner/name'.`);
  }
  if (config.organization && !/^[A-Za-z0-9-]+$/.test(config.organization)) {
    throw new ConfigurationError(`Input 'organization': '${config.organization}' is not an organization name.`);
  }
  const shard = parseShard(config.shard);
  if (shard && (!config.organization || config.repositories.length > 0)) {
    throw new ConfigurationError(
      `Input 'shard' splits an organization: set 'organization' and leave 'repositories' empty.`,
    );
  }
  if (config.issuesRepository && !REPO.test(config.issuesRepository)) {
    throw new ConfigurationError(`Input 'issues-repository': '${config.issuesRepository}' is not 'owner/name'.`);
  }
  const ledger = config.ledger ? parseLedgerLocation(config.ledger) : undefined;
  if (config.ledger && !ledger) {
    throw new ConfigurationError(`Input 'ledger': '${config.ledger}' is not 'owner/repo[@branch][:path]'.`);
  }
  let auditState: StateLocation | undefined;
  if (config.auditState) {
    auditState = parseStateLocation(config.auditState);
    if (!auditState)
      throw new ConfigurationError(
        `Input 'audit-state': '${config.auditState}' is not 'owner/repo[@branch][:path]' (a relative path without '..').`,
      );
  } else if (ledger) {
    // Beside the ledger, on its protected branch: the state is as trustworthy as the ledger.
    const dir = ledger.path.includes('/') ? ledger.path.slice(0, ledger.path.lastIndexOf('/') + 1) : '';
    auditState = {
      owner: ledger.owner,
      repo: ledger.repo,
      branch: ledger.branch,
      path: `${dir}audit-secrets-state.json`,
    };
  }
  // Each shard keeps its own audit state (its repositories' events, watermarks and claims): one
  // file per shard, so shards never contend for one compare-and-swap.
  if (auditState && shard) {
    const { path } = auditState;
    const dot = path.lastIndexOf('.') > path.lastIndexOf('/') ? path.lastIndexOf('.') : path.length;
    auditState = {
      ...auditState,
      path: `${path.slice(0, dot)}.shard-${shard.index}-of-${shard.count}${path.slice(dot)}`,
    };
  }
  if (config.auditLogExport.length > 0 && !config.organization) {
    throw new ConfigurationError(`Input 'audit-log-export' is an organization's audit log: set 'organization' too.`);
  }
  let repositories = config.repositories;
  if (repositories.length === 0 && !config.organization) {
    if (!defaultRepository) throw new ConfigurationError(`Nothing to audit: set 'repositories' or 'organization'.`);
    repositories = [defaultRepository];
  }
  return {
    organization: config.organization || undefined,
    repositories: repositories.length > 0 ? repositories : undefined,
    include: config.repositoryFilter,
    shard,
    maxAgeDays: config.maxAgeDays,
    allowedWriters: config.allowedWriters,
    ledger,
    trustPolicy: config.trustPolicy || undefined,
    readAuditLog: config.readAuditLog,
    auditLogExport: config.auditLogExport,
    auditState,
    readersPolicy: config.readersPolicy || undefined,
    unreadDays: config.unreadDays,
    concurrency: config.concurrency,
  };
}

async function writeText(path: string, text: string): Promise<string> {
  const full = resolve(path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, text, 'utf8');
  return path;
}

export async function executeAudit(
  client: GitHubClient,
  config: AuditConfig,
  context: {
    readonly repository: string;
    readonly runUrl?: string;
    readonly version: string;
    /** A client that gives up on rate limits at once (the audit-log read stops and resumes). */
    readonly auditLogClient?: GitHubClient;
    /** The request cache and budget the client was created with (read-session.ts). */
    readonly session?: ReadSession;
  },
): Promise<AuditOutcome> {
  const session = context.session;
  const options = {
    ...auditOptions(config, context.repository),
    auditLogClient: context.auditLogClient,
    lastRead: session?.cache?.lastRead,
    // Repository by repository admission only under max-requests: otherwise every repository is
    // started at once (the request pool bounds the reads), and the token's headroom is kept per request.
    admit:
      session && session.budget.maxRequests > 0
        ? (readBefore: boolean, inFlight: number) => session.budget.admit(readBefore, inFlight)
        : undefined,
  };
  let events: EventReview | undefined;
  let causeGone: ((kind: string, facts: EventFacts) => string | undefined) | undefined;
  let report: AuditReport;
  let requests = 0;
  let auditedScopes: ReadonlySet<string>;
  if (config.merge.length > 0) {
    try {
      report = await mergeReports(config.merge);
    } catch (error) {
      throw new ConfigurationError(`Input 'merge': ${error instanceof Error ? error.message : String(error)}.`);
    }
    const partialScopes = new Set(report.partial.map((p) => p.split(':')[0] ?? ''));
    const missingShard = report.partial.some((p) => p.startsWith('shard ') || p.startsWith('the shard files'));
    auditedScopes = missingShard
      ? new Set()
      : new Set(
          [
            ...report.repositories,
            ...(report.organization ? [report.organization] : []),
            ...report.findings.map((f) => f.scope),
          ].filter((s) => !partialScopes.has(s)),
        );
  } else {
    const run = await runAudit(client, options);
    report = run.report;
    requests = run.requests;
    auditedScopes = run.auditedScopes;
    events = run.events;
    causeGone = run.causeGone;
    context.session?.markRead(run.read);
  }
  // max-requests bounds the collection; filing the findings may still use the token's headroom.
  if (context.session) context.session.budget.enforcing = false;

  const findingsFile = config.findingsFile
    ? await writeText(config.findingsFile, `${JSON.stringify(report, null, 2)}\n`)
    : '';
  const sarifFile = config.sarifFile
    ? await writeText(config.sarifFile, `${JSON.stringify(toSarif(report.findings, context.version), null, 2)}\n`)
    : '';

  let feed: FeedResult | undefined;
  if (config.issuesRepository && !report.shard) {
    const [owner = '', repo = ''] = config.issuesRepository.split('/');
    feed = await syncIssues(client, report.findings, {
      owner,
      repo,
      labels: config.issueLabels,
      auditedScopes,
      runUrl: context.runUrl,
      // A merge has no inventory to show a cause gone: without an audit state, event issues stay open.
      events: {
        remembered: report.facts.events?.remembered === true,
        ...(report.facts.events?.rememberedSince ? { rememberedSince: report.facts.events.rememberedSince } : {}),
        facts: report.facts.events?.facts ?? {},
        ...(causeGone ? { causeGone } : {}),
      },
    });
  }
  const top = highest(report.findings);
  const onFindings = config.failOn !== 'none' && top !== undefined && severityRank(top) >= severityRank(config.failOn);
  const partial = report.partial.length > 0;
  const reasons: string[] = [];
  if (onFindings)
    reasons.push(
      `The secret audit found ${report.findings.length} finding(s), the highest '${top ?? ''}', at or above fail-on '${config.failOn}'.`,
    );
  // Fail closed: what could not be read may hold exactly the findings the audit is for.
  if (partial && !config.allowPartial)
    reasons.push(
      `The secret audit is partial, not clean: ${report.partial.length} scope(s) could not be read completely (${report.partial.join('; ')}). Fix the access, or set 'allow-partial: true' to accept a partial result.`,
    );
  return {
    report,
    feed,
    ...(events ? { events } : {}),
    requests,
    findingsFile,
    sarifFile,
    highest: top,
    partial,
    failed: reasons.length > 0,
    failure: reasons.join(' '),
  };
}
