import type { GitHubClient } from '../core/github.js';
import { explainGitHubError } from '../core/github.js';
import type { EventFacts, Finding } from './types.js';

/** Every issue the feed files carries this label; it is how the feed finds its own issues again. */
export const FEED_LABEL = 'secure-deploy-audit';
const MARKER = /<!-- secure-deploy-finding fingerprint=([0-9a-f]+) scope=(\S+) -->/;
/** An event finding's facts (EventFacts as base64url JSON): what tells, later, whether its cause is gone. */
const EVENT_MARKER = /<!-- secure-deploy-event ([A-Za-z0-9_-]+) -->/;
const KIND_LINE = /^\*\*Finding:\*\* `([^`]+)`/m;
const SUBJECT_LINE = /^\*\*Subject:\*\* `([^`]*)`/m;

/** Findings that come from audit-log events (reads.ts), whose evidence ages out of GitHub's window. */
export function isEventFinding(kind: string, subject: string): boolean {
  return (
    kind.startsWith('secret-read-') ||
    kind === 'unlogged-removal' ||
    kind === 'unread-secret' ||
    (kind === 'unauthorized-write' && subject.startsWith('audit-log:'))
  );
}

function eventFactsOf(body: string): EventFacts | undefined {
  const m = EVENT_MARKER.exec(body);
  if (!m?.[1]) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const text = (k: string): string | undefined => (typeof o[k] === 'string' ? o[k] : undefined);
  const since = text('since');
  if (!since || !Number.isFinite(Date.parse(since))) return undefined;
  return {
    since,
    ...(text('secret') ? { secret: text('secret') } : {}),
    ...(text('reader') ? { reader: text('reader') } : {}),
    ...(text('secretName') ? { secretName: text('secretName') } : {}),
    ...(o.removal === true ? { removal: true } : {}),
  };
}

export interface FeedOptions {
  readonly owner: string;
  readonly repo: string;
  readonly labels: readonly string[];
  /** Scopes (repositories, organization, files) this run audited completely: only their issues may be closed. */
  readonly auditedScopes: ReadonlySet<string>;
  readonly runUrl?: string;
  /**
   * Findings from audit-log events. `remembered`: the audit state keeps them until their cause is
   * gone, so one missing from the findings is resolved. Otherwise a missing one may only have aged
   * out of GitHub's window: its issue is closed only when `causeGone` shows the cause gone, on the
   * facts its issue carries. Absent: event issues are never closed.
   */
  readonly events?: {
    readonly remembered: boolean;
    /**
     * The state remembers only events from this time on: an issue whose event is older (or whose
     * issue carries no event time) is closed only on evidence, as without a state.
     */
    readonly rememberedSince?: string;
    readonly facts: Readonly<Record<string, EventFacts>>;
    readonly causeGone?: (kind: string, facts: EventFacts) => string | undefined;
  };
}

export interface FeedResult {
  readonly created: number[];
  readonly updated: number[];
  readonly reopened: number[];
  readonly closed: number[];
  readonly unchanged: number[];
  /** Open issues of event findings no longer seen, kept open: the cause was not shown gone. */
  readonly kept: number[];
}

interface ApiIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  labels: (string | { name?: string })[];
  pull_request?: unknown;
}

export function issueTitle(f: Finding): string {
  return `[secure-deploy audit] ${f.title}`.slice(0, 250);
}

/**
 * The issue body: deterministic for the same finding, so an unchanged finding writes nothing. An
 * event finding carries its facts (names and times only, never a value) in a second marker, so a
 * later run can tell whether its cause is gone when the event itself has aged out. Anyone who can
 * edit the issue could change them, and could as well close it by hand: the feed reopens it while
 * the finding is seen.
 */
export function issueBody(f: Finding, facts?: EventFacts): string {
  return [
    `<!-- secure-deploy-finding fingerprint=${f.fingerprint} scope=${f.scope} -->`,
    ...(facts
      ? [`<!-- secure-deploy-event ${Buffer.from(JSON.stringify(facts), 'utf8').toString('base64url')} -->`]
      : []),
    `**Severity:** ${f.severity}  `,
    `**Finding:** \`${f.kind}\`  `,
    `**Scope:** \`${f.scope}\`  `,
    `**Subject:** \`${f.subject}\``,
    '',
    '### Evidence',
    ...f.evidence.map((e) => (e.startsWith('- ') ? `  ${e}` : `- ${e}`)),
    '',
    '### Likely root cause',
    f.rootCause,
    '',
    '### What to do',
    f.remediation,
    '',
    `_Filed by secure-deploy audit-secrets. It updates this issue while the finding lasts, closes it when the finding is gone, and reopens it if it returns. Fingerprint \`${f.fingerprint}\`._`,
  ].join('\n');
}

function labelsFor(f: Finding, extra: readonly string[]): string[] {
  return [...new Set([FEED_LABEL, `severity:${f.severity}`, `audit:${f.kind}`, ...extra])];
}

const LABEL_COLORS: Record<string, string> = {
  'severity:critical': 'b60205',
  'severity:high': 'd93f0b',
  'severity:medium': 'fbca04',
  'severity:low': 'c2e0c6',
};

/**
 * The defect feed: one issue per finding fingerprint. New findings open issues, changed evidence
 * updates them, a returning finding reopens its closed issue, and an open issue whose finding is
 * gone (in a scope this run audited completely) is closed. Running twice writes nothing twice.
 */
export async function syncIssues(
  client: GitHubClient,
  findings: readonly Finding[],
  options: FeedOptions,
): Promise<FeedResult> {
  const { owner, repo } = options;
  const result = {
    created: [] as number[],
    updated: [] as number[],
    reopened: [] as number[],
    closed: [] as number[],
    unchanged: [] as number[],
    kept: [] as number[],
  };
  let existing: ApiIssue[];
  try {
    existing = await client.paginate('GET /repos/{owner}/{repo}/issues', {
      owner,
      repo,
      labels: FEED_LABEL,
      state: 'all',
      per_page: 100,
    });
  } catch (error) {
    throw explainGitHubError(error, `listing the audit issues of ${owner}/${repo}`, 'issues: write');
  }
  const byFingerprint = new Map<string, ApiIssue>();
  for (const issue of existing) {
    if (issue.pull_request) continue;
    const m = MARKER.exec(issue.body ?? '');
    if (!m?.[1]) continue;
    const prior = byFingerprint.get(m[1]);
    // Keep the open one (or the newest) if a fingerprint somehow has two issues.
    if (!prior || (prior.state !== 'open' && issue.state === 'open')) byFingerprint.set(m[1], issue);
  }

  // Make sure the labels exist, so they get their colours (and emulators that need them are satisfied).
  const wanted = new Set(findings.flatMap((f) => labelsFor(f, options.labels)));
  if (wanted.size > 0) {
    const have = new Set(
      (
        (await client.paginate('GET /repos/{owner}/{repo}/labels', { owner, repo, per_page: 100 })) as {
          name: string;
        }[]
      ).map((l) => l.name.toLowerCase()),
    );
    for (const name of [...wanted].sort()) {
      if (have.has(name.toLowerCase())) continue;
      try {
        await client.rest.issues.createLabel({ owner, repo, name, color: LABEL_COLORS[name] ?? '5319e7' });
      } catch (error) {
        if ((error as { status?: number }).status !== 422)
          throw explainGitHubError(error, `creating label '${name}' in ${owner}/${repo}`, 'issues: write');
      }
    }
  }

  const current = new Set<string>();
  for (const f of findings) {
    current.add(f.fingerprint);
    const title = issueTitle(f);
    const body = issueBody(f, options.events?.facts[f.fingerprint]);
    const labels = labelsFor(f, options.labels);
    const issue = byFingerprint.get(f.fingerprint);
    try {
      if (!issue) {
        const created = await client.rest.issues.create({ owner, repo, title, body, labels });
        result.created.push(created.data.number);
        continue;
      }
      const haveLabels = new Set(issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))));
      const labelsChanged = labels.some((l) => !haveLabels.has(l));
      if (issue.state !== 'open') {
        // One request per issue: Octokit paces content-creating requests to one a second.
        await client.rest.issues.update({
          owner,
          repo,
          issue_number: issue.number,
          state: 'open',
          title,
          body,
          labels,
        });
        result.reopened.push(issue.number);
      } else if (issue.title !== title || (issue.body ?? '') !== body || labelsChanged) {
        await client.rest.issues.update({ owner, repo, issue_number: issue.number, title, body, labels });
        result.updated.push(issue.number);
      } else {
        result.unchanged.push(issue.number);
      }
    } catch (error) {
      throw explainGitHubError(error, `filing the finding ${f.fingerprint} in ${owner}/${repo}`, 'issues: write');
    }
  }

  for (const [fingerprint, issue] of byFingerprint) {
    if (current.has(fingerprint) || issue.state !== 'open') continue;
    const scope = MARKER.exec(issue.body ?? '')?.[2] ?? '';
    if (!options.auditedScopes.has(scope)) continue;
    const text = issue.body ?? '';
    const kind = KIND_LINE.exec(text)?.[1] ?? '';
    let why: string | undefined;
    const facts = eventFactsOf(text);
    if (
      (EVENT_MARKER.test(text) || isEventFinding(kind, SUBJECT_LINE.exec(text)?.[1] ?? '')) &&
      !rememberedByState(options.events, facts)
    ) {
      // Never closed because its event aged out of GitHub's window: only on evidence the cause is gone.
      why = facts ? options.events?.causeGone?.(kind, facts) : undefined;
      if (!why) {
        result.kept.push(issue.number);
        continue;
      }
    }
    try {
      const note = `\n\n_Closed: ${why ? `the cause is gone: ${why}` : 'the finding was no longer present'}${options.runUrl ? ` in ${options.runUrl}` : ''}._`;
      const body = (issue.body ?? '').replace(/\n\n_Closed: .*_$/s, '') + note;
      await client.rest.issues.update({
        owner,
        repo,
        issue_number: issue.number,
        state: 'closed',
        state_reason: 'completed',
        body,
      });
      result.closed.push(issue.number);
    } catch (error) {
      throw explainGitHubError(error, `closing issue #${issue.number} in ${owner}/${repo}`, 'issues: write');
    }
  }
  return result;
}

/**
 * Whether the audit state remembers this issue's event: it has one that pre-dates this run, and the
 * event happened after the state first read the audit log (a state recreated later never saw it).
 */
function rememberedByState(events: FeedOptions['events'], facts: EventFacts | undefined): boolean {
  if (!events?.remembered) return false;
  if (events.rememberedSince === undefined) return true;
  if (!facts) return false;
  return Date.parse(facts.since) >= Date.parse(events.rememberedSince);
}
