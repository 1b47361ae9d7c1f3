/**
 * Reviewing GitHub's record of secret reads and changes: which findings the audit-log events show,
 * how they are remembered (audit-state.ts) and when their cause is gone.
 */
import { createHash } from 'node:crypto';
import { minimatch } from 'minimatch';
import type { AuditRecord } from '../core/audit.js';
import { parse as parseYaml } from 'yaml';
import { errorMessage } from '../core/errors.js';
import { checkYamlNesting } from '../core/nesting.js';
import { errorStatus } from '../core/github.js';
import type { LedgerEntry } from '../core/audit-sinks.js';
import type { AuditState, StoredFinding } from './audit-state.js';
import type { Reader } from './fetch.js';
import { findingFingerprint } from './findings.js';
import {
  type AuditDocument,
  changeOf,
  documentTime,
  READ_ACTION,
  readsOf,
  type SecretChange,
  type SecretRead,
} from './github-audit-log.js';
import type { EventFacts, Finding, Inventory, RepositoryInventory, SecretRecord } from './types.js';
import { instanceKey } from './types.js';
import { UNTRUSTED_TRIGGERS } from './workflows.js';

/** Events seen within this window before a query's watermark are remembered by id (late arrivals). */
export const OVERLAP_MS = 2 * 86_400_000;
/** A claim not confirmed within this time was abandoned (the run died): the next run sends it. */
export const CLAIM_LEASE_MS = 60 * 60_000;

// ---------------------------------------------------------------------------------------------
// Readers policy

export interface ReaderRule {
  readonly key: string;
  readonly workflows: readonly string[];
  readonly refs: readonly string[];
  readonly environments: readonly string[];
}

/** Unbalanced brackets or braces: minimatch would take them literally, matching nothing intended. */
function globProblem(p: string): string | undefined {
  let square = 0;
  let curly = 0;
  for (const c of p) {
    if (c === '[') square++;
    else if (c === ']') square--;
    else if (c === '{') curly++;
    else if (c === '}') curly--;
    if (square < 0 || curly < 0) break;
  }
  if (square !== 0) return "has unbalanced '[' ']'";
  if (curly !== 0) return "has unbalanced '{' '}'";
  return undefined;
}

function patterns(value: unknown, where: string, check: (p: string) => string | undefined): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw new Error(`${where} must be a list of patterns`);
  return list.map((p, i) => {
    if (typeof p !== 'string' || p.trim() === '') throw new Error(`${where}[${i}] must be a non-empty string`);
    if (/\s/.test(p)) throw new Error(`${where}[${i}] '${p}' contains whitespace`);
    const problem = globProblem(p) ?? check(p);
    if (problem) throw new Error(`${where}[${i}] '${p}' ${problem}`);
    return p;
  });
}

/**
 * The readers policy: which workflows, refs and environments may read each secret.
 *
 *   secrets:
 *     DEPLOY_KEY:                                   # a name (any scope) or an instance key
 *       workflows: [acme/app/.github/workflows/deploy.yml]
 *       refs: [refs/heads/main, refs/tags/v*]
 *       environments: [production]
 */
export function parseReadersPolicy(text: string): ReaderRule[] {
  let doc: unknown;
  // Before the parser: a deeply nested document would overflow its stack ("nested too deeply").
  checkYamlNesting(text, 'The readers policy');
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new Error(`it is not YAML (${errorMessage(error)})`);
  }
  const secrets = (doc as { secrets?: unknown } | null)?.secrets;
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets))
    throw new Error(`it has no 'secrets:' mapping (secret name → workflows, refs, environments)`);
  const rules: ReaderRule[] = [];
  for (const [key, raw] of Object.entries(secrets as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new Error(`secrets.${key} must be a mapping with workflows, refs and/or environments`);
    const r = raw as Record<string, unknown>;
    for (const k of Object.keys(r))
      if (!['workflows', 'refs', 'environments'].includes(k))
        throw new Error(`secrets.${key}: unknown key '${k}' (known: workflows, refs, environments)`);
    const rule: ReaderRule = {
      key: key.includes(':') ? key : key.toUpperCase(),
      workflows: patterns(r.workflows, `secrets.${key}.workflows`, (p) =>
        /^[^/]+\/[^/]+\/.+/.test(p) ? undefined : "must be 'owner/repo/.github/workflows/file.yml' (globs allowed)",
      ),
      refs: patterns(r.refs, `secrets.${key}.refs`, (p) =>
        p.startsWith('refs/') || p === '*' || p === '**' ? undefined : "must start with 'refs/' (refs/heads/main)",
      ),
      environments: patterns(r.environments, `secrets.${key}.environments`, () => undefined),
    };
    if (rule.workflows.length + rule.refs.length + rule.environments.length === 0)
      throw new Error(`secrets.${key} allows nothing: list workflows, refs and/or environments`);
    rules.push(rule);
  }
  return rules;
}

/** Names in the policy that no audited secret has: a typo would silently disable its check. */
export function unknownPolicySecrets(rules: readonly ReaderRule[], inv: Inventory): string[] {
  const all = allSecrets(inv);
  const names = new Set(all.map((s) => s.name.toUpperCase()));
  const keys = new Set(all.map((s) => instanceKey(s)));
  return rules.map((r) => r.key).filter((k) => (k.includes(':') ? !keys.has(k) : !names.has(k)));
}

function allSecrets(inv: Inventory): SecretRecord[] {
  return [...inv.repositories.flatMap((r) => r.secrets), ...inv.organizationSecrets];
}

// ---------------------------------------------------------------------------------------------
// Facts looked up for reads (before the pure analysis)

export interface RefFacts {
  /** `repo@ref` → protected (true), not (false), unknown (undefined, e.g. the branch is gone). */
  readonly protectedRefs: ReadonlyMap<string, boolean | undefined>;
  /**
   * `repo#runId` → the run's event, whether its head repository is a fork, and its latest attempt
   * (`run_attempt`; 1 means every job of the run ran in attempt 1).
   */
  readonly runs: ReadonlyMap<string, { event?: string; fork?: boolean; attempts?: number }>;
  readonly warnings: readonly string[];
}

/**
 * Triggers whose run may come from a fork (its head commit in another repository): the
 * `pull_request` family. https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request
 * ("Workflows in forked repositories" / "pull request events for forked repositories").
 */
const FORK_EVENTS: ReadonlySet<string> = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

/**
 * Branch protection of each (repository, ref) a production secret was read on, and the trigger and
 * fork of runs the audit-log record does not settle (`GET .../actions/runs/{run_id}`, once a run).
 */
export async function lookupRefFacts(reader: Reader, reads: readonly SecretRead[]): Promise<RefFacts> {
  const protectedRefs = new Map<string, boolean | undefined>();
  const runs = new Map<string, { event?: string; fork?: boolean; attempts?: number }>();
  const warnings: string[] = [];
  const tasks: Promise<void>[] = [];
  for (const r of reads) {
    const refKey = `${r.repository}@${r.ref}`;
    if (!protectedRefs.has(refKey)) {
      protectedRefs.set(refKey, undefined);
      const [owner = '', repo = ''] = r.repository.split('/');
      if (r.ref.startsWith('refs/heads/')) {
        const branch = r.ref.slice('refs/heads/'.length);
        tasks.push(
          reader
            .maybe<{ protected?: boolean }>('GET /repos/{owner}/{repo}/branches/{branch}', { owner, repo, branch })
            .then((b) => {
              protectedRefs.set(refKey, b ? b.protected === true : undefined);
            })
            .catch((error: unknown) => {
              warnings.push(
                `Branch protection of ${refKey} could not be read (${errorMessage(error)}): treated as unprotected.`,
              );
            }),
        );
      } else protectedRefs.set(refKey, false);
    }
    const runKey = `${r.repository}#${r.runId ?? ''}`;
    // The audit-log record names the trigger (`event`) at best, never whether the head commit came
    // from a fork: the run says both (`event`, and `head_repository`, the fork's own repository, in
    // the `workflow-run` schema). Asked once per run, when the trigger is unknown or may be a fork.
    // GitHub's record carries no attempt either; a run never re-run tells it (attempt 1).
    const unknown =
      r.event === undefined || r.runAttempt === undefined || (r.fork === undefined && FORK_EVENTS.has(r.event));
    if (unknown && r.runId !== undefined && !runs.has(runKey)) {
      runs.set(runKey, {});
      const [owner = '', repo = ''] = r.repository.split('/');
      tasks.push(
        reader
          .get<{
            event?: string;
            run_attempt?: number;
            head_repository?: { full_name?: string } | null;
            repository?: { full_name?: string };
          }>('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner, repo, run_id: r.runId })
          .then((run) => {
            // A fork is another repository than the run's own: compared by name, not by the head
            // repository's `fork` flag (a repository that is itself a fork runs its own pushes too).
            const head = run.head_repository?.full_name;
            const base = run.repository?.full_name ?? r.repository;
            runs.set(runKey, {
              event: run.event,
              ...(head ? { fork: head.toLowerCase() !== base.toLowerCase() } : {}),
              ...(typeof run.run_attempt === 'number' ? { attempts: run.run_attempt } : {}),
            });
          })
          .catch((error: unknown) => {
            if (errorStatus(error) !== 404) throw error;
            warnings.push(
              `Run ${r.runId} of ${r.repository} no longer exists: the trigger of its jobs' secret reads is unknown.`,
            );
          }),
      );
    }
  }
  await Promise.all(tasks);
  return { protectedRefs, runs, warnings };
}

// ---------------------------------------------------------------------------------------------
// The analysis

export interface ReadAnalysisOptions {
  readonly now: Date;
  readonly allowedWriters: readonly string[];
  readonly isAllowed: (identities: readonly string[]) => boolean;
  readonly readers?: readonly ReaderRule[];
  /** Ledger events (a removal or write logged there is not "unlogged"). */
  readonly ledger?: readonly LedgerEntry[];
  readonly toleranceMinutes?: number;
  /** A production secret nobody read for this many days is reported (when the audit has looked that long). */
  readonly unusedDays?: number;
}

/** The secret instance a job read: environment secret first, then repository, then organization. */
export function resolveRead(inv: Inventory, r: SecretRead): SecretRecord | undefined {
  const repo = inv.repositories.find((x) => x.fullName.toLowerCase() === r.repository.toLowerCase());
  const named = (s: SecretRecord): boolean => s.name.toUpperCase() === r.secret;
  if (repo) {
    const env = r.environment
      ? repo.secrets.find((s) => s.scope === 'environment' && s.environment === r.environment && named(s))
      : undefined;
    if (env) return env;
    const own = repo.secrets.find((s) => s.scope === 'repository' && named(s));
    if (own) return own;
  }
  return inv.organizationSecrets.find(named);
}

const production = (s: SecretRecord): boolean => s.scope === 'environment' || s.scope === 'organization';

function describeSecret(s: SecretRecord): string {
  return s.scope === 'environment'
    ? `environment secret ${s.name} of ${s.owner} (environment '${s.environment ?? ''}')`
    : `${s.scope} secret ${s.name} of ${s.owner}`;
}

function readEvidence(r: SecretRead): string {
  return `${r.time}: job '${r.job}' of ${r.workflowRef}${r.jobWorkflowRef ? ` (via ${r.jobWorkflowRef})` : ''} run ${r.runId ?? '?'} attempt ${r.runAttempt ?? '?'}, event ${r.event ?? 'unknown'}, actor ${r.actor}${r.environment ? `, environment '${r.environment}'` : ''} (audit-log document ${r.documentId}).`;
}

function stored(f: Omit<Finding, 'fingerprint'>, extra: Omit<StoredFinding, 'finding'>): StoredFinding {
  return { finding: { fingerprint: findingFingerprint(f.kind, f.scope, f.subject), ...f }, ...extra };
}

function ruleFor(rules: readonly ReaderRule[], s: SecretRecord): ReaderRule | undefined {
  return rules.find((r) => r.key === instanceKey(s)) ?? rules.find((r) => r.key === s.name.toUpperCase());
}

const matchAny = (list: readonly string[], value: string | undefined): boolean =>
  value !== undefined && list.some((p) => value === p || minimatch(value, p, { nocase: false, dot: true }));

/** Findings one read shows (each about the secret, the reader and the reason: the same on every run). */
export function readFindings(
  inv: Inventory,
  r: SecretRead,
  s: SecretRecord,
  facts: RefFacts,
  opts: ReadAnalysisOptions,
): StoredFinding[] {
  const out: StoredFinding[] = [];
  const key = instanceKey(s);
  const scope = s.owner;
  const base = { since: r.time, secret: key, reader: r.workflow, secretName: s.name };
  const run = facts.runs.get(`${r.repository}#${r.runId ?? ''}`);
  const event = r.event ?? run?.event;
  const fork = r.fork ?? run?.fork;
  if (production(s)) {
    const untrusted = event !== undefined && (UNTRUSTED_TRIGGERS as readonly string[]).includes(event);
    if (untrusted || fork === true) {
      const why = fork === true ? 'fork' : (event ?? '');
      out.push(
        stored(
          {
            kind: 'secret-read-untrusted-trigger',
            severity: 'critical',
            title: `${s.name} was handed to a ${fork === true ? 'run from a fork' : `${event ?? ''} run`} of ${r.workflow}`,
            scope,
            subject: `${key}<-${r.workflow}:${why}`,
            evidence: [
              `GitHub's audit log records that it passed ${describeSecret(s)} to a job started by ${fork === true ? 'a fork' : `'${event ?? ''}'`}:`,
              readEvidence(r),
            ],
            rootCause: `${event ?? 'This'} runs act on events an outside contributor can cause, in the base repository's context with its secrets; a production secret there can be read by the contribution.`,
            remediation: `Remove ${s.name} from ${r.workflow} (or gate the job behind an environment with required reviewers), then rotate ${s.name}: it may have been read.`,
            file: r.workflow.split('/').slice(2).join('/'),
          },
          base,
        ),
      );
    }
    const isProtected = facts.protectedRefs.get(`${r.repository}@${r.ref}`);
    if (isProtected !== true) {
      out.push(
        stored(
          {
            kind: 'secret-read-unprotected-ref',
            severity: 'high',
            title: `${s.name} was read by a job on ${r.ref || 'an unknown ref'}, which is not a protected branch`,
            scope,
            subject: `${key}<-${r.workflow}@${r.ref}`,
            evidence: [
              `${describeSecret(s)} was passed to a job running on ${r.ref || 'an unknown ref'} of ${r.repository}, ${isProtected === false ? 'which has no branch protection' : 'whose protection could not be shown (the branch is gone or unreadable)'}:`,
              readEvidence(r),
            ],
            rootCause:
              'Anyone who can push to an unprotected branch can change the workflow that runs there and read the secrets it is given.',
            remediation: `Restrict the environment's deployment branches (or the workflow's triggers) to protected branches, protect ${r.ref}, and rotate ${s.name}.`,
          },
          base,
        ),
      );
    }
  }
  const rule = opts.readers ? ruleFor(opts.readers, s) : undefined;
  if (rule) {
    const problems: string[] = [];
    if (rule.workflows.length > 0 && !matchAny(rule.workflows, r.workflow))
      problems.push(`workflow ${r.workflow} is not one of ${rule.workflows.join(', ')}`);
    if (rule.refs.length > 0 && !matchAny(rule.refs, r.ref))
      problems.push(`ref ${r.ref} is not one of ${rule.refs.join(', ')}`);
    if (rule.environments.length > 0 && !matchAny(rule.environments, r.environment))
      problems.push(`environment '${r.environment ?? '(none)'}' is not one of ${rule.environments.join(', ')}`);
    if (problems.length > 0) {
      out.push(
        stored(
          {
            kind: 'secret-read-unlisted-reader',
            severity: 'high',
            title: `${s.name} was read by ${r.workflow}, which its readers policy does not allow`,
            scope,
            subject: `${key}<-${r.workflow}`,
            evidence: [`${describeSecret(s)}: ${problems.join('; ')}.`, readEvidence(r)],
            rootCause: 'A workflow outside the declared readers references the secret (or runs where it should not).',
            remediation: `Remove ${s.name} from ${r.workflow}, or add it to the readers policy after review; rotate ${s.name} if the read was not expected.`,
          },
          base,
        ),
      );
    }
  }
  return out;
}

function changeOwner(c: SecretChange, org: string | undefined): string {
  return c.repository ?? c.organization ?? org ?? '';
}

function changeInstance(c: SecretChange, org: string | undefined): string | undefined {
  if (!c.name || c.kind !== 'secret') return undefined;
  const scope = c.scope === 'dependabot-or-codespaces' ? 'dependabot' : c.scope;
  if (scope === 'codespaces') return `codespaces:${changeOwner(c, org)}:${c.name}`;
  return instanceKey({ owner: changeOwner(c, org), scope, name: c.name, environment: c.environment });
}

function describeChange(c: SecretChange, org: string | undefined): string {
  const what =
    c.scope === 'dependabot-or-codespaces'
      ? `Dependabot or Codespaces ${c.kind}`
      : c.scope === 'dependabot'
        ? `Dependabot ${c.kind}`
        : c.scope === 'codespaces'
          ? `Codespaces ${c.kind}`
          : `${c.scope} ${c.kind}`;
  return `${c.action} by ${c.actor} at ${c.time}: ${what} ${c.name ?? '(unnamed)'} of ${changeOwner(c, org)}${c.environment ? ` (environment '${c.environment}')` : ''}${c.visibility ? `, visibility ${c.visibility}` : ''} (audit-log document ${c.id})`;
}

/** Ledger events that record a secret change at a location (name and scope). */
function ledgerLogged(
  c: SecretChange,
  ledger: readonly LedgerEntry[],
  toleranceMs: number,
  org: string | undefined,
): boolean {
  const t = Date.parse(c.time);
  const owner = changeOwner(c, org).toLowerCase();
  return ledger.some(({ event }) => {
    // A change the suite made (never a `secret.read`, which the audit itself writes to the ledger).
    if (event.outcome !== 'success' || !/^secret\.(write|delete|remove|rotate\.)/.test(event.action)) return false;
    const target = event.target;
    if ((target.name ?? '').toUpperCase() !== c.name) return false;
    const where = (target.repository ?? event.repository).toLowerCase();
    const sameOwner = c.scope === 'organization' ? where.split('/')[0] === owner : where === owner;
    if (!sameOwner) return false;
    if (c.environment && target.environment !== c.environment) return false;
    const et = Date.parse(event.time);
    return Math.abs(et - t) <= toleranceMs;
  });
}

/** Findings one change shows: written by someone not allowed, or removed without a ledger event. */
export function changeFindings(c: SecretChange, org: string | undefined, opts: ReadAnalysisOptions): StoredFinding[] {
  const out: StoredFinding[] = [];
  const owner = changeOwner(c, org);
  const instance = changeInstance(c, org);
  const base = {
    since: c.time,
    ...(instance ? { secret: instance } : {}),
    ...(c.name ? { secretName: c.name } : {}),
    ...(c.operation === 'remove' ? { removal: true } : {}),
  };
  if (opts.allowedWriters.length > 0 && !opts.isAllowed([c.actor])) {
    out.push(
      stored(
        {
          kind: 'unauthorized-write',
          severity: c.kind === 'secret' ? 'high' : 'medium',
          title: `${c.name ?? `A ${c.kind}`} was ${c.operation === 'remove' ? 'removed' : c.operation === 'create' ? 'created' : 'changed'} by ${c.actor}, not an allowed rotation workflow`,
          scope: owner,
          subject: `audit-log:${c.action}:${owner}:${c.environment ?? ''}:${c.name ?? ''}:${c.actor}:${c.time}`,
          evidence: [
            `Organization audit log: ${describeChange(c, org)}.`,
            `Allowed writers: ${opts.allowedWriters.join(', ')}.`,
          ],
          rootCause: 'A person or app with admin access changed the secret outside the logged rotation process.',
          remediation:
            'Confirm the change with the actor; rotate the secret through rotate-secret, and reduce who can administer secrets.',
        },
        base,
      ),
    );
  }
  if (c.kind === 'secret' && c.operation === 'remove' && opts.ledger !== undefined) {
    const tolerance = (opts.toleranceMinutes ?? 10) * 60_000;
    if (!ledgerLogged(c, opts.ledger, tolerance, org)) {
      out.push(
        stored(
          {
            kind: 'unlogged-removal',
            severity: 'high',
            title: `${c.name ?? 'A secret'} was removed without a ledger event`,
            scope: owner,
            subject: `removed:${instance ?? owner}:${c.id}`,
            evidence: [
              `Organization audit log: ${describeChange(c, org)}.`,
              'The ledger has no event for this removal.',
            ],
            rootCause:
              'Someone deleted the secret directly (web UI, gh CLI, API) instead of through the logged process; a deletion can break a deployment or hide a compromised value.',
            remediation: `Ask ${c.actor} why ${c.name ?? 'the secret'} was removed; revoke the credential it held; record the removal through the logged process.`,
          },
          base,
        ),
      );
    }
  }
  return out;
}

/** Is the cause of a stored finding gone: the secret rotated or removed since, or the reader no longer reads it? */
export function causeGone(
  f: EventFacts & { readonly finding: { readonly kind: string } },
  inv: Inventory,
  opts: ReadAnalysisOptions,
  org: string | undefined,
): string | undefined {
  const since = Date.parse(f.since);
  const tolerance = (opts.toleranceMinutes ?? 10) * 60_000;
  const secret = f.secret ? allSecrets(inv).find((s) => instanceKey(s) === f.secret) : undefined;
  const repoOf = (name: string): RepositoryInventory | undefined =>
    inv.repositories.find((r) => r.fullName.toLowerCase() === name.toLowerCase());
  const ownerRepo = f.secret?.split(':')[1];
  const complete =
    f.secret?.startsWith('organization:') === true
      ? inv.partial.length === 0 || !inv.partial.some((p) => p.startsWith(`${org ?? ''}:`))
      : ownerRepo !== undefined && repoOf(ownerRepo) !== undefined && (repoOf(ownerRepo)?.partial.length ?? 1) === 0;
  const kind = f.finding.kind;
  if (kind === 'unlogged-removal') {
    // Gone once a value is set again through the logged process after the removal.
    const back = (opts.ledger ?? []).some(
      ({ event }) =>
        event.outcome === 'success' &&
        /^secret\.(write|rotate\.)/.test(event.action) &&
        (event.target.name ?? '').toUpperCase() === f.secretName &&
        Date.parse(event.time) > since,
    );
    return back ? 'the secret was set again through the logged process' : undefined;
  }
  if (secret && Date.parse(secret.updatedAt) > since + tolerance)
    return `the secret was written again on ${secret.updatedAt}`;
  // A removal's secret is meant to be gone: its absence is the event, not the fix.
  if (!secret && complete && f.secret && !f.removal) return 'the secret no longer exists';
  if (f.reader && kind.startsWith('secret-read-')) {
    const [owner = '', name = '', ...rest] = f.reader.split('/');
    const repo = repoOf(`${owner}/${name}`);
    if (repo && repo.partial.length === 0) {
      const wf = repo.workflows.find((w) => w.path === rest.join('/'));
      // Closed only on evidence: the workflow is on the default branch, read completely, and names
      // the secret nowhere. A workflow that is not there (it may live on another branch) or did not
      // parse, or that hands secrets on wholesale (`secrets: inherit`, `toJSON(secrets)`,
      // `secrets[...]`), may still read it: the finding stays open.
      if (wf && wf.parseError === undefined && !wf.secretsWholesale) {
        const stillReads = wf.jobs.some((j) => j.secrets.some((x) => x.name.toUpperCase() === f.secretName));
        if (!stillReads) return `${f.reader} no longer references ${f.secretName ?? 'the secret'}`;
      }
    }
  }
  return undefined;
}

export interface EventAnalysis {
  readonly state: AuditState;
  /** Reads this run claims for the sinks (new since the watermark, or an abandoned claim). */
  readonly claimed: readonly SecretRead[];
  readonly findings: readonly Finding[];
  /** Findings closed because their cause is gone, with why (for the summary). */
  readonly resolved: readonly string[];
  /** Reads whose secret is not in the inventory: sent to the sinks, but not reviewed. */
  readonly unreviewed: readonly SecretRead[];
  /**
   * Events older than their query's watermark (less the overlap window) and not remembered by id:
   * taken as handled by an earlier run and skipped. A late-delivered export event lands here too.
   */
  readonly skippedBeforeWatermark: number;
}

/**
 * Folds newly read documents into the state: dedup by `_document_id`, record readers, turn reads
 * and changes into findings kept until their cause is gone, advance each complete query's
 * watermark, claim the new reads. Pure: the CAS loop may run it again on a newer state.
 */
export function foldEvents(
  state: AuditState,
  documents: readonly AuditDocument[],
  inv: Inventory,
  facts: RefFacts,
  opts: ReadAnalysisOptions & {
    readonly claim: string;
    /** Queries read completely this run, with their watermark key (`export` for a streamed export). */
    readonly complete: readonly string[];
    readonly resume: Readonly<Record<string, { since?: string; after?: string }>>;
    /**
     * A shard's part of the events (its repositories'; organization-level ones to shard 1). Every
     * document still moves its query's watermark: the other shards handle the rest.
     */
    readonly owns?: (d: AuditDocument) => boolean;
  },
): EventAnalysis {
  const now = opts.now.getTime();
  const org = inv.organization;
  const seen: Record<string, number> = { ...state.seen };
  const readers: Record<string, Record<string, { first: string; last: string }>> = Object.fromEntries(
    Object.entries(state.readers).map(([k, v]) => [k, { ...v }]),
  );
  const open: Record<string, StoredFinding> = { ...state.open };
  const claimed: SecretRead[] = [];
  const unreviewed: SecretRead[] = [];
  const newReaders: { read: SecretRead; secret: SecretRecord }[] = [];
  const queries: Record<string, { since?: string; after?: string; through?: number }> = { ...state.queries };
  const newest: Record<string, number> = {};
  let skippedBeforeWatermark = 0;
  // A new reader needs a baseline: an earlier run that read the reads completely (to a watermark).
  // A run a rate limit stopped half-way has seen only some readers: the rest are not new.
  const baseline = (state.queries[READ_ACTION]?.through ?? state.queries.export?.through) !== undefined;

  for (const d of documents) {
    const id = String(d._document_id);
    const t = documentTime(d) ?? 0;
    const action = String(d.action);
    newest[action] = Math.max(newest[action] ?? 0, t);
    if (opts.owns && !opts.owns(d)) continue;
    if (seen[id] !== undefined) continue;
    const q = queries[action] ?? queries.export;
    if (q?.through !== undefined && t < q.through - OVERLAP_MS) {
      skippedBeforeWatermark++; // handled before the overlap window (or delivered too late to tell)
      continue;
    }
    seen[id] = t;
    for (const raw of readsOf(d)) {
      const run = facts.runs.get(`${raw.repository}#${raw.runId ?? ''}`);
      const event = raw.event ?? run?.event;
      const fork = raw.fork ?? run?.fork;
      // A run never re-run ran every job in attempt 1; a re-run one leaves the attempt unknown.
      const runAttempt = raw.runAttempt ?? (run?.attempts === 1 ? 1 : undefined);
      const r: SecretRead = {
        ...raw,
        ...(event ? { event } : {}),
        ...(fork !== undefined ? { fork } : {}),
        ...(runAttempt !== undefined ? { runAttempt } : {}),
      };
      claimed.push(r);
      const s = resolveRead(inv, r);
      if (!s) {
        // Never dropped in silence: the caller reports it (and the audit is partial when the
        // inventory that should have named the secret was).
        unreviewed.push(r);
        continue;
      }
      const key = instanceKey(s);
      const known = readers[key] ?? {};
      if (!known[r.workflow]) {
        if (baseline && Object.keys(known).length > 0) newReaders.push({ read: r, secret: s });
        known[r.workflow] = { first: r.time, last: r.time };
      } else {
        const k = known[r.workflow] ?? { first: r.time, last: r.time };
        known[r.workflow] = { first: k.first < r.time ? k.first : r.time, last: k.last > r.time ? k.last : r.time };
      }
      readers[key] = known;
      for (const f of readFindings(inv, r, s, facts, opts)) open[f.finding.fingerprint] ??= f;
    }
    const c = changeOf(d, org);
    if (c) for (const f of changeFindings(c, org, opts)) open[f.finding.fingerprint] ??= f;
  }
  for (const { read: r, secret: s } of newReaders) {
    const key = instanceKey(s);
    const f = stored(
      {
        kind: 'secret-read-new-reader',
        severity: 'medium',
        title: `${s.name} was read by ${r.workflow} for the first time`,
        scope: s.owner,
        subject: `${key}<-${r.workflow}:new`,
        evidence: [
          `Until ${r.time}, ${describeSecret(s)} was read only by: ${Object.entries(readers[key] ?? {})
            .filter(([w]) => w !== r.workflow)
            .map(([w]) => w)
            .sort()
            .join(', ')}.`,
          readEvidence(r),
        ],
        rootCause: 'A workflow started using the secret: expected after a reviewed change, suspicious otherwise.',
        remediation: `Confirm the change that made ${r.workflow} use ${s.name} was reviewed; close this issue once it is, or remove the reference and rotate ${s.name}.`,
      },
      { since: r.time, secret: key, reader: r.workflow, secretName: s.name },
    );
    open[f.finding.fingerprint] ??= f;
  }

  // Watermarks: a complete query advances to its newest event; a stopped one keeps its own and its cursor.
  for (const q of opts.complete) {
    const through = Math.max(
      queries[q]?.through ?? 0,
      newest[q] ?? 0,
      ...(q === 'export' ? Object.values(newest) : []),
    );
    queries[q] = through > 0 ? { through, since: new Date(through - OVERLAP_MS).toISOString().slice(0, 10) } : {};
  }
  for (const [q, cursor] of Object.entries(opts.resume))
    queries[q] = { ...queries[q], ...(cursor.after ? { after: cursor.after } : {}) };
  // Forget ids older than every watermark's overlap window.
  // A document older than its query's watermark minus the overlap is skipped before `seen` is
  // asked, so ids below the lowest watermark's window can go (a query with no watermark yet has
  // no document in `seen`).
  const marks = Object.values(queries)
    .map((q) => q.through)
    .filter((t): t is number => t !== undefined && t > 0);
  const floor = marks.length > 0 ? Math.min(...marks) : 0;
  for (const [id, t] of Object.entries(seen)) if (floor > 0 && t < floor - OVERLAP_MS) delete seen[id];

  // Abandoned claims (their run died before confirming) are sent again by this run.
  const pending = state.pending.filter((p) => now - Date.parse(p.at) <= CLAIM_LEASE_MS);
  for (const p of state.pending) if (now - Date.parse(p.at) > CLAIM_LEASE_MS) claimed.unshift(...p.reads);
  if (claimed.length > 0) pending.push({ claim: opts.claim, at: opts.now.toISOString(), reads: claimed });

  // Unread production secrets, once the audit has looked back far enough.
  if (opts.unusedDays !== undefined) {
    const horizon = now - opts.unusedDays * 86_400_000;
    const lookedSince = state.since ? Date.parse(state.since) : now;
    if (lookedSince <= horizon) {
      // A shard sees only its repositories' reads: an organization secret read elsewhere is not unread.
      for (const s of allSecrets(inv).filter((x) => production(x) && !(opts.owns && x.scope === 'organization'))) {
        const key = instanceKey(s);
        const last = Object.values(readers[key] ?? {}).reduce((m, x) => (x.last > m ? x.last : m), '');
        if (last !== '' && Date.parse(last) >= horizon) continue;
        const f = stored(
          {
            kind: 'unread-secret',
            severity: 'low',
            title: `${s.name} was not read by any job for ${opts.unusedDays} days`,
            scope: s.owner,
            subject: `${key}:unread`,
            evidence: [
              `GitHub's audit log shows no job given ${describeSecret(s)} since ${last || `the audit started reading it (${state.since ?? ''})`}.`,
            ],
            rootCause: 'The secret outlived its use; an unused credential only widens exposure.',
            remediation: `Delete ${s.name} and revoke the credential it holds, or confirm it is used outside GitHub Actions.`,
          },
          { since: opts.now.toISOString(), secret: key, secretName: s.name },
        );
        open[f.finding.fingerprint] ??= f;
      }
    }
  }

  const resolved: string[] = [];
  for (const [fp, f] of Object.entries(open)) {
    const why =
      f.finding.kind === 'unread-secret'
        ? Object.values(readers[f.secret ?? ''] ?? {}).some((x) => Date.parse(x.last) > Date.parse(f.since))
          ? 'it was read since'
          : undefined
        : causeGone(f, inv, opts, org);
    if (why) {
      resolved.push(`${f.finding.title}: ${why}`);
      delete open[fp];
    }
  }
  const next: AuditState = {
    version: 1,
    queries,
    seen,
    pending,
    readers,
    open,
    since: state.since ?? opts.now.toISOString(),
  };
  return {
    state: next,
    claimed,
    findings: Object.values(open).map((f) => f.finding),
    resolved,
    unreviewed,
    skippedBeforeWatermark,
  };
}

/** A stable UUID-shaped id for a read: the same (job, secret) is the same event in every sink. */
export function readEventId(r: SecretRead): string {
  const h = createHash('sha256').update(`github-audit-log\n${r.id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The `secret.read` audit event for one (job, secret) GitHub recorded: names only, never a value. */
export function readRecord(inv: Inventory, r: SecretRead): AuditRecord {
  const s = resolveRead(inv, r);
  return {
    id: readEventId(r),
    action: 'secret.read',
    target: {
      scope: s?.scope ?? 'repository',
      name: r.secret,
      repository: s ? s.owner : r.repository,
      ...(s?.environment ? { environment: s.environment } : {}),
    },
    outcome: 'success',
    details: {
      source: 'github-audit-log',
      document_id: r.documentId,
      observed_at: r.time,
      ...(s ? {} : { scope_unknown: true }),
      reader: {
        repository: r.repository,
        workflow_ref: r.workflowRef,
        ...(r.jobWorkflowRef ? { job_workflow_ref: r.jobWorkflowRef } : {}),
        ref: r.ref,
        event: r.event ?? null,
        ...(r.fork !== undefined ? { fork: r.fork } : {}),
        actor: r.actor,
        run_id: r.runId ?? null,
        run_attempt: r.runAttempt ?? null,
        job: r.job,
        environment: r.environment ?? null,
      },
    },
  };
}
