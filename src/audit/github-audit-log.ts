/**
 * GitHub's organization audit log, as the secret audit reads it: the jobs GitHub handed secrets to
 * (`workflows.prepared_workflow_job`) and every secret and variable change, from the REST API
 * (`GET /orgs/{org}/audit-log`) or from a streamed export (JSON lines, gzip accepted).
 *
 * Sources (GitHub Docs, Enterprise Cloud):
 * - "Audit log events for your organization" (its per-event field lists):
 *   https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/audit-log-events-for-your-organization
 *   `workflows.prepared_workflow_job` carries `environment_name`, `job_name`, `job_workflow_ref`,
 *   `calling_workflow_refs`, `secrets_passed`, `workflow_run_id` (no `event`, `run_attempt` or
 *   `head_branch`: read when present, else the run is asked, reads.ts); secret and variable events
 *   name the secret in `key` (environment events add `environment_name`); `{org,repo}.*_integration_secret`
 *   is "A Codespaces or Dependabot secret", told apart by its `integration` field (Codespaces
 *   organization secrets have no `codespaces.*` secret event of their own any more).
 * - "Audit log events for your organization": `workflows.prepared_workflow_job` "Triggered when a
 *   workflow job is started. Includes the list of secrets that were provided to the job" (field
 *   `secrets_passed`, with `repo`, `job_name`, `job_workflow_ref`, `calling_workflow_refs`,
 *   `workflow_run_id`, `environment_name`, `actor`, `@timestamp`, `_document_id`; no `run_attempt`,
 *   `event` or `head_branch`: those come from the run);
 *   `{org,repo,environment}.{create,update,remove}_actions_secret`,
 *   `{org,repo}.{create,update,remove}_integration_secret` (Dependabot and Codespaces secrets),
 *   `{org,repo,environment}.{create,update,remove}_actions_variable`.
 *   https://docs.github.com/en/enterprise-cloud@latest/admin/monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/audit-log-events-for-your-enterprise
 * - "Reusing workflows" (monitoring which workflows are being used): the fields of
 *   `prepared_workflow_job` (`repo`, `@timestamp`, `job_name`, `calling_workflow_refs`, `job_workflow_ref`).
 *   https://docs.github.com/en/actions/using-workflows/reusing-workflows#monitoring-which-workflows-are-being-used
 * - go-github `github/orgs_audit_log.go` (`AuditEntry`: `secrets_passed`, `workflow_run_id`,
 *   `run_attempt`, `job_name`, `head_branch`, `event`, `_document_id`).
 * - `GET /orgs/{org}/audit-log` (ghec.json description): "By default, the response includes up to
 *   30 events from the past three months. Use the `phrase` parameter [...] with the `created`
 *   qualifier [...] to retrieve older events"; "a rate limit of 1,750 queries per hour per user and
 *   IP address [...] (typically a 403 or 429 response)"; owners only; cursor pagination through
 *   `after`/`before` in the `Link` header ("Using pagination in the REST API").
 * - "Streaming the audit log for your enterprise": streamed events are JSON objects with the same
 *   fields as the API (`@timestamp` in epoch milliseconds, `action`, `actor`, `_document_id`, ...),
 *   one a line, often gzip-compressed by the receiving storage (S3, Azure Blob, GCS).
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { isBudgetExhausted } from '../core/conditional.js';
import { errorMessage } from '../core/errors.js';
import { errorStatus, type GitHubClient, isRequestError } from '../core/github.js';

export type AuditDocument = Readonly<Record<string, unknown>>;

/** One (job, secret) pair: GitHub handed `secret` to the job. */
export interface SecretRead {
  /** `<_document_id>:<SECRET>`: stable across runs and sources (API or export). */
  readonly id: string;
  readonly documentId: string;
  readonly time: string;
  readonly repository: string;
  /** The workflow file that started the run (the top caller), `owner/repo/path@ref`. */
  readonly workflowRef: string;
  /** `owner/repo/.github/workflows/file.yml`, without the ref. */
  readonly workflow: string;
  /** The reusable workflow that ran the job, when it differs from `workflow`. */
  readonly jobWorkflowRef?: string;
  readonly ref: string;
  /** The event that triggered the run (`push`, `pull_request_target`, ...), when known. */
  readonly event?: string;
  /** True when the run's head repository is a fork, when known. */
  readonly fork?: boolean;
  readonly actor: string;
  readonly runId?: number;
  readonly runAttempt?: number;
  readonly job: string;
  readonly environment?: string;
  readonly secret: string;
}

export type ChangeScope = 'repository' | 'environment' | 'organization' | 'dependabot' | 'codespaces';

/** A secret or variable created, updated (value or visibility) or removed. */
export interface SecretChange {
  readonly id: string;
  readonly action: string;
  readonly time: string;
  readonly actor: string;
  readonly operation: 'create' | 'update' | 'remove';
  readonly kind: 'secret' | 'variable';
  /** `dependabot`/`codespaces` for `*_integration_secret` events; both when GitHub does not say. */
  readonly scope: ChangeScope | 'dependabot-or-codespaces';
  readonly repository?: string;
  readonly organization?: string;
  readonly environment?: string;
  readonly name?: string;
  /** Organization secrets: the visibility after the change, when the event says. */
  readonly visibility?: string;
}

/** The actions the audit asks GitHub for, one query each (the search ANDs its qualifiers). */
export const READ_ACTION = 'workflows.prepared_workflow_job';
export const CHANGE_ACTIONS: readonly string[] = [
  ...['org', 'repo', 'environment'].flatMap((area) =>
    ['create', 'update', 'remove'].flatMap((op) => [`${area}.${op}_actions_secret`, `${area}.${op}_actions_variable`]),
  ),
  ...['org', 'repo'].flatMap((area) => ['create', 'update', 'remove'].map((op) => `${area}.${op}_integration_secret`)),
];

const CHANGE = /^(org|repo|environment)\.(create|update|remove)_(actions|integration)_(secret|variable)$/;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** Epoch milliseconds of an event: `@timestamp` (API and stream: epoch ms), else `created_at`. */
export function documentTime(d: AuditDocument): number | undefined {
  for (const key of ['@timestamp', 'created_at']) {
    const v = d[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string') {
      const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
      if (Number.isFinite(ms)) return ms;
    }
  }
  return undefined;
}

/** `owner/repo/path/file.yml@ref` → its parts. */
export function splitWorkflowRef(ref: string): { repository: string; path: string; ref: string } | undefined {
  const m = /^([^/@\s]+\/[^/@\s]+)\/([^@\s]+)@(\S+)$/.exec(ref);
  return m ? { repository: m[1] ?? '', path: m[2] ?? '', ref: m[3] ?? '' } : undefined;
}

/** Why a document cannot be used (or undefined when it can). */
function unusable(d: AuditDocument): string | undefined {
  if (!str(d._document_id)) return 'it has no _document_id';
  if (!str(d.action)) return 'it has no action';
  if (documentTime(d) === undefined) return 'it has no @timestamp';
  return undefined;
}

/** The (job, secret) pairs of a `prepared_workflow_job` event; GITHUB_TOKEN is not a stored secret. */
export function readsOf(d: AuditDocument): SecretRead[] {
  if (d.action !== READ_ACTION) return [];
  const passed = Array.isArray(d.secrets_passed)
    ? d.secrets_passed.filter((s): s is string => typeof s === 'string')
    : [];
  const documentId = str(d._document_id) ?? '';
  const ms = documentTime(d) ?? 0;
  const jobRef = str(d.job_workflow_ref) ?? '';
  const callers = Array.isArray(d.calling_workflow_refs)
    ? d.calling_workflow_refs.filter((s): s is string => typeof s === 'string')
    : [];
  // The caller chain is listed innermost first: the last entry started the run.
  const top = callers.at(-1) ?? jobRef;
  // `calling_workflow_refs` are file paths without a ref: the run's ref is then its head branch.
  const parts = splitWorkflowRef(top.includes('@') ? top : `${top}@-`);
  const repository = str(d.repo) ?? str(d.repository) ?? parts?.repository ?? '';
  const headBranch = str(d.head_branch);
  const ref = top.includes('@') ? (parts?.ref ?? '') : headBranch ? `refs/heads/${headBranch}` : '';
  const event = str(d.event);
  return [...new Set(passed.map((s) => s.toUpperCase()))]
    .filter((s) => s !== 'GITHUB_TOKEN')
    .sort()
    .map((secret) => ({
      id: `${documentId}:${secret}`,
      documentId,
      time: new Date(ms).toISOString(),
      repository,
      workflowRef: top,
      workflow: parts ? `${parts.repository}/${parts.path}` : top,
      ...(callers.length > 0 && jobRef !== top ? { jobWorkflowRef: jobRef } : {}),
      ref,
      ...(event ? { event } : {}),
      actor: str(d.actor) ?? '',
      ...(int(d.workflow_run_id) !== undefined ? { runId: int(d.workflow_run_id) } : {}),
      ...(int(d.run_attempt) !== undefined ? { runAttempt: int(d.run_attempt) } : {}),
      job: str(d.job_name) ?? '',
      ...(str(d.environment_name) ? { environment: str(d.environment_name) } : {}),
      secret,
    }));
}

/** A secret or variable change, or undefined for any other event. */
export function changeOf(d: AuditDocument, org?: string): SecretChange | undefined {
  const action = str(d.action) ?? '';
  const m = CHANGE.exec(action);
  if (!m) return undefined;
  const [, area, op, family, kind] = m;
  const integration = (str(d.integration) ?? '').toLowerCase();
  const scope: SecretChange['scope'] =
    family === 'integration'
      ? integration.includes('dependabot')
        ? 'dependabot'
        : integration.includes('codespaces')
          ? 'codespaces'
          : 'dependabot-or-codespaces'
      : area === 'org'
        ? 'organization'
        : area === 'environment'
          ? 'environment'
          : 'repository';
  const repository = area === 'org' ? undefined : (str(d.repo) ?? str(d.repository));
  return {
    id: str(d._document_id) ?? '',
    action,
    time: new Date(documentTime(d) ?? 0).toISOString(),
    actor: str(d.actor) ?? '',
    operation: op as SecretChange['operation'],
    kind: kind as SecretChange['kind'],
    scope,
    ...(repository ? { repository } : {}),
    ...(area === 'org' && (str(d.org) ?? org) ? { organization: str(d.org) ?? org } : {}),
    ...((str(d.environment_name) ?? str(d.environment))
      ? { environment: str(d.environment_name) ?? str(d.environment) }
      : {}),
    // `key` is the documented field; the others are accepted from older or re-shaped streams.
    ...((str(d.key) ?? str(d.secret_name) ?? str(d.variable_name) ?? str(d.name))
      ? { name: (str(d.key) ?? str(d.secret_name) ?? str(d.variable_name) ?? str(d.name) ?? '').toUpperCase() }
      : {}),
    ...(str(d.visibility) ? { visibility: str(d.visibility) } : {}),
  };
}

/** Documents of one source, in time order, each once, with what could not be used. */
export interface Collected {
  readonly documents: AuditDocument[];
  /** Lines or documents that could not be used, each with where and why. */
  readonly rejected: string[];
  /** Events of a kind the audit does not read (counted, not an error: a stream holds everything). */
  readonly ignored: number;
  readonly duplicates: number;
}

/** Keeps what the audit reads, each `_document_id` once, sorted by time then id. */
export function collect(
  raw: Iterable<{ doc: unknown; where: string }>,
  wanted: (action: string) => boolean,
): Collected {
  const byId = new Map<string, AuditDocument>();
  const rejected: string[] = [];
  let ignored = 0;
  let duplicates = 0;
  for (const { doc, where } of raw) {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      rejected.push(`${where}: not a JSON object`);
      continue;
    }
    const d = doc as AuditDocument;
    const why = unusable(d);
    if (why) {
      rejected.push(`${where}: ${why}`);
      continue;
    }
    if (!wanted(str(d.action) ?? '')) {
      ignored++;
      continue;
    }
    const id = str(d._document_id) ?? '';
    if (byId.has(id)) {
      duplicates++;
      continue;
    }
    byId.set(id, d);
  }
  const documents = [...byId.values()].sort(
    (a, b) =>
      (documentTime(a) ?? 0) - (documentTime(b) ?? 0) || String(a._document_id).localeCompare(String(b._document_id)),
  );
  return { documents, rejected, ignored, duplicates };
}

export function wantedAction(action: string): boolean {
  return action === READ_ACTION || CHANGE.test(action);
}

/**
 * A streamed audit-log export: JSON-lines files (`.gz` or gzip magic bytes: decompressed), blank
 * lines skipped. Every other line must be one JSON object; a line that is not is named with its
 * file and line number, never silently dropped.
 */
export async function readExport(files: readonly string[]): Promise<Collected> {
  const raw: { doc: unknown; where: string }[] = [];
  const rejected: string[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new Error(`${file} cannot be read (${errorMessage(error)})`);
    }
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = gunzipSync(bytes);
      } catch (error) {
        throw new Error(`${file} looks gzip-compressed but cannot be decompressed (${errorMessage(error)})`);
      }
    }
    bytes
      .toString('utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          raw.push({ doc: JSON.parse(line) as unknown, where: `${file}:${i + 1}` });
        } catch {
          rejected.push(`${file}:${i + 1}: not JSON`);
        }
      });
  }
  const c = collect(raw, wantedAction);
  return { ...c, rejected: [...rejected, ...c.rejected] };
}

/** Where one query starts: the day of its watermark and, after a rate limit, the cursor it stopped at. */
export interface QueryCursor {
  /** `YYYY-MM-DD` (UTC): events created on or after this day. */
  readonly since?: string;
  readonly after?: string;
}

export interface ApiReadResult extends Collected {
  /** Queries read to their last page. */
  readonly complete: readonly string[];
  /** Queries a rate limit stopped: where each resumes next run. */
  readonly resume: Readonly<Record<string, QueryCursor>>;
  /** Why the read stopped early, when it did. */
  readonly stopped?: string;
  readonly queries: number;
}

/** The audit log cannot be read at all: not an owner (403), not Enterprise Cloud (404). */
export class AuditLogUnavailable extends Error {
  override readonly name = 'AuditLogUnavailable';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** A rate-limit answer (429, or 403 with the rate-limit headers or message), with its wait when given. */
export function rateLimited(error: unknown): { retryAfter?: number } | undefined {
  if (!isRequestError(error)) return undefined;
  const headers = error.response?.headers ?? {};
  const remaining = headers['x-ratelimit-remaining'];
  const retryAfter = Number(headers['retry-after']);
  const isLimit =
    error.status === 429 ||
    (error.status === 403 && (String(remaining) === '0' || /rate limit/i.test(error.message) || retryAfter > 0));
  if (!isLimit) return undefined;
  if (Number.isFinite(retryAfter) && retryAfter > 0) return { retryAfter };
  const reset = Number(headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? { retryAfter: Math.max(0, Math.ceil(reset - Date.now() / 1000)) } : {};
}

function nextCursor(link: unknown): string | undefined {
  if (typeof link !== 'string') return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>;\s*rel="next"/.exec(part);
    if (m?.[1]) return new URL(m[1]).searchParams.get('after') ?? undefined;
  }
  return undefined;
}

/** Before GitHub existed: `created:>=` this returns the oldest event GitHub keeps. */
export const OLDEST = '2008-01-01';

export interface ApiReadOptions {
  readonly org: string;
  /** Per query (action): where to start; a query without one starts at the oldest event GitHub keeps. */
  readonly cursors: Readonly<Record<string, QueryCursor>>;
  /** Longest `retry-after` waited for in the run; a longer one stops the read (resumed next run). */
  readonly maxWaitSeconds: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Reads every event the audit needs, one `action:` query each, oldest first, following the `Link`
 * header's `after` cursor. `created:>=` always bounds the query: without it GitHub answers only
 * the last three months. A rate limit waits up to `maxWaitSeconds`, then stops and reports the
 * cursor of every unfinished query so that the next run resumes there.
 */
export async function readApi(client: GitHubClient, options: ApiReadOptions): Promise<ApiReadResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const raw: { doc: unknown; where: string }[] = [];
  const resume: Record<string, QueryCursor> = {};
  const complete: string[] = [];
  let stopped: string | undefined;
  let queries = 0;
  let waits = 0;
  for (const action of [READ_ACTION, ...CHANGE_ACTIONS]) {
    const since = options.cursors[action]?.since ?? OLDEST;
    let after = options.cursors[action]?.after;
    if (stopped) {
      resume[action] = { since, ...(after ? { after } : {}) };
      continue;
    }
    let done = false;
    while (!done) {
      let response: { data: unknown; headers: Record<string, unknown> };
      try {
        queries++;
        response = (await client.request('GET /orgs/{org}/audit-log', {
          org: options.org,
          phrase: `action:${action} created:>=${since}`,
          include: 'web',
          order: 'asc',
          per_page: 100,
          ...(after ? { after } : {}),
          request: { retries: 0 },
        })) as { data: unknown; headers: Record<string, unknown> };
      } catch (error) {
        if (isBudgetExhausted(error)) {
          // Our own budget (max-requests, or the token's headroom), not GitHub's: the read was not sent.
          stopped = `the run's request budget stopped the read at '${action}' (${error.message})`;
          resume[action] = { since, ...(after ? { after } : {}) };
          break;
        }
        const limit = rateLimited(error);
        if (limit) {
          // Short waits are waited out, a few times a run; a long one ends the run's read.
          if (limit.retryAfter !== undefined && limit.retryAfter <= options.maxWaitSeconds && waits < 3) {
            waits++;
            await sleep(limit.retryAfter * 1000);
            continue;
          }
          stopped = `the audit log's rate limit (1,750 queries an hour) stopped the read at '${action}'${limit.retryAfter !== undefined ? ` (retry after ${limit.retryAfter} s)` : ''}`;
          resume[action] = { since, ...(after ? { after } : {}) };
          break;
        }
        const status = errorStatus(error);
        if (status === 403 || status === 404 || status === 401) {
          throw new AuditLogUnavailable(status, errorMessage(error));
        }
        // A cursor GitHub no longer accepts: read the query again from its watermark (dedup by id).
        if (status === 422 && after) {
          after = undefined;
          continue;
        }
        throw error;
      }
      const page = Array.isArray(response.data) ? (response.data as unknown[]) : [];
      page.forEach((doc, i) => raw.push({ doc, where: `audit log query '${action}', item ${i + 1}` }));
      const next = nextCursor(response.headers.link);
      if (!next || page.length === 0) {
        complete.push(action);
        done = true;
      } else after = next;
    }
  }
  return { ...collect(raw, wantedAction), complete, resume, ...(stopped ? { stopped } : {}), queries };
}
