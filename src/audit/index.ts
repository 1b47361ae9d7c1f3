/**
 * The secret audit: read the inventory (repositories, environments, organization, rotation state,
 * ledger, organization audit log), turn it into findings, and hand back a report. The action and
 * the CLI call `runAudit`, then file issues, write SARIF and the summary from what it returns.
 */
import { readFile } from 'node:fs/promises';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { errorStatus, explainGitHubError, type GitHubClient } from '../core/github.js';
import { Reader } from './fetch.js';
import { analyse, dedupe } from './findings.js';
import { collectInventory } from './inventory.js';
import { checkLedger, type LedgerLocation, readLedger } from './ledger.js';
import { readTrustAnchors } from './trust-anchors.js';
import type { AuditReport, EventFacts, Finding } from './types.js';
import { causeGone } from './reads.js';
import { readEvents, type EventReview } from './review-events.js';

export { syncIssues, FEED_LABEL } from './issues.js';
export { toSarif } from './sarif.js';
export { mergeReports, parseShard, summarySections, countBySeverity } from './report.js';
export { parseLedgerLocation, checkLedger } from './ledger.js';
export type { AuditReport, Finding, Severity } from './types.js';
export { SEVERITIES, severityRank } from './types.js';

export interface AuditOptions {
  readonly organization?: string;
  readonly repositories?: readonly string[];
  readonly include?: readonly string[];
  readonly shard?: { readonly index: number; readonly count: number };
  readonly maxAgeDays: number;
  readonly allowedWriters: readonly string[];
  readonly ledger?: LedgerLocation;
  readonly trustPolicy?: string;
  readonly readAuditLog: boolean;
  /** A streamed audit-log export (JSON lines, gzip accepted), read instead of the API. */
  readonly auditLogExport?: readonly string[];
  /** Where the watermark and remembered findings live (audit-state.ts); none: nothing remembered. */
  readonly auditState?: import('./audit-state.js').StateLocation;
  readonly readersPolicy?: string;
  /** Report production secrets no job read for this many days (0/undefined: off). */
  readonly unreadDays?: number;
  /** A client for the audit-log API that does not wait out rate limits (the audit stops and resumes). */
  readonly auditLogClient?: GitHubClient;
  readonly concurrency: number;
  readonly now?: Date;
  /** When each repository was last read completely (the request cache's record): stalest first. */
  readonly lastRead?: ReadonlyMap<string, string>;
  /** With a request budget: may a repository be started (inventory.ts)? */
  readonly admit?: (readBefore: boolean, inFlight: number) => string | undefined;
}

export interface AuditRun {
  readonly report: AuditReport;
  /** Scopes audited completely: the defect feed may close issues only in these. */
  readonly auditedScopes: ReadonlySet<string>;
  readonly requests: number;
  /** GitHub's record of secret reads and changes, when it was read. */
  readonly events?: EventReview;
  /** Repositories read completely in this run. */
  readonly read: readonly string[];
  /**
   * Is the cause of an event finding gone, on this run's inventory and ledger (the secret written
   * since, the reader no longer naming it)? Why, or undefined when not shown. For issues of event
   * findings the audit state does not remember (issues.ts closes them only on this evidence).
   */
  readonly causeGone: (kind: string, facts: EventFacts) => string | undefined;
}

export async function runAudit(client: GitHubClient, options: AuditOptions): Promise<AuditRun> {
  const reader = new Reader(client, options.concurrency);
  const now = options.now ?? new Date();
  const warnings: string[] = [];
  const partial: string[] = [];

  let trustAnchors: Parameters<typeof analyse>[1]['trustAnchors'];
  if (options.trustPolicy) {
    let text: string;
    try {
      text = await readFile(options.trustPolicy, 'utf8');
    } catch (error) {
      throw new ConfigurationError(
        `Input 'trust-policy': ${options.trustPolicy} cannot be read (${errorMessage(error)}).`,
      );
    }
    try {
      trustAnchors = { file: options.trustPolicy, anchors: readTrustAnchors(text) };
    } catch (error) {
      throw new ConfigurationError(`Input 'trust-policy': ${options.trustPolicy}: ${errorMessage(error)}.`);
    }
  }

  const first = !options.shard || options.shard.index === 1;
  const [inventory, ledgerText] = await Promise.all([
    collectInventory(reader, {
      organization: options.organization,
      repositories: options.repositories,
      include: options.include,
      shard: options.shard,
      lastRead: options.lastRead,
      admit: options.admit,
    }).catch((error: unknown) => {
      throw explainGitHubError(error, `listing the repositories to audit`, 'metadata: read');
    }),
    options.ledger
      ? reader.pool
          .run(() => readLedger(client, options.ledger as LedgerLocation))
          .catch((error: unknown) => {
            const status = errorStatus(error);
            if (status === 403 || status === 401) {
              throw explainGitHubError(
                error,
                `reading the ledger ${options.ledger?.owner}/${options.ledger?.repo}`,
                'contents: read',
              );
            }
            throw error;
          })
      : Promise.resolve(undefined),
  ]);
  warnings.push(...inventory.warnings);
  partial.push(...inventory.partial);

  let ledger: Parameters<typeof analyse>[1]['ledger'];
  const ledgerName = options.ledger
    ? `${options.ledger.owner}/${options.ledger.repo}@${options.ledger.branch}:${options.ledger.path}`
    : '';
  if (options.ledger) {
    if (ledgerText === undefined) {
      partial.push(`the ledger ${ledgerName} does not exist: writes cannot be matched with ledger events`);
    } else {
      const check = checkLedger(ledgerText);
      // Tampering is reported once, by the first shard.
      ledger = { name: ledgerName, entries: check.entries, problems: first ? check.problems : [] };
    }
  }
  let events: EventReview | undefined;
  const org = inventory.organization;
  // Every shard reads the audit log and keeps its own repositories' events (review-events.ts).
  if (org && (options.readAuditLog || (options.auditLogExport ?? []).length > 0)) {
    events = await readEvents(options.auditLogClient ?? client, reader, inventory, {
      org,
      now,
      useApi: options.readAuditLog,
      exportFiles: options.auditLogExport ?? [],
      state: options.auditState,
      readersPolicy: options.readersPolicy,
      unreadDays: options.unreadDays,
      allowedWriters: options.allowedWriters,
      ledger: ledger?.entries,
      ...(options.shard ? { shard: options.shard } : {}),
    });
    warnings.push(...events.warnings);
    partial.push(...events.partial);
  }
  const analysis = analyse(inventory, {
    now,
    maxAgeDays: options.maxAgeDays,
    allowedWriters: options.allowedWriters,
    ledger,
    trustAnchors: first ? trustAnchors : undefined,
    crossRepository: !options.shard,
  });

  const partialRepos = new Set(partial.map((p) => p.split(':')[0] ?? ''));
  const auditedScopes = new Set<string>(
    inventory.repositories.map((r) => r.fullName).filter((r) => !partialRepos.has(r)),
  );
  // A run stopped by its budget has not seen every repository: nothing organization-wide is settled.
  if (inventory.organization && !partialRepos.has(inventory.organization) && !partialRepos.has('budget'))
    auditedScopes.add(inventory.organization);
  if (options.ledger && ledger) auditedScopes.add(`${options.ledger.owner}/${options.ledger.repo}`);
  if (trustAnchors) auditedScopes.add(trustAnchors.file);

  const report: AuditReport = {
    version: 1,
    generatedAt: now.toISOString(),
    shard: options.shard,
    organization: inventory.organization,
    repositories: inventory.repositories.map((r) => r.fullName),
    findings: dedupe([...analysis.findings, ...(events?.findings ?? [])] as Finding[]),
    warnings,
    partial,
    facts: {
      fingerprints: analysis.fingerprints,
      orgSecretUse: analysis.orgSecretUse,
      organizationSecrets: inventory.organizationSecrets,
      inventoryCounts: {
        secrets:
          inventory.repositories.reduce((n, r) => n + r.secrets.length, 0) + inventory.organizationSecrets.length,
        environments: inventory.repositories.reduce((n, r) => n + r.environments.length, 0),
        workflows: inventory.repositories.reduce((n, r) => n + r.workflows.length, 0),
      },
      ...(events
        ? {
            events: {
              remembered: events.remembered,
              ...(events.rememberedSince ? { rememberedSince: events.rememberedSince } : {}),
              facts: events.facts,
              ...(events.unknownReaders ? { unknownReaders: events.unknownReaders } : {}),
            },
          }
        : {}),
    },
  };
  const read = inventory.repositories.map((r) => r.fullName);
  const gone = (kind: string, facts: EventFacts): string | undefined =>
    causeGone(
      { ...facts, finding: { kind } },
      inventory,
      {
        now,
        allowedWriters: options.allowedWriters,
        isAllowed: () => false,
        ledger: ledger?.entries,
      },
      inventory.organization,
    );
  return { report, auditedScopes, requests: reader.requests, read, causeGone: gone, ...(events ? { events } : {}) };
}
