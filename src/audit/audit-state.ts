/**
 * What the secret audit remembers between runs, so that it never forgets: per audit-log query the
 * watermark it read up to (and the cursor a rate limit stopped it at), the events already handled
 * (dedup), the reads claimed for the sinks and not yet confirmed, who read each secret, and the
 * findings that came from events — kept until their cause is gone, not until GitHub's window
 * drops the event.
 *
 * Where it lives: a JSON file in a repository branch (by default beside the ledger, on its
 * protected branch), written through the contents API with the blob `sha` of the version read.
 * GitHub refuses a write whose `sha` is not the current one (409), which makes every update a
 * compare-and-swap: two overlapping runs cannot both claim the same reads. A repository variable
 * was the other candidate; its API has no such precondition (PATCH overwrites), holds at most
 * 48 KB, and keeps no history, so a lost update there would re-send or drop reads silently.
 * https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents ("sha: Required
 * if you are updating a file. The blob SHA of the file being replaced.")
 */
import { ConfigurationError } from '../core/errors.js';
import { errorStatus, explainGitHubError, type GitHubClient } from '../core/github.js';
import type { EventFacts, Finding } from './types.js';
import type { QueryCursor, SecretRead } from './github-audit-log.js';

export interface StateLocation {
  readonly owner: string;
  readonly repo: string;
  readonly branch: string;
  readonly path: string;
}

/** `owner/repo[@branch][:path]`; defaults branch `audit-log` and path `audit-secrets-state.json`. */
export function parseStateLocation(text: string): StateLocation | undefined {
  const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)(?:@([^:\s]+))?(?::(\S+))?$/.exec(text.trim());
  if (!m) return undefined;
  const path = m[4] ?? 'audit-secrets-state.json';
  if (path.startsWith('/') || path.split('/').includes('..')) return undefined;
  return { owner: m[1] ?? '', repo: m[2] ?? '', branch: m[3] ?? 'audit-log', path };
}

/** A finding that came from an audit-log event, and what makes its cause go away. */
export interface StoredFinding extends EventFacts {
  readonly finding: Finding;
}

export interface PendingClaim {
  readonly claim: string;
  readonly at: string;
  readonly reads: readonly SecretRead[];
}

export interface AuditState {
  readonly version: 1;
  /** Per query (an audit-log action, or `export`): watermark day and resume cursor. */
  readonly queries: Readonly<Record<string, QueryCursor & { readonly through?: number }>>;
  /** `_document_id` → event time (ms), for the events inside the overlap window: never twice. */
  readonly seen: Readonly<Record<string, number>>;
  readonly pending: readonly PendingClaim[];
  /** Secret instance → reader workflow → first and last read. */
  readonly readers: Readonly<Record<string, Readonly<Record<string, { first: string; last: string }>>>>;
  /** Findings from events, by fingerprint. */
  readonly open: Readonly<Record<string, StoredFinding>>;
  /** When the audit first read the audit log: how far back "never read" can be claimed. */
  readonly since?: string;
}

export function emptyState(): AuditState {
  return { version: 1, queries: {}, seen: {}, pending: [], readers: {}, open: {} };
}

function isState(v: unknown): v is AuditState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    s.version === 1 &&
    typeof s.queries === 'object' &&
    typeof s.seen === 'object' &&
    Array.isArray(s.pending) &&
    typeof s.readers === 'object' &&
    typeof s.open === 'object'
  );
}

export interface LoadedState {
  readonly state: AuditState;
  /** Blob sha of the version read; undefined when the file does not exist yet. */
  readonly sha?: string;
}

function describe(loc: StateLocation): string {
  return `${loc.owner}/${loc.repo}@${loc.branch}:${loc.path}`;
}

export async function loadState(client: GitHubClient, loc: StateLocation): Promise<LoadedState> {
  let data: { content?: string; sha?: string; type?: string };
  try {
    data = (
      await client.request('GET /repos/{owner}/{repo}/contents/{path}', {
        owner: loc.owner,
        repo: loc.repo,
        path: loc.path,
        ref: loc.branch,
        request: { retries: 0 },
      })
    ).data as { content?: string; sha?: string; type?: string };
  } catch (error) {
    if (errorStatus(error) === 404) return { state: emptyState() };
    throw error;
  }
  const text = Buffer.from(data.content ?? '', 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError(
      `The audit state ${describe(loc)} is not JSON: it was edited by hand. Restore it from the branch history; deleting it makes the next run read the audit log from the oldest event GitHub keeps.`,
    );
  }
  if (!isState(parsed)) {
    throw new ConfigurationError(
      `The audit state ${describe(loc)} is not an audit-secrets state (version 1). Restore it from the branch history.`,
    );
  }
  return { state: parsed, sha: data.sha };
}

/**
 * Applies `change` to the current state and writes it, as a compare-and-swap on the file's blob
 * sha: when another run wrote in between (409, or 422 for a file created meanwhile), the state is
 * read again and `change` applied to the new version. `change` returns undefined to write nothing.
 */
export async function updateState<T>(
  client: GitHubClient,
  loc: StateLocation,
  change: (
    state: AuditState,
  ) =>
    | { state: AuditState; result: T; unchanged?: boolean }
    | undefined
    | Promise<{ state: AuditState; result: T; unchanged?: boolean } | undefined>,
  message: string,
  attempts = 8,
): Promise<{ result?: T; state: AuditState }> {
  for (let attempt = 0; ; attempt++) {
    const current = await loadState(client, loc);
    const next = await change(current.state);
    if (!next) return { state: current.state };
    if (next.unchanged) return { result: next.result, state: current.state };
    try {
      await client.request('PUT /repos/{owner}/{repo}/contents/{path}', {
        owner: loc.owner,
        repo: loc.repo,
        path: loc.path,
        branch: loc.branch,
        message,
        content: Buffer.from(`${JSON.stringify(next.state)}\n`, 'utf8').toString('base64'),
        ...(current.sha ? { sha: current.sha } : {}),
        request: { retries: 0 },
      });
      return { result: next.result, state: next.state };
    } catch (error) {
      const status = errorStatus(error);
      if ((status === 409 || status === 422) && attempt + 1 < attempts) continue;
      if (status === 403 || status === 401) {
        throw explainGitHubError(error, `writing the audit state ${describe(loc)}`, 'contents: write');
      }
      if (status === 404) {
        throw new ConfigurationError(
          `The audit state ${describe(loc)} cannot be written: the repository or branch '${loc.branch}' does not exist. Create the branch (the github audit sink uses the same one), or set 'audit-state' to another location.`,
        );
      }
      throw error;
    }
  }
}
