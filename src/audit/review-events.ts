/**
 * One review of GitHub's audit log: read what is new since the watermark (API or streamed export),
 * fold it into the remembered state with a compare-and-swap, and hand back the findings and the
 * reads this run must send to the audit sinks (then confirm them, so no run sends them again).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { minimatch } from 'minimatch';
import type { LedgerEntry } from '../core/audit-sinks.js';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import type { GitHubClient } from '../core/github.js';
import { type AuditState, emptyState, loadState, type StateLocation, updateState } from './audit-state.js';
import type { Reader } from './fetch.js';
import {
  type AuditDocument,
  AuditLogUnavailable,
  type Collected,
  type QueryCursor,
  READ_ACTION,
  readApi,
  readExport,
  readsOf,
  changeOf,
  type SecretRead,
} from './github-audit-log.js';
import { shardOf } from './inventory.js';
import type { AuditRecord } from '../core/audit.js';
import {
  foldEvents,
  lookupRefFacts,
  OVERLAP_MS,
  readRecord,
  parseReadersPolicy,
  type ReaderRule,
  unknownPolicySecrets,
} from './reads.js';
import type { EventFacts, Finding, Inventory } from './types.js';

export interface EventReview {
  readonly findings: readonly Finding[];
  readonly warnings: readonly string[];
  readonly partial: readonly string[];
  /** Reads this run must write to the audit sinks, each once (then `confirm`). */
  readonly reads: readonly SecretRead[];
  /** The same reads as `secret.read` audit records (stable ids). */
  readonly records: readonly AuditRecord[];
  /** Records in the state that the claimed reads reached the sinks. */
  confirm(): Promise<void>;
  /** For the summary: what was read and how far. */
  readonly notes: readonly string[];
  /**
   * The audit state remembers event findings until their cause is gone: a finding missing from
   * `findings` is resolved. Without a state, a missing finding may only have aged out of GitHub's window.
   */
  readonly remembered: boolean;
  /**
   * Since when the state has been reading the audit log (its first run): it can only remember
   * events from then on, so an older event's issue closes only on evidence its cause is gone.
   */
  readonly rememberedSince?: string;
  /** Each event finding's facts (when it happened, the secret, the reader), by fingerprint. */
  readonly facts: Readonly<Record<string, EventFacts>>;
  /** Sharded: the readers policy's names this shard's inventory does not hold. */
  readonly unknownReaders?: readonly string[];
}

function factsOf(open: AuditState['open']): Record<string, EventFacts> {
  return Object.fromEntries(Object.entries(open).map(([fp, { finding: _finding, ...facts }]) => [fp, facts]));
}

export interface EventOptions {
  readonly org: string;
  readonly now: Date;
  readonly useApi: boolean;
  readonly exportFiles: readonly string[];
  readonly state?: StateLocation;
  readonly readersPolicy?: string;
  readonly unreadDays?: number;
  readonly allowedWriters: readonly string[];
  readonly ledger?: readonly LedgerEntry[];
  /** Longest `retry-after` waited for; longer stops the read until the next run. */
  readonly maxWaitSeconds?: number;
  /**
   * A shard of the organization: every shard reads the audit log and keeps the events of its own
   * repositories (organization-level events: shard 1), each shard with its own audit state.
   */
  readonly shard?: { readonly index: number; readonly count: number };
}

/** Does this shard handle the event: its repository's shard, or shard 1 for organization-level events? */
export function shardOwns(shard: { readonly index: number; readonly count: number }, org: string) {
  return (d: AuditDocument): boolean => {
    const repository = readsOf(d)[0]?.repository ?? changeOf(d, org)?.repository;
    return repository ? shardOf(repository, shard.count) === shard.index : shard.index === 1;
  };
}

/** Exact (case-insensitive) or glob match on actor logins, as allowed-writers is matched elsewhere. */
function allowedBy(patterns: readonly string[]): (ids: readonly string[]) => boolean {
  return (ids) =>
    patterns.some((p) =>
      ids.some((id) => id !== '' && (id.toLowerCase() === p.toLowerCase() || minimatch(id, p, { nocase: true }))),
    );
}

async function readersRules(
  path: string | undefined,
  inv: Inventory,
  warnings: string[],
  sharded: boolean,
): Promise<{ rules?: ReaderRule[]; unknown: string[] }> {
  if (!path) return { unknown: [] };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`Input 'readers-policy': ${path} cannot be read (${errorMessage(error)}).`);
  }
  let rules: ReaderRule[];
  try {
    rules = parseReadersPolicy(text);
  } catch (error) {
    throw new ConfigurationError(`Input 'readers-policy': ${path}: ${errorMessage(error)}.`);
  }
  const unknown = unknownPolicySecrets(rules, inv);
  // A misspelt name would leave the real secret unchecked: fail, unless the inventory is partial.
  // A shard holds only its repositories' secrets: the others' names are not misspelt there.
  if (unknown.length > 0 && !sharded && inv.partial.length > 0) {
    warnings.push(
      `Input 'readers-policy': ${path} names secret(s) the audit did not find: ${unknown.join(', ')} (the inventory is partial, so they may only be unread; otherwise fix the names).`,
    );
  } else if (unknown.length > 0 && !sharded) {
    throw new ConfigurationError(
      `Input 'readers-policy': ${path} names secret(s) no audited scope holds: ${unknown.join(', ')}. Fix the name (secret names, or instance keys such as environment:owner/repo:production:NAME), or remove the entry.`,
    );
  }
  // A shard hands its unknown names on: the merge reports those no shard holds (report.ts).
  return { rules, unknown };
}

export async function readEvents(
  client: GitHubClient,
  reader: Reader,
  inv: Inventory,
  options: EventOptions,
): Promise<EventReview> {
  const warnings: string[] = [];
  const partial: string[] = [];
  const notes: string[] = [];
  const { rules, unknown: unknownReaders } = await readersRules(
    options.readersPolicy,
    inv,
    warnings,
    options.shard !== undefined,
  );
  const loaded = options.state ? await loadState(client, options.state) : { state: emptyState() };
  const start: AuditState = loaded.state;

  // What to read: the export when given (it holds everything the stream received), else the API.
  let collected: Collected | undefined;
  let complete: string[] = [];
  let resume: Record<string, QueryCursor> = {};
  const unread = (why: string): void => {
    partial.push(
      `${options.org}: audit log not read (${why}): secret reads (workflows.prepared_workflow_job), secret removals, Dependabot/Codespaces secret and variable changes are not reviewed`,
    );
    warnings.push(
      `The organization audit log of '${options.org}' could not be read (${why}). Not checked: which jobs GitHub handed secrets to (reads from untrusted triggers, unprotected refs, unlisted or new readers, unread secrets), and secret/variable changes and removals outside the ledger. Use a token of an organization owner with 'read:audit_log' (classic) or 'Administration: read' on GitHub Enterprise Cloud, or give 'audit-log-export' files from your audit-log stream.`,
    );
  };
  if (options.exportFiles.length > 0) {
    try {
      collected = await readExport(options.exportFiles);
    } catch (error) {
      throw new ConfigurationError(`Input 'audit-log-export': ${errorMessage(error)}.`);
    }
    complete = ['export'];
    notes.push(
      `Streamed export: ${collected.documents.length} event(s) read from ${options.exportFiles.length} file(s), ${collected.duplicates} duplicate(s) and ${collected.ignored} event(s) of other kinds skipped.`,
    );
  } else if (options.useApi) {
    const cursors: Record<string, QueryCursor> = {};
    for (const [q, c] of Object.entries(start.queries)) cursors[q] = { since: c.since, after: c.after };
    try {
      const api = await readApi(client, {
        org: options.org,
        cursors,
        maxWaitSeconds: options.maxWaitSeconds ?? 60,
      });
      collected = api;
      complete = [...api.complete];
      resume = { ...api.resume };
      notes.push(
        `Audit log API: ${api.documents.length} event(s) in ${api.queries} quer${api.queries === 1 ? 'y' : 'ies'}${api.stopped ? `; stopped early: ${api.stopped}` : ''}.`,
      );
      if (api.stopped) {
        partial.push(
          `${options.org}: audit log read in part: ${api.stopped}; ${Object.keys(api.resume).length} quer${Object.keys(api.resume).length === 1 ? 'y resumes' : 'ies resume'} from ${options.state ? 'the recorded cursor' : 'the start'} next run`,
        );
      }
    } catch (error) {
      if (!(error instanceof AuditLogUnavailable)) throw error;
      unread(
        error.status === 404
          ? `404 ${error.message}: the audit log API exists only on GitHub Enterprise Cloud`
          : `${error.status} ${error.message}: only organization owners can read it`,
      );
    }
  } else {
    unread(`'read-audit-log' is false and no 'audit-log-export' is given`);
  }
  if (collected && collected.rejected.length > 0) {
    const shown = collected.rejected.slice(0, 10).join('; ');
    warnings.push(
      `${collected.rejected.length} audit-log line(s) could not be used: ${shown}${collected.rejected.length > 10 ? '; ...' : ''}.`,
    );
    partial.push(`${options.org}: ${collected.rejected.length} audit-log line(s) unusable, events may be missing`);
  }

  const documents: readonly AuditDocument[] = collected?.documents ?? [];
  const owns = options.shard ? shardOwns(options.shard, options.org) : undefined;
  const facts = await lookupRefFacts(
    reader,
    documents.filter((d) => !owns || owns(d)).flatMap((d) => readsOf(d)),
  );
  warnings.push(...facts.warnings);
  const claim = randomUUID();
  const fold = (state: AuditState) =>
    foldEvents(state, documents, inv, facts, {
      now: options.now,
      allowedWriters: options.allowedWriters,
      isAllowed: allowedBy(options.allowedWriters),
      readers: rules,
      ledger: options.ledger,
      unusedDays: options.unreadDays && options.unreadDays > 0 ? options.unreadDays : undefined,
      claim,
      complete,
      resume,
      ...(owns ? { owns } : {}),
    });

  // Reads whose secret the inventory does not hold cannot be reviewed: say so, and when the inventory
  // was partial (the secret may be in what was not read), the audit is partial too.
  const reportUnreviewed = (unreviewed: readonly SecretRead[]): void => {
    if (unreviewed.length === 0) return;
    const names = [
      ...new Set(unreviewed.map((r) => `${r.secret} (${r.repository}${r.environment ? `, ${r.environment}` : ''})`)),
    ].sort();
    const text = `${unreviewed.length} secret read(s) name a secret the inventory does not hold, so they were logged but not reviewed: ${names.slice(0, 10).join(', ')}${names.length > 10 ? `, and ${names.length - 10} more` : ''}.`;
    if (inv.partial.length > 0) partial.push(`${options.org}: ${text}`);
    else warnings.push(`${text} (Secrets removed since they were read.)`);
  };

  if (!options.state) {
    const analysis = fold(start);
    reportUnreviewed(analysis.unreviewed);
    if (analysis.claimed.length > 0) {
      warnings.push(
        `${analysis.claimed.length} secret read(s) were found but not sent to the audit sinks: without 'audit-state' (or 'ledger') the audit has no watermark and would send them again on every run.`,
      );
    }
    return {
      findings: analysis.findings,
      warnings,
      partial,
      reads: [],
      records: [],
      confirm: async () => {},
      notes,
      remembered: false,
      facts: factsOf(analysis.state.open),
      ...(options.shard && options.readersPolicy ? { unknownReaders } : {}),
    };
  }
  const location = options.state;
  const { result } = await updateState(
    client,
    location,
    (state) => {
      const analysis = fold(state);
      // Nothing read and nothing changed (e.g. the audit log could not be read): no write needed.
      const unchanged =
        (collected === undefined && analysis.claimed.length === 0) ||
        JSON.stringify(analysis.state) === JSON.stringify(state);
      return { state: analysis.state, result: analysis, unchanged };
    },
    `audit-secrets: audit-log watermark and findings (${options.now.toISOString()})`,
  );
  if (!result) throw new Error('audit state update returned nothing');
  reportUnreviewed(result.unreviewed);
  if (result.resolved.length > 0) notes.push(`Resolved: ${result.resolved.join('; ')}.`);
  if (result.skippedBeforeWatermark > 0) {
    notes.push(
      `${result.skippedBeforeWatermark} event(s) older than the watermark (less its ${OVERLAP_MS / 86_400_000}-day overlap) were skipped as handled by an earlier run (an export delivered later than that is not read again).`,
    );
  }
  const reads = result.state.queries[options.exportFiles.length > 0 ? 'export' : READ_ACTION]?.through;
  notes.push(
    `${result.claimed.length} secret read(s) new since the watermark; secret reads read through ${reads ? new Date(reads).toISOString() : '(none yet)'}; audit state ${location.owner}/${location.repo}@${location.branch}:${location.path}.`,
  );
  return {
    findings: result.findings,
    warnings,
    partial,
    reads: result.claimed,
    records: result.claimed.map((r) => readRecord(inv, r)),
    notes,
    // A state created by this run (new, or deleted by hand) remembers nothing older yet: its first
    // run closes event issues only on evidence, like a run without a state; later runs remember only
    // what happened since it first read (a recreated state never saw the events before it).
    remembered: loaded.sha !== undefined,
    ...(loaded.sha !== undefined && start.since ? { rememberedSince: start.since } : {}),
    facts: factsOf(result.state.open),
    ...(options.shard && options.readersPolicy ? { unknownReaders } : {}),
    confirm: async () => {
      if (result.claimed.length === 0) return;
      await updateState(
        client,
        location,
        (state) =>
          state.pending.some((p) => p.claim === claim)
            ? { state: { ...state, pending: state.pending.filter((p) => p.claim !== claim) }, result: true }
            : undefined,
        `audit-secrets: ${result.claimed.length} secret read(s) recorded in the audit sinks`,
      );
    },
  };
}
