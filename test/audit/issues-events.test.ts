/**
 * The defect feed and findings from audit-log events: an issue whose finding is no longer seen is
 * closed only when the audit state remembers event findings, or when the run shows the cause gone
 * on the facts the issue carries — never because the event aged out of GitHub's window.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FEED_LABEL, isEventFinding, issueBody, syncIssues } from '../../src/audit/issues.ts';
import type { EventFacts, Finding } from '../../src/audit/types.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { silentClient } from './client.ts';

const WRITE: Finding = {
  fingerprint: 'abc123',
  kind: 'unauthorized-write',
  severity: 'high',
  title: 'API_KEY was changed by mallory, not an allowed rotation workflow',
  scope: 'acme/app',
  subject: 'audit-log:repo.update_actions_secret:acme/app::API_KEY:mallory:2026-08-01T00:00:00.000Z',
  evidence: ['Organization audit log: ...'],
  rootCause: 'r',
  remediation: 'm',
};
const FACTS: EventFacts = {
  since: '2026-08-01T00:00:00.000Z',
  secret: 'repository:acme/app:API_KEY',
  secretName: 'API_KEY',
};

describe('syncIssues and event findings', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(async () => {
    await emulator.reset();
    await emulator.seed({ repos: [{ full_name: 'acme/audit', default_branch: 'main' }] });
  });

  /** Files the finding's issue (with or without the facts marker), then syncs with no findings. */
  const scenario = async (
    events: Parameters<typeof syncIssues>[2]['events'],
    body = issueBody(WRITE, FACTS),
  ): Promise<{ closed: number[]; kept: number[]; state: string; body: string }> => {
    const client = silentClient(emulator.url);
    const created = await client.rest.issues.create({
      owner: 'acme',
      repo: 'audit',
      title: 't',
      body,
      labels: [FEED_LABEL],
    });
    const result = await syncIssues(client, [], {
      owner: 'acme',
      repo: 'audit',
      labels: [],
      auditedScopes: new Set(['acme/app']),
      ...(events ? { events } : {}),
    });
    const issue = await client.rest.issues.get({ owner: 'acme', repo: 'audit', issue_number: created.data.number });
    return { closed: result.closed, kept: result.kept, state: issue.data.state, body: issue.data.body ?? '' };
  };

  it('the issue carries the facts as a marker: names and times only', () => {
    const body = issueBody(WRITE, FACTS);
    const marker = /<!-- secure-deploy-event ([A-Za-z0-9_-]+) -->/.exec(body)?.[1] ?? '';
    expect(JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'))).toEqual(FACTS);
    expect(issueBody(WRITE)).not.toContain('secure-deploy-event');
    expect(isEventFinding(WRITE.kind, WRITE.subject)).toBe(true);
    expect(isEventFinding('unauthorized-write', 'repository:acme/app:API_KEY')).toBe(false);
    expect(isEventFinding('secret-read-unlisted-reader', 'x')).toBe(true);
  });

  it('keeps the issue open when nothing tells whether the cause is gone (no events review, a merge)', async () => {
    const got = await scenario(undefined);
    expect(got.state).toBe('open');
    expect(got.kept).toHaveLength(1);
    expect(got.closed).toEqual([]);
  });

  it('keeps it open while the run does not see the cause gone', async () => {
    const asked: [string, EventFacts][] = [];
    const got = await scenario({
      remembered: false,
      facts: {},
      causeGone: (kind, facts) => {
        asked.push([kind, facts]);
        return undefined;
      },
    });
    expect(asked).toEqual([['unauthorized-write', FACTS]]);
    expect(got.state).toBe('open');
    expect(got.kept).toHaveLength(1);
  });

  it('closes it, saying why, when the run sees the cause gone', async () => {
    const got = await scenario({
      remembered: false,
      facts: {},
      causeGone: () => 'the secret was written again on 2026-12-01T00:00:00Z',
    });
    expect(got.state).toBe('closed');
    expect(got.closed).toHaveLength(1);
    expect(got.body).toMatch(/_Closed: the cause is gone: the secret was written again on 2026-12-01T00:00:00Z\._$/);
  });

  it('an older issue without the marker is kept open: its facts are unknown', async () => {
    const got = await scenario({ remembered: false, facts: {}, causeGone: () => 'gone' }, issueBody(WRITE));
    expect(got.state).toBe('open');
    expect(got.kept).toHaveLength(1);
  });

  it('with an audit state that remembers event findings, a missing one is resolved: closed', async () => {
    const got = await scenario({ remembered: true, facts: {} });
    expect(got.state).toBe('closed');
    expect(got.closed).toHaveLength(1);
    expect(got.kept).toEqual([]);
  });
});
