import type { AuditEvent } from '../core/audit.js';
import { eventHash } from '../core/audit.js';
import { type LedgerEntry, ledgerHash } from '../core/audit-sinks.js';
import { errorStatus, type GitHubClient } from '../core/github.js';
import { parseJsonText } from '../core/nesting.js';
import { isConfigurationError } from '../core/errors.js';

/** A way the ledger fails to be the unbroken, append-only chain it must be. */
export interface LedgerProblem {
  readonly kind: 'not-json' | 'not-an-entry' | 'edited' | 'broken-link' | 'gap' | 'out-of-order' | 'event-edited';
  /** 1-based line number in the ledger file. */
  readonly line: number;
  readonly detail: string;
}

export interface LedgerCheck {
  readonly entries: readonly LedgerEntry[];
  readonly problems: readonly LedgerProblem[];
}

function isEntry(value: unknown): value is LedgerEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.ledger === 1 &&
    typeof v.seq === 'number' &&
    (v.prev === null || typeof v.prev === 'string') &&
    typeof v.hash === 'string' &&
    typeof v.event === 'object' &&
    v.event !== null
  );
}

/**
 * Concurrent writers append events built a moment before their append succeeds, so the ledger's
 * time order may lag by the time a writer spent retrying; beyond this it is out of order.
 */
export const CLOCK_SKEW_MS = 15 * 60_000;

/**
 * Verifies a ledger: every line parses, every line's hash covers its content, every line links
 * to the one before (`prev`), sequence numbers have no gap, events are in time order, and every
 * event's own hash still matches it. An edited line breaks its hash; a deleted line leaves a gap
 * and a broken link; a reordered one breaks links and time order.
 */
export function checkLedger(text: string): LedgerCheck {
  const entries: LedgerEntry[] = [];
  const problems: LedgerProblem[] = [];
  const lines = text.split('\n');
  let previous: LedgerEntry | undefined;
  let latest = -Infinity;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = parseJsonText(raw, `line ${line}`);
    } catch (error) {
      problems.push({
        kind: 'not-json',
        line,
        detail: isConfigurationError(error) ? error.message : `line ${line} is not JSON`,
      });
      return;
    }
    if (!isEntry(parsed)) {
      problems.push({
        kind: 'not-an-entry',
        line,
        detail: `line ${line} is not a ledger entry (ledger, seq, prev, event, hash)`,
      });
      return;
    }
    const entry = parsed;
    const { hash, ...rest } = entry;
    if (ledgerHash(rest) !== hash) {
      problems.push({
        kind: 'edited',
        line,
        detail: `line ${line} (seq ${entry.seq}) does not match its own hash: it was changed after it was written`,
      });
    }
    if (eventHash(entry.event) !== entry.event.hash) {
      problems.push({
        kind: 'event-edited',
        line,
        detail: `the event on line ${line} (seq ${entry.seq}, id ${String(entry.event.id)}) does not match its event hash`,
      });
    }
    const expectedSeq = previous ? previous.seq + 1 : 0;
    if (entry.seq !== expectedSeq) {
      problems.push({
        kind: entry.seq > expectedSeq ? 'gap' : 'out-of-order',
        line,
        detail:
          entry.seq > expectedSeq
            ? `line ${line}: seq jumps from ${expectedSeq - 1} to ${entry.seq}: ${entry.seq - expectedSeq} entr${entry.seq - expectedSeq === 1 ? 'y is' : 'ies are'} missing`
            : `line ${line}: seq ${entry.seq} comes after seq ${expectedSeq - 1}`,
      });
    }
    const expectedPrev = previous ? previous.hash : null;
    if (entry.prev !== expectedPrev) {
      problems.push({
        kind: 'broken-link',
        line,
        detail: `line ${line} (seq ${entry.seq}) does not link to the line before it`,
      });
    }
    const time = Date.parse(entry.event.time);
    if (Number.isNaN(time) || time < latest - CLOCK_SKEW_MS) {
      problems.push({
        kind: 'out-of-order',
        line,
        detail: `line ${line}: event time ${String(entry.event.time)} is more than ${CLOCK_SKEW_MS / 60_000} minutes before an earlier line's ${new Date(latest).toISOString()}`,
      });
    }
    if (time > latest) latest = time;
    entries.push(entry);
    previous = entry;
  });
  return { entries, problems };
}

export interface LedgerLocation {
  readonly owner: string;
  readonly repo: string;
  readonly branch: string;
  readonly path: string;
}

/** `owner/repo[@branch][:path]`, defaults `audit-log` and `ledger.jsonl` (the `github` sink's). */
export function parseLedgerLocation(text: string): LedgerLocation | undefined {
  const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)(?:@([^:\s]+))?(?::(\S+))?$/.exec(text.trim());
  if (!m) return undefined;
  return { owner: m[1] ?? '', repo: m[2] ?? '', branch: m[3] ?? 'audit-log', path: m[4] ?? 'ledger.jsonl' };
}

/** Reads the ledger file at the head of its branch; undefined when the branch or file does not exist. */
export async function readLedger(client: GitHubClient, at: LedgerLocation): Promise<string | undefined> {
  try {
    // A missing branch is an answer (404), not a fault to retry.
    const ref = await client.rest.git.getRef({
      owner: at.owner,
      repo: at.repo,
      ref: `heads/${at.branch}`,
      request: { retries: 0 },
    });
    const commit = await client.rest.git.getCommit({ owner: at.owner, repo: at.repo, commit_sha: ref.data.object.sha });
    const tree = await client.rest.git.getTree({
      owner: at.owner,
      repo: at.repo,
      tree_sha: commit.data.tree.sha,
      recursive: 'true',
    });
    const entry = tree.data.tree.find((e) => e.path === at.path && e.type === 'blob');
    if (!entry?.sha) return undefined;
    const blob = await client.rest.git.getBlob({ owner: at.owner, repo: at.repo, file_sha: entry.sha });
    return Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  } catch (error) {
    if (errorStatus(error) === 404) return undefined;
    throw error;
  }
}

export type { AuditEvent, LedgerEntry };
