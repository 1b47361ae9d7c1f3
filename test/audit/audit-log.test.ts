/**
 * GitHub's audit log as the secret audit reads it: parsing, the streamed export's bad input, the
 * readers policy, the fold into the remembered state (dedup, watermark, claims, cause gone), the
 * compare-and-swap of the state and the API read (rate limit, cursor, 403/404) on the emulator.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emptyState,
  loadState,
  type StateLocation,
  updateState,
  type AuditState,
} from '../../src/audit/audit-state.ts';
import {
  AuditLogUnavailable,
  changeOf,
  READ_ACTION,
  readApi,
  readExport,
  readsOf,
} from '../../src/audit/github-audit-log.ts';
import {
  CLAIM_LEASE_MS,
  foldEvents,
  parseReadersPolicy,
  readEventId,
  readRecord,
  type RefFacts,
  unknownPolicySecrets,
} from '../../src/audit/reads.ts';
import type { Inventory } from '../../src/audit/types.ts';
import { AuditEmitter } from '../../src/core/audit.ts';
import { runContext } from '../../src/core/context.ts';
import { createGitHubClient } from '../../src/core/github.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { REPO_ROOT } from '../support/runner.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const NOW = new Date('2026-12-01T12:00:00Z');
const T = (iso: string): number => Date.parse(iso);

function prepared(id: string, at: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _document_id: id,
    '@timestamp': T(at),
    action: READ_ACTION,
    actor: 'octocat',
    repo: 'acme/app',
    job_name: 'deploy',
    job_workflow_ref: 'acme/app/.github/workflows/deploy.yml@refs/heads/main',
    workflow_run_id: 9,
    run_attempt: 2,
    environment_name: 'production',
    secrets_passed: ['DEPLOY_KEY', 'GITHUB_TOKEN'],
    ...extra,
  };
}

const WORKFLOW = (secret: string) => ({
  path: '.github/workflows/deploy.yml',
  triggers: ['push'],
  jobs: [{ id: 'deploy', environment: 'production', secrets: [{ name: secret, line: 9 }] }],
});

function inventory(opts: { updatedAt?: string; workflowSecret?: string } = {}): Inventory {
  return {
    organization: 'acme',
    repositories: [
      {
        fullName: 'acme/app',
        private: true,
        secrets: [
          {
            owner: 'acme/app',
            scope: 'environment',
            environment: 'production',
            name: 'DEPLOY_KEY',
            createdAt: '2026-01-01T00:00:00Z',
            updatedAt: opts.updatedAt ?? '2026-11-01T00:00:00Z',
          },
        ],
        environments: [{ name: 'production', requiredReviewers: 1, protectionRules: ['required_reviewers'] }],
        workflows: [
          WORKFLOW(opts.workflowSecret ?? 'DEPLOY_KEY'),
          { ...WORKFLOW(opts.workflowSecret ?? 'DEPLOY_KEY'), path: '.github/workflows/other.yml' },
        ],
        rotations: [],
        partial: [],
      },
    ],
    organizationSecrets: [],
    warnings: [],
    partial: [],
  };
}

const FACTS: RefFacts = {
  protectedRefs: new Map([['acme/app@refs/heads/main', true]]),
  runs: new Map([['acme/app#9', { event: 'push', fork: false }]]),
  warnings: [],
};

const fold = (state: AuditState, docs: Record<string, unknown>[], inv = inventory(), now = NOW, claim = 'c1') =>
  foldEvents(state, docs, inv, FACTS, {
    now,
    allowedWriters: ['rotation-bot[bot]'],
    isAllowed: (ids) => ids.includes('rotation-bot[bot]'),
    ledger: [],
    claim,
    complete: [READ_ACTION, 'repo.remove_actions_secret'],
    resume: {},
  });

describe('audit-log documents', () => {
  it('turns a prepared_workflow_job into one read per secret, GITHUB_TOKEN left out, the top caller as the workflow', () => {
    const reads = readsOf(
      prepared('d1', '2026-11-30T00:00:00Z', {
        job_workflow_ref: 'acme/shared/.github/workflows/deploy.yml@refs/tags/v1',
        calling_workflow_refs: ['acme/app/.github/workflows/mid.yml', 'acme/app/.github/workflows/top.yml'],
        head_branch: 'main',
        secrets_passed: ['deploy_key', 'DEPLOY_KEY', 'GITHUB_TOKEN', 'OTHER'],
      }),
    );
    expect(reads.map((r) => r.id)).toEqual(['d1:DEPLOY_KEY', 'd1:OTHER']);
    expect(reads[0]).toMatchObject({
      repository: 'acme/app',
      workflow: 'acme/app/.github/workflows/top.yml',
      jobWorkflowRef: 'acme/shared/.github/workflows/deploy.yml@refs/tags/v1',
      ref: 'refs/heads/main',
      runId: 9,
      runAttempt: 2,
      environment: 'production',
      job: 'deploy',
    });
  });

  it('reads every kind of secret and variable change', () => {
    const at = T('2026-11-30T00:00:00Z');
    const c = (action: string, extra: Record<string, unknown> = {}) =>
      changeOf({ _document_id: 'x', '@timestamp': at, action, actor: 'bob', repo: 'acme/app', ...extra }, 'acme');
    expect(c('repo.remove_actions_secret', { secret_name: 'old' })).toMatchObject({
      operation: 'remove',
      kind: 'secret',
      scope: 'repository',
      name: 'OLD',
    });
    expect(c('repo.create_integration_secret', { integration: 'Dependabot' })?.scope).toBe('dependabot');
    expect(c('repo.update_integration_secret', { integration: 'Codespaces' })?.scope).toBe('codespaces');
    expect(c('repo.update_integration_secret')?.scope).toBe('dependabot-or-codespaces');
    expect(c('environment.create_actions_secret', { environment_name: 'production' })).toMatchObject({
      scope: 'environment',
      environment: 'production',
    });
    expect(c('org.update_actions_secret', { visibility: 'all', repo: undefined })).toMatchObject({
      scope: 'organization',
      organization: 'acme',
      visibility: 'all',
    });
    expect(c('repo.create_actions_variable')?.kind).toBe('variable');
    expect(c('repo.create')).toBeUndefined();
  });
});

describe('a streamed export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-export-'));

  it('reads JSON lines (gzip too), skips duplicates and other kinds, orders by time, names every unusable line', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl.gz');
    writeFileSync(
      a,
      [
        JSON.stringify(prepared('d2', '2026-11-30T02:00:00Z')),
        '{"broken": ',
        '',
        JSON.stringify({ action: READ_ACTION, '@timestamp': 1 }),
        JSON.stringify({ _document_id: 'z', '@timestamp': 5, action: 'repo.create' }),
        '[1,2]',
      ].join('\n'),
    );
    writeFileSync(
      b,
      gzipSync(
        [
          JSON.stringify(prepared('d1', '2026-11-30T01:00:00Z')),
          JSON.stringify(prepared('d2', '2026-11-30T02:00:00Z')),
        ].join('\n'),
      ),
    );
    const got = await readExport([a, b]);
    expect(got.documents.map((d) => d._document_id)).toEqual(['d1', 'd2']);
    expect(got.duplicates).toBe(1);
    expect(got.ignored).toBe(1);
    expect(got.rejected).toEqual([`${a}:2: not JSON`, `${a}:4: it has no _document_id`, `${a}:6: not a JSON object`]);
  });

  it('says which file cannot be read or decompressed', async () => {
    await expect(readExport([join(dir, 'missing.jsonl')])).rejects.toThrow(/missing\.jsonl cannot be read/);
    const bad = join(dir, 'bad.gz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    await expect(readExport([bad])).rejects.toThrow(/bad\.gz looks gzip-compressed but cannot be decompressed/);
  });
});

describe('the readers policy', () => {
  it('accepts names and instance keys with workflow, ref and environment patterns', () => {
    const rules = parseReadersPolicy(
      'secrets:\n  deploy_key:\n    workflows: [acme/app/.github/workflows/*.yml]\n    refs: [refs/heads/main]\n  "environment:acme/app:production:DEPLOY_KEY":\n    environments: production\n',
    );
    expect(rules.map((r) => r.key)).toEqual(['DEPLOY_KEY', 'environment:acme/app:production:DEPLOY_KEY']);
    expect(rules[1]?.environments).toEqual(['production']);
  });

  it.each([
    ['secrets: [a]\n', /no 'secrets:' mapping/],
    ['secrets:\n  A: {}\n', /secrets\.A allows nothing/],
    ['secrets:\n  A:\n    readers: [x]\n', /unknown key 'readers'/],
    ['secrets:\n  A:\n    refs: [main]\n', /secrets\.A\.refs\[0\] 'main' must start with 'refs\/'/],
    ['secrets:\n  A:\n    workflows: [deploy.yml]\n', /must be 'owner\/repo\/\.github\/workflows\/file\.yml'/],
    ['secrets:\n  A:\n    refs: ["refs/heads/[main"]\n', /has unbalanced '\[' '\]'/],
    ['secrets:\n  A:\n    environments: ["prod uction"]\n', /contains whitespace/],
    ['secrets: {\n', /not YAML/],
    [`secrets:\n  A:\n    refs: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, /readers policy is nested too deeply/],
  ])('rejects %j with a clear message', (text, message) => {
    expect(() => parseReadersPolicy(text)).toThrow(message);
  });

  it('names the secrets no audited scope holds', () => {
    const rules = parseReadersPolicy(
      'secrets:\n  DEPLOY_KEY:\n    refs: [refs/heads/main]\n  DEPLOY_KYE:\n    refs: [refs/heads/main]\n',
    );
    expect(unknownPolicySecrets(rules, inventory())).toEqual(['DEPLOY_KYE']);
  });
});

describe('folding events into the remembered state', () => {
  it('claims each read once, however often the same events arrive', () => {
    const docs = [prepared('d1', '2026-11-30T00:00:00Z'), prepared('d2', '2026-11-30T01:00:00Z')];
    const first = fold(emptyState(), docs);
    expect(first.claimed.map((r) => r.id)).toEqual(['d1:DEPLOY_KEY', 'd2:DEPLOY_KEY']);
    expect(first.state.pending).toHaveLength(1);
    // The same documents again (an overlapping run, an export with the API's events): nothing new.
    const again = fold(first.state, [...docs].reverse(), inventory(), NOW, 'c2');
    expect(again.claimed).toEqual([]);
    expect(again.state.pending.map((p) => p.claim)).toEqual(['c1']);
    expect(again.state.queries[READ_ACTION]?.through).toBe(T('2026-11-30T01:00:00Z'));
  });

  it('forgets ids below the watermark window, and still never takes an old event again', () => {
    const old = prepared('old', '2026-11-20T00:00:00Z');
    const recent = prepared('new', '2026-11-30T00:00:00Z');
    const first = fold(emptyState(), [old, recent]);
    expect(Object.keys(first.state.seen)).toEqual(['new']);
    // GitHub answers whole days from the watermark's: an old event that comes back is skipped.
    const again = fold(first.state, [old, recent], inventory(), NOW, 'c2');
    expect(again.claimed).toEqual([]);
    // Counted (the summary says so), not dropped in silence; the recent one is known by its id.
    expect(first.skippedBeforeWatermark).toBe(0);
    expect(again.skippedBeforeWatermark).toBe(1);
    // Without any watermark (nothing complete), nothing is forgotten.
    const stopped = foldEvents(emptyState(), [old, recent], inventory(), FACTS, {
      now: NOW,
      allowedWriters: [],
      isAllowed: () => false,
      claim: 'c3',
      complete: [],
      resume: { [READ_ACTION]: { since: '2008-01-01', after: 'cursor' } },
    });
    expect(Object.keys(stopped.state.seen).sort()).toEqual(['new', 'old']);
    expect(stopped.state.queries[READ_ACTION]).toEqual({ after: 'cursor' });
  });

  it('never drops a read whose secret the inventory does not hold: it is claimed for the sinks and reported unreviewed', () => {
    const unknown = prepared('d9', '2026-11-30T00:00:00Z', { secrets_passed: ['GONE_KEY'] });
    const got = fold(emptyState(), [unknown]);
    expect(got.claimed.map((r) => r.id)).toEqual(['d9:GONE_KEY']);
    expect(got.unreviewed.map((r) => r.secret)).toEqual(['GONE_KEY']);
    expect(got.findings).toEqual([]);
  });

  it('sends again the reads of a claim its run never confirmed, once the lease is over', () => {
    const first = fold(emptyState(), [prepared('d1', '2026-11-30T00:00:00Z')]);
    const soon = fold(first.state, [], inventory(), new Date(NOW.getTime() + 60_000), 'c2');
    expect(soon.claimed).toEqual([]);
    const late = fold(first.state, [], inventory(), new Date(NOW.getTime() + CLAIM_LEASE_MS + 1), 'c3');
    expect(late.claimed.map((r) => r.id)).toEqual(['d1:DEPLOY_KEY']);
    expect(late.state.pending.map((p) => p.claim)).toEqual(['c3']);
  });

  it('reports a new reader only against a baseline, and keeps read findings until the cause is gone', () => {
    const first = fold(emptyState(), [prepared('d1', '2026-11-30T00:00:00Z')]);
    expect(first.findings).toEqual([]);
    const other = prepared('d2', '2026-11-30T05:00:00Z', {
      job_workflow_ref: 'acme/app/.github/workflows/deploy.yml@refs/heads/feature',
    });
    const second = fold(first.state, [other], inventory(), NOW, 'c2');
    expect(second.findings.map((f) => f.kind)).toEqual(['secret-read-unprotected-ref']);
    const newcomer = prepared('d3', '2026-11-30T06:00:00Z', {
      job_workflow_ref: 'acme/app/.github/workflows/other.yml@refs/heads/main',
    });
    const third = fold(second.state, [newcomer], inventory(), NOW, 'c3');
    expect(third.findings.map((f) => f.kind).sort()).toEqual(['secret-read-new-reader', 'secret-read-unprotected-ref']);
    // Nothing new, same inventory: still open (the events are past the watermark, not forgotten).
    const later = fold(third.state, [], inventory(), new Date('2027-06-01T00:00:00Z'), 'c4');
    expect(later.findings).toHaveLength(2);
    // The secret is rotated: every read finding about it closes, with why.
    const rotated = fold(third.state, [], inventory({ updatedAt: '2026-12-01T00:00:00Z' }), NOW, 'c5');
    expect(rotated.findings).toEqual([]);
    expect(rotated.resolved.join('\n')).toMatch(/written again on 2026-12-01/);
    // The workflow no longer references it: closed too.
    const removed = fold(third.state, [], inventory({ workflowSecret: 'OTHER' }), NOW, 'c6');
    expect(removed.findings.map((f) => f.kind)).toEqual([]);
  });

  it('reports a read by a run from a fork, whatever its trigger', () => {
    const facts: RefFacts = { ...FACTS, runs: new Map([['acme/app#9', { event: 'pull_request', fork: true }]]) };
    const got = foldEvents(emptyState(), [prepared('f1', '2026-11-30T00:00:00Z')], inventory(), facts, {
      now: NOW,
      allowedWriters: [],
      isAllowed: () => false,
      claim: 'c1',
      complete: [READ_ACTION],
      resume: {},
    });
    expect(got.findings.map((f) => [f.kind, f.subject])).toEqual([
      [
        'secret-read-untrusted-trigger',
        'environment:acme/app:production:DEPLOY_KEY<-acme/app/.github/workflows/deploy.yml:fork',
      ],
    ]);
    expect(got.claimed[0]).toMatchObject({ event: 'pull_request', fork: true });
  });

  it('reports a production secret nobody was given for unread-days, once the audit has looked that long', () => {
    const opts = (now: Date, claim: string) => ({
      now,
      allowedWriters: [],
      isAllowed: () => false,
      claim,
      complete: [READ_ACTION],
      resume: {},
      unusedDays: 30,
    });
    const start = foldEvents(emptyState(), [], inventory(), FACTS, opts(NOW, 'c1'));
    expect(start.findings).toEqual([]); // the audit has only just started looking
    const later = new Date(NOW.getTime() + 31 * 86_400_000);
    const unread = foldEvents(start.state, [], inventory(), FACTS, opts(later, 'c2'));
    expect(unread.findings.map((f) => [f.kind, f.subject])).toEqual([
      ['unread-secret', 'environment:acme/app:production:DEPLOY_KEY:unread'],
    ]);
    const read = foldEvents(
      unread.state,
      [prepared('r1', new Date(later.getTime() + 1000).toISOString())],
      inventory(),
      FACTS,
      opts(new Date(later.getTime() + 2000), 'c3'),
    );
    expect(read.findings).toEqual([]);
    expect(read.resolved.join('\n')).toMatch(/was not read by any job for 30 days: it was read since/);
  });

  it('keeps a removal nobody logged open although the secret is gone', () => {
    const removal = {
      _document_id: 'r1',
      '@timestamp': T('2026-11-30T00:00:00Z'),
      action: 'repo.remove_actions_secret',
      actor: 'bob',
      repo: 'acme/app',
      secret_name: 'OLD_TOKEN',
    };
    const first = fold(emptyState(), [removal]);
    expect(first.findings.map((f) => f.kind).sort()).toEqual(['unauthorized-write', 'unlogged-removal']);
    const later = fold(first.state, [], inventory(), new Date('2027-06-01T00:00:00Z'), 'c2');
    expect(later.findings).toHaveLength(2);
  });
});

describe('a removal the ledger records', () => {
  const removal = {
    _document_id: 'r2',
    '@timestamp': T('2026-11-30T00:00:00Z'),
    action: 'repo.remove_actions_secret',
    actor: 'rotation-bot[bot]',
    repo: 'acme/app',
    secret_name: 'OLD_TOKEN',
  };
  const ledger = (action: string) => {
    const event = new AuditEmitter(
      runContext({ GITHUB_REPOSITORY: 'acme/app' }),
      [],
      () => new Date('2026-11-30T00:01:00Z'),
    ).build({ action, target: { scope: 'repository', name: 'OLD_TOKEN', repository: 'acme/app' }, outcome: 'success' });
    return [{ ledger: 1 as const, seq: 0, prev: null, event, hash: 'x' }];
  };
  const kinds = (entries: ReturnType<typeof ledger>) =>
    foldEvents(emptyState(), [removal], inventory(), FACTS, {
      now: NOW,
      allowedWriters: ['rotation-bot[bot]'],
      isAllowed: (ids) => ids.includes('rotation-bot[bot]'),
      ledger: entries,
      claim: 'c1',
      complete: ['repo.remove_actions_secret'],
      resume: {},
    }).findings.map((f) => f.kind);

  it('is not a finding when the ledger has its secret.delete, and is when it has only a read', () => {
    expect(kinds(ledger('secret.delete'))).toEqual([]);
    expect(kinds(ledger('secret.read'))).toEqual(['unlogged-removal']);
  });
});

describe('secret.read events', () => {
  it('have a stable UUID, validate against the audit-event schema and hold no value', () => {
    const [read] = fold(emptyState(), [prepared('d1', '2026-11-30T00:00:00Z')]).claimed;
    if (!read) throw new Error('no read');
    expect(readEventId(read)).toBe(readEventId({ ...read }));
    const event = new AuditEmitter(runContext({ GITHUB_REPOSITORY: 'acme/security' })).build(
      readRecord(inventory(), read),
    );
    expect(event.id).toBe(readEventId(read));
    expect(event.target).toEqual({
      scope: 'environment',
      name: 'DEPLOY_KEY',
      repository: 'acme/app',
      environment: 'production',
    });
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'audit-event.v1.json'), 'utf8')) as object;
    const validate = addFormats(new Ajv2020({ allErrors: true, strict: true })).compile(schema);
    expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('against the emulator', () => {
  let emulator: Emulator;
  const loc: StateLocation = { owner: 'acme', repo: 'audit', branch: 'audit-log', path: 'state.json' };
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('updates the state as a compare-and-swap: a write in between makes the change apply again on top of it', async () => {
    await emulator.reset();
    await emulator.seed({
      repos: [
        {
          full_name: 'acme/audit',
          files: [
            { path: 'README.md', content: 'x' },
            { path: 'x', content: 'x', branch: 'audit-log' },
          ],
        },
      ],
    });
    const client = createGitHubClient('ghs_test', { baseUrl: emulator.url, writeIntervalMs: 0 });
    await updateState(client, loc, (state) => ({ state: { ...state, seen: { mine: 1 } }, result: 0 }), 'first');
    // Another run writes between this run's read and its write: the write fails (409) and the
    // change is applied again to the other run's state, so neither is lost.
    const seenBy: string[][] = [];
    const { result } = await updateState(
      client,
      loc,
      async (state) => {
        seenBy.push(Object.keys(state.seen).sort());
        // The first time only: the other run's whole update lands after this one read the state.
        if (seenBy.length === 1)
          await updateState(
            client,
            loc,
            (s) => ({ state: { ...s, seen: { ...s.seen, theirs: 2 } }, result: 0 }),
            'other',
          );
        return { state: { ...state, seen: { ...state.seen, ours: 3 } }, result: seenBy.length };
      },
      'ours',
    );
    const final = await loadState(client, loc);
    expect(Object.keys(final.state.seen).sort()).toEqual(['mine', 'ours', 'theirs']);
    // The change ran twice: on the state it first read, then on the one with 'theirs'.
    expect(result).toBe(2);
    expect(seenBy).toEqual([['mine'], ['mine', 'theirs']]);
    // Three updates started together: all land.
    await Promise.all(
      ['a', 'b', 'c'].map((k) =>
        updateState(
          client,
          loc,
          (state) => ({ state: { ...state, seen: { ...state.seen, [k]: 1 } }, result: k }),
          'race',
        ),
      ),
    );
    expect(Object.keys((await loadState(client, loc)).state.seen).sort()).toEqual([
      'a',
      'b',
      'c',
      'mine',
      'ours',
      'theirs',
    ]);
  });

  it('refuses a state file that is not one, saying how to recover', async () => {
    await emulator.reset();
    await emulator.seed({
      repos: [
        {
          full_name: 'acme/audit',
          files: [
            { path: 'README.md', content: 'x' },
            { path: 'state.json', content: '{"version":2}', branch: 'audit-log' },
          ],
        },
      ],
    });
    const client = createGitHubClient('ghs_test', { baseUrl: emulator.url });
    await expect(loadState(client, loc)).rejects.toThrow(
      /not an audit-secrets state \(version 1\)\. Restore it from the branch history/,
    );
  });

  it('stops at the rate limit with a cursor inside a query, and resumes there without reading anything twice', async () => {
    await emulator.reset();
    const events = Array.from({ length: 150 }, (_, i) =>
      prepared(`p${String(i).padStart(3, '0')}`, new Date(T('2026-11-01T00:00:00Z') + i * 60_000).toISOString()),
    );
    await emulator.seed({ orgs: [{ login: 'acme', audit_log: events, audit_log_rate_limit: 1 }] });
    const client = createGitHubClient('ghs_test', { baseUrl: emulator.url, rateLimitRetries: 0, retries: 0 });
    const first = await readApi(client, { org: 'acme', cursors: {}, maxWaitSeconds: 0 });
    expect(first.stopped).toMatch(
      /rate limit \(1,750 queries an hour\) stopped the read at 'workflows\.prepared_workflow_job' \(retry after \d+ s\)/,
    );
    expect(first.documents).toHaveLength(100);
    expect(first.complete).toEqual([]);
    const cursor = first.resume[READ_ACTION];
    expect(cursor?.after).toBeTruthy();
    await emulator.seed({ orgs: [{ login: 'acme', audit_log_rate_limit: 1750 }] });
    const rest = await readApi(client, { org: 'acme', cursors: { [READ_ACTION]: cursor ?? {} }, maxWaitSeconds: 0 });
    expect(rest.stopped).toBeUndefined();
    expect(rest.documents.map((d) => d._document_id)).toEqual(events.slice(100).map((e) => e._document_id));
    expect(rest.complete).toContain(READ_ACTION);
    emulator.assertNoViolations();
  });

  it('waits out a short retry-after and goes on', async () => {
    await emulator.reset();
    await emulator.seed({ orgs: [{ login: 'acme', audit_log: [prepared('w1', '2026-11-01T00:00:00Z')] }] });
    await emulator.addFault({ kind: 'rate-limit', route: '/orgs/{org}/audit-log', retryAfter: 2, times: 1 });
    const client = createGitHubClient('ghs_test', { baseUrl: emulator.url, rateLimitRetries: 0, retries: 0 });
    const waited: number[] = [];
    const got = await readApi(client, {
      org: 'acme',
      cursors: {},
      maxWaitSeconds: 60,
      sleep: (ms) => {
        waited.push(ms);
        return Promise.resolve();
      },
    });
    expect(waited).toEqual([2000]);
    expect(got.stopped).toBeUndefined();
    expect(got.documents.map((d) => d._document_id)).toEqual(['w1']);
  });

  it('answers a token that is not an owner (403) and an organization without Enterprise Cloud (404) as unavailable', async () => {
    await emulator.reset();
    await emulator.seed({
      orgs: [{ login: 'acme' }, { login: 'small', plan: 'team' }],
      tokens: [{ token: 'not-owner', login: 'dev', permissions: { metadata: 'read' } }],
    });
    const owner = createGitHubClient('ghs_test', { baseUrl: emulator.url });
    const notOwner = createGitHubClient('not-owner', { baseUrl: emulator.url });
    const err403 = await readApi(notOwner, { org: 'acme', cursors: {}, maxWaitSeconds: 0 }).catch((e: unknown) => e);
    expect(err403).toBeInstanceOf(AuditLogUnavailable);
    expect((err403 as AuditLogUnavailable).status).toBe(403);
    const err404 = await readApi(owner, { org: 'small', cursors: {}, maxWaitSeconds: 0 }).catch((e: unknown) => e);
    expect((err404 as AuditLogUnavailable).status).toBe(404);
  });
});

describe('sharded event reading', () => {
  it('gives each event to one shard: a read or repository change to its repository’s shard, an organization change to shard 1', async () => {
    const { shardOwns } = await import('../../src/audit/review-events.ts');
    const { shardOf } = await import('../../src/audit/inventory.ts');
    const app = shardOf('acme/app', 2);
    const shards = [1, 2].map((index) => shardOwns({ index, count: 2 }, 'acme'));
    const owners = (d: Record<string, unknown>): number[] => shards.flatMap((owns, i) => (owns(d) ? [i + 1] : []));
    expect(owners(prepared('d1', '2026-11-30T00:00:00Z'))).toEqual([app]);
    const change = {
      _document_id: 'c1',
      '@timestamp': 1,
      action: 'repo.update_actions_secret',
      repo: 'acme/app',
      key: 'X',
    };
    expect(owners(change)).toEqual([app]);
    expect(owners({ ...change, action: 'org.update_actions_secret', repo: undefined })).toEqual([1]);
  });
});

describe('the attempt of a read', () => {
  const attemptOf = (attempts: number | undefined): number | undefined => {
    const facts: RefFacts = {
      ...FACTS,
      runs: new Map([['acme/app#9', { event: 'push', fork: false, ...(attempts ? { attempts } : {}) }]]),
    };
    const doc = prepared('d1', '2026-11-30T00:00:00Z');
    delete doc.run_attempt; // GitHub's record carries none
    return foldEvents(emptyState(), [doc], inventory(), facts, {
      now: NOW,
      allowedWriters: [],
      isAllowed: () => false,
      claim: 'c',
      complete: [READ_ACTION],
      resume: {},
    }).claimed[0]?.runAttempt;
  };
  it('is 1 when the run was never re-run, unknown when it was or the run is gone', () => {
    expect(attemptOf(1)).toBe(1);
    expect(attemptOf(3)).toBeUndefined();
    expect(attemptOf(undefined)).toBeUndefined();
  });
});
