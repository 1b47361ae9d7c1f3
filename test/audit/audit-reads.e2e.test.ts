/**
 * Secret reads and changes from GitHub's audit log, end to end: the committed bundle
 * (dist/audit-secrets/index.js) against the emulator, with a real rsyslog and an HTTP collector as
 * the central sinks, the audit state kept beside the ledger.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/core/audit.ts';
import { type Emulator, type SeedDocument, startEmulator } from '../support/github-emulator/index.ts';
import type { SeedRun } from '../support/github-emulator/seed.ts';
import { type Rsyslog, startRsyslog } from '../support/rsyslog.ts';
import { type RunResult, runBundle } from '../support/runner.ts';
import { silentClient } from './client.ts';

const DAY = 86_400_000;
const NOW = Math.floor(Date.now() / 1000) * 1000;
const ago = (days: number): number => NOW - days * DAY;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const DEPLOY = `name: deploy
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./deploy
        env:
          KEY: \${{ secrets.DEPLOY_KEY }}
`;
const LABEL = `name: label
on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./label
        env:
          KEY: \${{ secrets.DEPLOY_KEY }}
`;
const OTHER = `name: other
on: push
jobs:
  other:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./other
        env:
          KEY: \${{ secrets.DEPLOY_KEY }}
`;

const wf = (file: string, ref = 'refs/heads/main'): string => `acme/app/.github/workflows/${file}@${ref}`;

/**
 * `workflows.prepared_workflow_job` with the fields GitHub documents for it ("Audit log events for
 * your organization"): no trigger event and no attempt, the run has them.
 */
function prepared(
  id: string,
  at: number,
  file: string,
  runId: number,
  ref = 'refs/heads/main',
): Record<string, unknown> {
  return {
    _document_id: id,
    '@timestamp': at,
    created_at: at,
    action: 'workflows.prepared_workflow_job',
    actor: 'octocat',
    org: 'acme',
    repo: 'acme/app',
    job_name: file.replace('.yml', ''),
    job_workflow_ref: wf(file, ref),
    workflow_run_id: runId,
    environment_name: 'production',
    secrets_passed: ['DEPLOY_KEY', 'GITHUB_TOKEN'],
    operation_type: 'create',
  };
}

/** The organization audit log of the scenario, oldest first. */
const AUDIT_LOG: Record<string, unknown>[] = [
  // A hand write 120 days ago: outside the API's three-month default window.
  {
    _document_id: 'doc-old-write',
    '@timestamp': ago(120),
    action: 'repo.update_actions_secret',
    actor: 'mallory',
    org: 'acme',
    repo: 'acme/app',
    key: 'API_KEY',
    operation_type: 'modify',
  },
  prepared('doc-deploy', ago(3), 'deploy.yml', 501),
  prepared('doc-label', ago(2), 'label.yml', 502),
  prepared('doc-other', ago(2) + 1000, 'other.yml', 503),
  prepared('doc-feature', ago(1), 'deploy.yml', 504, 'refs/heads/feature'),
  // Nobody logged these in the ledger.
  {
    _document_id: 'doc-remove',
    '@timestamp': ago(1) + 5000,
    action: 'repo.remove_actions_secret',
    actor: 'bob',
    org: 'acme',
    repo: 'acme/app',
    key: 'OLD_TOKEN',
    operation_type: 'remove',
  },
  {
    _document_id: 'doc-dependabot',
    '@timestamp': ago(1) + 6000,
    action: 'repo.create_integration_secret',
    actor: 'bob',
    org: 'acme',
    repo: 'acme/app',
    key: 'NPM_TOKEN',
    integration: 'dependabot',
    operation_type: 'create',
  },
];

function seed(
  extra: {
    rateLimit?: number;
    rateLimitStatus?: 403 | 429;
    /** Events after the scenario's. */
    events?: Record<string, unknown>[];
    /** More runs of acme/app. */
    runs?: SeedRun[];
    /** Repositories seeded first (a fork a run names). */
    forks?: string[];
  } = {},
): SeedDocument {
  return {
    orgs: [
      {
        login: 'acme',
        audit_log: [...AUDIT_LOG, ...(extra.events ?? [])],
        ...(extra.rateLimit ? { audit_log_rate_limit: extra.rateLimit } : {}),
        ...(extra.rateLimitStatus ? { audit_log_rate_limit_status: extra.rateLimitStatus } : {}),
      },
    ],
    repos: [
      ...(extra.forks ?? []).map((full_name) => ({ full_name, fork: true, default_branch: 'main' })),
      {
        full_name: 'acme/app',
        default_branch: 'main',
        visibility: 'private',
        protected_branches: ['main'],
        branches: ['feature'],
        files: {
          '.github/workflows/deploy.yml': DEPLOY,
          '.github/workflows/label.yml': LABEL,
          '.github/workflows/other.yml': OTHER,
        },
        secrets: [{ name: 'API_KEY', value: 'api-value', created_at: iso(ago(200)), updated_at: iso(ago(120)) }],
        dependabot_secrets: [
          { name: 'NPM_TOKEN', value: 'npm-value', created_at: iso(ago(1) + 6000), updated_at: iso(ago(1) + 6000) },
        ],
        environments: [
          {
            name: 'production',
            reviewers: [{ type: 'User', login: 'alice' }],
            secrets: [
              { name: 'DEPLOY_KEY', value: 'deploy-value', created_at: iso(ago(30)), updated_at: iso(ago(30)) },
            ],
          },
        ],
        runs: [
          { id: 501, path: '.github/workflows/deploy.yml', event: 'push', head_branch: 'main' },
          { id: 502, path: '.github/workflows/label.yml', event: 'pull_request_target', head_branch: 'main' },
          { id: 503, path: '.github/workflows/other.yml', event: 'push', head_branch: 'main' },
          { id: 504, path: '.github/workflows/deploy.yml', event: 'push', head_branch: 'feature' },
          ...(extra.runs ?? []),
        ],
      },
      {
        full_name: 'acme/audit',
        default_branch: 'main',
        files: [
          { path: 'README.md', content: 'ledger\n' },
          { path: 'ledger.jsonl', content: '\n', branch: 'audit-log' },
        ],
      },
    ],
  };
}

const READERS = `secrets:
  DEPLOY_KEY:
    workflows:
      - acme/app/.github/workflows/deploy.yml
      - acme/app/.github/workflows/label.yml
`;

const KEY = 'environment:acme/app:production:DEPLOY_KEY';
/** The read findings the scenario must give: each once. */
const READ_FINDINGS = [
  ['secret-read-unlisted-reader', `${KEY}<-acme/app/.github/workflows/other.yml`],
  ['secret-read-unprotected-ref', `${KEY}<-acme/app/.github/workflows/deploy.yml@refs/heads/feature`],
  ['secret-read-untrusted-trigger', `${KEY}<-acme/app/.github/workflows/label.yml:pull_request_target`],
].sort();
const OLD_WRITE = `audit-log:repo.update_actions_secret:acme/app::API_KEY:mallory:${new Date(ago(120)).toISOString()}`;
const EVENT_FINDINGS = [
  ...READ_FINDINGS,
  ['unauthorized-write', OLD_WRITE],
  [
    'unauthorized-write',
    `audit-log:repo.remove_actions_secret:acme/app::OLD_TOKEN:bob:${new Date(ago(1) + 5000).toISOString()}`,
  ],
  [
    'unauthorized-write',
    `audit-log:repo.create_integration_secret:acme/app::NPM_TOKEN:bob:${new Date(ago(1) + 6000).toISOString()}`,
  ],
  ['unlogged-removal', 'removed:repository:acme/app:OLD_TOKEN:doc-remove'],
].sort();
/** Reads: (document, secret) pairs; GITHUB_TOKEN is not a stored secret. */
const READ_IDS = ['doc-deploy:DEPLOY_KEY', 'doc-feature:DEPLOY_KEY', 'doc-label:DEPLOY_KEY', 'doc-other:DEPLOY_KEY'];

interface Finding {
  kind: string;
  subject: string;
}

const EVENT_KINDS = new Set(['unauthorized-write', 'unlogged-removal', 'unread-secret']);
function eventFindings(result: RunResult): string[][] {
  return (JSON.parse(result.outputs.findings ?? '[]') as Finding[])
    .filter((f) => f.kind.startsWith('secret-read-') || EVENT_KINDS.has(f.kind))
    .map((f) => [f.kind, f.subject])
    .sort();
}

describe('audit-secrets reads GitHub’s audit log: secret reads, every change, a watermark', () => {
  let emulator: Emulator;
  let rsyslog: Rsyslog;
  let collector: Server;
  let collectorUrl = '';
  const posted: AuditEvent[] = [];
  const work = mkdtempSync(join(tmpdir(), 'sd-reads-e2e-'));
  const readersFile = join(work, 'readers.yml');
  writeFileSync(readersFile, READERS);

  beforeAll(async () => {
    [emulator, rsyslog] = await Promise.all([startEmulator(), startRsyslog()]);
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        posted.push(...(JSON.parse(body) as AuditEvent[]));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const address = collector.address();
    collectorUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/audit`;
  });
  afterAll(async () => {
    await Promise.all([
      emulator?.close(),
      rsyslog?.close(),
      new Promise<void>((r) => (collector ? collector.close(() => r()) : r())),
    ]);
  });

  const run = (app: string, extra: Record<string, string> = {}): Promise<RunResult> =>
    runBundle('audit-secrets', {
      env: { GITHUB_API_URL: emulator.url, SECURE_DEPLOY_WRITE_INTERVAL_MS: '0' },
      inputs: {
        organization: 'acme',
        'allowed-writers': 'rotation-bot[bot]',
        ledger: 'acme/audit@audit-log:ledger.jsonl',
        'readers-policy': readersFile,
        'sarif-file': '',
        'findings-file': '',
        'fail-on': 'none',
        'audit-log': [`syslog 127.0.0.1:${rsyslog.tcpPort} app=${app}`, `http ${collectorUrl}`].join('\n'),
        ...extra,
      },
    });

  /** secret.read events a sink received, by read id (document:secret), for one app tag. */
  const syslogReads = (app: string): string[] =>
    rsyslog
      .parsed()
      .filter((m) => m.app === app && m.msgid === 'secret.read')
      .map((m) => JSON.parse(m.msg.replace(/^\ufeff/, '')) as AuditEvent)
      .map((e) => `${String(e.details.document_id)}:${e.target.name ?? ''}`)
      .sort();
  /** Waits (bounded) until rsyslog holds `count` reads tagged `app`. */
  const readsArrive = async (app: string, count: number): Promise<void> => {
    const end = Date.now() + 45_000;
    while (syslogReads(app).length < count && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  };
  const collectorReads = (ids: ReadonlySet<string>): string[] =>
    posted
      .filter((e) => e.action === 'secret.read' && ids.has(e.id))
      .map((e) => `${String(e.details.document_id)}:${e.target.name ?? ''}`)
      .sort();

  it(
    'two overlapping runs: the read findings each once, every read in rsyslog and the collector exactly once, unlogged removal and Dependabot write found, an old write kept',
    { timeout: 300_000 },
    async () => {
      await emulator.reset();
      await emulator.seed(seed());
      // The API's default window hides the old write: only a `created:` qualifier reaches it.
      const client = silentClient(emulator.url);
      const windowed = await client.request('GET /orgs/{org}/audit-log', {
        org: 'acme',
        phrase: 'action:repo.update_actions_secret',
      });
      expect(windowed.data).toEqual([]);

      // Make the runs overlap for certain: both read the same state and both ask to write it before
      // either write is processed. The first write wins; the other's compare-and-swap fails (409),
      // it reads the state again and finds the reads already claimed.
      await emulator.addFault({
        kind: 'hold',
        method: 'PUT',
        route: '/repos/acme/audit/contents/audit-secrets-state.json',
        times: 2,
      });
      const both = Promise.all([run('overlap'), run('overlap')]);
      while (emulator.heldCount() < 2) await new Promise((r) => setTimeout(r, 20));
      expect(await emulator.release()).toBe(2);
      const [a, b] = await both;
      const puts = (await emulator.requests()).filter(
        (q) => q.method === 'PUT' && q.path === '/repos/acme/audit/contents/audit-secrets-state.json',
      );
      // The state file did not exist yet: GitHub refuses the second create with 422 ("sha" wasn't
      // supplied); on an existing file a stale sha gets 409. Either way one write was refused.
      expect(puts.map((q) => q.status)).toEqual([201, 422, 200]);
      for (const r of [a, b]) {
        expect(r.exitCode, r.stdout).toBe(0);
        expect(r.outputs.partial).toBe('false');
        expect(eventFindings(r)).toEqual(EVENT_FINDINGS);
      }
      // The Dependabot secret written without a ledger event is also found from the inventory.
      expect((JSON.parse(a.outputs.findings ?? '[]') as Finding[]).map((f) => [f.kind, f.subject])).toContainEqual([
        'unlogged-write',
        'dependabot:acme/app:NPM_TOKEN',
      ]);
      // One run claimed the reads, the other found none new: together, each read once.
      expect([Number(a.outputs.reads), Number(b.outputs.reads)].sort()).toEqual([0, 4]);
      const got = await rsyslog.waitFor(READ_IDS.length);
      expect(got.length).toBeGreaterThanOrEqual(READ_IDS.length);
      expect(syslogReads('overlap')).toEqual(READ_IDS);
      const ids = new Set(
        rsyslog
          .parsed()
          .filter((m) => m.app === 'overlap' && m.msgid === 'secret.read')
          .map((m) => (JSON.parse(m.msg.replace(/^\ufeff/, '')) as AuditEvent).id),
      );
      expect(collectorReads(ids)).toEqual(READ_IDS);
      const read = posted.find((e) => e.action === 'secret.read' && e.details.document_id === 'doc-label');
      expect(read?.target).toEqual({
        scope: 'environment',
        name: 'DEPLOY_KEY',
        repository: 'acme/app',
        environment: 'production',
      });
      expect(read?.details.reader).toMatchObject({
        repository: 'acme/app',
        workflow_ref: wf('label.yml'),
        event: 'pull_request_target',
        run_id: 502,
        run_attempt: 1,
        job: 'label',
        environment: 'production',
      });
      for (const value of ['deploy-value', 'api-value', 'npm-value']) {
        expect(a.everything).not.toContain(value);
        expect(b.everything).not.toContain(value);
      }

      // A third run: nothing new to send, the findings (the 120-day-old write too) still open.
      const c = await run('third');
      expect(c.exitCode, c.stdout).toBe(0);
      expect(c.outputs.reads).toBe('0');
      expect(eventFindings(c)).toEqual(EVENT_FINDINGS);
      expect(syslogReads('third')).toEqual([]);
      emulator.assertNoViolations();
    },
  );

  it(
    'the same findings from a streamed JSON-lines export with the API switched off',
    { timeout: 120_000 },
    async () => {
      await emulator.reset();
      await emulator.seed(seed());
      // As a stream delivers it: several files, one gzip-compressed, a duplicate, out of order, and
      // events of kinds the audit does not read.
      const lines = AUDIT_LOG.map((e) => JSON.stringify(e));
      const plain = join(work, 'export-1.json');
      const gz = join(work, 'export-2.json.gz');
      writeFileSync(
        plain,
        [
          lines[3],
          lines[0],
          JSON.stringify({ _document_id: 'x', '@timestamp': NOW, action: 'repo.create' }),
          lines[1],
        ].join('\n') + '\n',
      );
      writeFileSync(gz, gzipSync([lines[2], lines[4], lines[5], lines[6], lines[1]].join('\n') + '\n'));
      const r = await run('export', { 'read-audit-log': 'false', 'audit-log-export': `${plain}\n${gz}` });
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.outputs.partial).toBe('false');
      expect(eventFindings(r)).toEqual(EVENT_FINDINGS);
      expect(r.outputs.reads).toBe('4');
      expect(r.summary).toMatch(
        /Streamed export: 7 event\(s\) read from 2 file\(s\), 1 duplicate\(s\) and 1 event\(s\) of other kinds skipped/,
      );
      expect(syslogReads('export')).toEqual(READ_IDS);
    },
  );

  it(
    'a rate-limited run stops, says how far it got, and the next run resumes there',
    { timeout: 180_000 },
    async () => {
      await emulator.reset();
      await emulator.seed(seed({ rateLimit: 4 }));
      const first = await run('limited', { 'allow-partial': 'true' });
      expect(first.exitCode, first.stdout).toBe(0);
      expect(first.outputs.partial).toBe('true');
      expect(first.warnings.join('\n')).toMatch(
        /rate limit \(1,750 queries an hour\) stopped the read at '[a-z.]+_[a-z_]+'/,
      );
      // The reads query ran first and completed: its reads are sent once, now.
      expect(first.outputs.reads).toBe('4');
      const state = await silentClient(emulator.url).request('GET /repos/{owner}/{repo}/contents/{path}', {
        owner: 'acme',
        repo: 'audit',
        path: 'audit-secrets-state.json',
        ref: 'audit-log',
      });
      const saved = JSON.parse(Buffer.from((state.data as { content: string }).content, 'base64').toString('utf8')) as {
        queries: Record<string, { through?: number }>;
      };
      expect(saved.queries['workflows.prepared_workflow_job']?.through).toBe(ago(1));

      // The hour passes (the limit resets): the next run reads the rest and finds everything.
      await emulator.seed({ orgs: [{ login: 'acme', audit_log_rate_limit: 1750 }] });
      const second = await run('limited');
      expect(second.exitCode, second.stdout).toBe(0);
      expect(second.outputs.partial).toBe('false');
      expect(eventFindings(second)).toEqual(EVENT_FINDINGS);
      expect(second.outputs.reads).toBe('0');
      expect(syslogReads('limited')).toEqual(READ_IDS);
      emulator.assertNoViolations();
    },
  );

  it(
    'a production secret read by a pull_request job from a fork: the fork finding, once, the run asked once',
    { timeout: 180_000 },
    async () => {
      await emulator.reset();
      // GitHub hands secrets to fork pull requests of a private repository when its owner allows
      // it ("Send secrets to workflows from fork pull requests"). The record names the trigger,
      // `pull_request`, which is no untrusted trigger by itself: only the run says it came from a fork.
      const forked = {
        ...prepared('doc-fork', ago(1) + 7000, 'deploy.yml', 505, 'refs/pull/7/merge'),
        event: 'pull_request',
        actor: 'eve',
      };
      await emulator.seed(
        seed({
          events: [forked],
          forks: ['eve/app'],
          runs: [
            {
              id: 505,
              path: '.github/workflows/deploy.yml',
              event: 'pull_request',
              head_branch: 'main',
              head_repository: 'eve/app',
            },
          ],
        }),
      );
      const forkFindings = (r: RunResult): string[] =>
        (JSON.parse(r.outputs.findings ?? '[]') as Finding[])
          .filter((f) => f.kind === 'secret-read-untrusted-trigger' && f.subject.endsWith(':fork'))
          .map((f) => f.subject);
      const runRequests = async (): Promise<number> =>
        (await emulator.requests()).filter((q) => q.method === 'GET' && q.path === '/repos/acme/app/actions/runs/505')
          .length;
      const first = await run('fork');
      expect(first.exitCode, first.stdout).toBe(0);
      expect(forkFindings(first)).toEqual([`${KEY}<-acme/app/.github/workflows/deploy.yml:fork`]);
      // One request for the run, although the record already named its trigger.
      expect(await runRequests()).toBe(1);
      const read = posted.find((e) => e.action === 'secret.read' && e.details.document_id === 'doc-fork');
      expect(read?.details.reader).toMatchObject({ event: 'pull_request', fork: true, run_id: 505 });

      // The second run: the finding still once (remembered, not found twice), nothing sent again.
      const second = await run('fork');
      expect(second.exitCode, second.stdout).toBe(0);
      expect(forkFindings(second)).toEqual([`${KEY}<-acme/app/.github/workflows/deploy.yml:fork`]);
      expect(second.outputs.reads).toBe('0');
      emulator.assertNoViolations();
    },
  );

  it(
    'a 403 rate limit (x-ratelimit-remaining: 0) in the middle of a query: the run stops cleanly, keeps the cursor, and the next run resumes there, each read sent once',
    { timeout: 240_000 },
    async () => {
      await emulator.reset();
      // 130 more reads before the scenario's: the reads query needs two pages of 100, and the
      // limit (one query an hour) answers the second with GitHub's primary-limit 403.
      const bulk = Array.from({ length: 130 }, (_, i) =>
        prepared(`doc-bulk-${String(i).padStart(3, '0')}`, ago(5) + i * 1000, 'deploy.yml', 501),
      );
      await emulator.seed(seed({ rateLimit: 1, rateLimitStatus: 403, events: bulk }));
      const all = [...READ_IDS, ...bulk.map((d) => `${String(d._document_id)}:DEPLOY_KEY`)].sort();

      const first = await run('limited403', { 'allow-partial': 'true' });
      expect(first.exitCode, first.stdout).toBe(0);
      expect(first.outputs.partial).toBe('true');
      const limited = (await emulator.requests()).filter((q) => q.path === '/orgs/acme/audit-log');
      expect(limited.map((q) => q.status)).toEqual([200, 403]);
      expect(first.summary).toMatch(
        /Audit log API: 100 event\(s\) in 2 queries; stopped early: the audit log's rate limit \(1,750 queries an hour\) stopped the read at 'workflows\.prepared_workflow_job' \(retry after \d+ s\)/,
      );
      expect(first.summary).toMatch(/audit log read in part: .*; 25 queries resume from the recorded cursor next run/);
      // The first page's reads are sent now; nothing of the rest.
      expect(first.outputs.reads).toBe('100');
      await readsArrive('limited403', 100);
      const state = await silentClient(emulator.url).request('GET /repos/{owner}/{repo}/contents/{path}', {
        owner: 'acme',
        repo: 'audit',
        path: 'audit-secrets-state.json',
        ref: 'audit-log',
      });
      const saved = JSON.parse(Buffer.from((state.data as { content: string }).content, 'base64').toString('utf8')) as {
        queries: Record<string, { through?: number; after?: string }>;
      };
      // The reads query stopped after its first page: no watermark yet, its cursor kept.
      expect(saved.queries['workflows.prepared_workflow_job']?.through).toBeUndefined();
      expect(saved.queries['workflows.prepared_workflow_job']?.after).toEqual(expect.any(String));

      // The hour passes: the next run starts at the cursor, not at the oldest event.
      await emulator.seed({ orgs: [{ login: 'acme', audit_log_rate_limit: 1750 }] });
      await emulator.clearRequests();
      const second = await run('limited403');
      expect(second.exitCode, second.stdout).toBe(0);
      expect(second.outputs.partial).toBe('false');
      const resumed = (await emulator.requests()).find((q) => q.path === '/orgs/acme/audit-log');
      expect(resumed?.query.after).toBe(saved.queries['workflows.prepared_workflow_job']?.after);
      expect(second.outputs.reads).toBe('34');
      expect(eventFindings(second)).toEqual(EVENT_FINDINGS);
      await readsArrive('limited403', 134);
      // Across both runs: every read in rsyslog exactly once, none lost, none twice.
      expect(syslogReads('limited403')).toEqual(all);
      emulator.assertNoViolations();
    },
  );

  for (const config of [
    'with audit-state',
    'without audit-state or ledger',
    'with its audit-state lost once the event aged out',
  ] as const) {
    it(
      `${config}: an event finding's issue stays open after its event ages out of GitHub's log, and closes (completed, once) when the cause is gone`,
      { timeout: 300_000 },
      async () => {
        await emulator.reset();
        await emulator.seed(seed());
        const stateless = config === 'without audit-state or ledger';
        // A state created afresh (new, or deleted by hand) remembers nothing older than itself.
        const lost = config === 'with its audit-state lost once the event aged out';
        const inputs: Record<string, string> = {
          'issues-repository': 'acme/audit',
          ...(stateless ? { ledger: '' } : {}),
        };
        const client = silentClient(emulator.url);
        const issueOf = async (subject: string): Promise<{ number: number; state: string; state_reason?: string }> => {
          const all = (await client.paginate('GET /repos/{owner}/{repo}/issues', {
            owner: 'acme',
            repo: 'audit',
            state: 'all',
            labels: 'secure-deploy-audit',
          })) as { number: number; state: string; state_reason?: string; body?: string }[];
          const found = all.filter((i) => (i.body ?? '').includes(`**Subject:** \`${subject}\``));
          expect(found).toHaveLength(1);
          return found[0] as { number: number; state: string; state_reason?: string };
        };
        const closed = (r: RunResult): number[] => JSON.parse(r.outputs['issues-closed'] ?? '[]') as number[];
        const UNLISTED = `${KEY}<-acme/app/.github/workflows/other.yml`;

        const first = await run('memory', inputs);
        expect(first.exitCode, first.stdout).toBe(0);
        expect(eventFindings(first)).toContainEqual(['unauthorized-write', OLD_WRITE]);
        const write = await issueOf(OLD_WRITE);
        const reader = await issueOf(UNLISTED);
        expect([write.state, reader.state]).toEqual(['open', 'open']);

        // 100 days later the 120-day-old write is past what GitHub keeps (this month and the six
        // before): the API no longer returns it. Its issue stays open.
        await emulator.seed({ clock: new Date(NOW + 100 * DAY).toISOString() });
        // Lost: the state starts afresh (as if deleted) from this run on.
        if (lost) Object.assign(inputs, { 'audit-state': 'acme/audit@audit-log:new-state.json' });
        const aged = await run('memory', inputs);
        expect(aged.exitCode, aged.stdout).toBe(0);
        expect(eventFindings(aged).some(([, subject]) => subject === OLD_WRITE)).toBe(!stateless && !lost);
        expect(closed(aged)).toEqual([]);
        expect((await issueOf(OLD_WRITE)).state).toBe('open');
        expect((await issueOf(UNLISTED)).state).toBe('open');
        if (stateless || lost) expect(aged.summary).toMatch(/1 issue\(s\) of audit-log findings kept open/);
        // And on the run after (a state recreated by the last run now exists): still open.
        const agedAgain = await run('memory', inputs);
        expect(agedAgain.exitCode, agedAgain.stdout).toBe(0);
        expect(closed(agedAgain)).toEqual([]);
        expect((await issueOf(OLD_WRITE)).state).toBe('open');
        expect((await issueOf(UNLISTED)).state).toBe('open');

        // The causes go: API_KEY is written again, other.yml no longer names DEPLOY_KEY.
        await emulator.seed({
          repos: [
            {
              full_name: 'acme/app',
              secrets: [{ name: 'API_KEY', value: 'api-value-2', updated_at: iso(NOW + 100 * DAY) }],
              files: { '.github/workflows/other.yml': OTHER.replace('KEY: ${{ secrets.DEPLOY_KEY }}', 'KEY: none') },
            },
          ],
        });
        const gone = await run('memory', inputs);
        expect(gone.exitCode, gone.stdout).toBe(0);
        // (Inventory findings about the old API_KEY close with it.)
        expect(closed(gone)).toEqual(expect.arrayContaining([write.number, reader.number]));
        for (const subject of [OLD_WRITE, UNLISTED])
          expect(await issueOf(subject)).toMatchObject({ state: 'closed', state_reason: 'completed' });

        // Once: the next run closes nothing again and reopens nothing.
        const after = await run('memory', inputs);
        expect(after.exitCode, after.stdout).toBe(0);
        expect(closed(after)).toEqual([]);
        expect(JSON.parse(after.outputs['issues-created'] ?? '[]')).toEqual([]);
        for (const subject of [OLD_WRITE, UNLISTED]) expect((await issueOf(subject)).state).toBe('closed');
        emulator.assertNoViolations();
      },
    );
  }

  it(
    "two shards: each reads the audit log and keeps its own repositories' events; every read in the sinks once, every finding once, across two rounds",
    { timeout: 300_000 },
    async () => {
      await emulator.reset();
      const base = seed();
      // acme/api falls in shard 1 of 2, acme/app (and acme/audit) in shard 2 (FNV-1a of the name).
      const apiRead = (id: string, at: number, runId: number, ref: string): Record<string, unknown> => ({
        ...prepared(id, at, 'deploy.yml', runId, ref),
        repo: 'acme/api',
        job_workflow_ref: `acme/api/.github/workflows/deploy.yml@${ref}`,
        secrets_passed: ['API_DEPLOY'],
      });
      const orgWrite = {
        _document_id: 'doc-org-write',
        '@timestamp': ago(1) + 8000,
        action: 'org.update_actions_secret',
        actor: 'mallory',
        org: 'acme',
        key: 'ORG_TOKEN',
        operation_type: 'modify',
      };
      await emulator.seed({
        ...base,
        orgs: [
          {
            login: 'acme',
            // Written by that change (else the finding would be resolved: the secret gone).
            secrets: [
              { name: 'ORG_TOKEN', value: 'org-value', created_at: iso(ago(40)), updated_at: iso(ago(1) + 8000) },
            ],
            audit_log: [
              ...AUDIT_LOG,
              apiRead('doc-api-main', ago(2) + 2000, 601, 'refs/heads/main'),
              apiRead('doc-api-feature', ago(1) + 9000, 602, 'refs/heads/feature'),
              orgWrite,
            ],
          },
        ],
        repos: [
          ...(base.repos ?? []),
          {
            full_name: 'acme/api',
            default_branch: 'main',
            visibility: 'private',
            protected_branches: ['main'],
            branches: ['feature'],
            files: { '.github/workflows/deploy.yml': DEPLOY.replace('DEPLOY_KEY', 'API_DEPLOY') },
            environments: [
              {
                name: 'production',
                reviewers: [{ type: 'User', login: 'alice' }],
                secrets: [
                  { name: 'API_DEPLOY', value: 'api-deploy-value', created_at: iso(ago(30)), updated_at: iso(ago(30)) },
                ],
              },
            ],
            runs: [
              { id: 601, path: '.github/workflows/deploy.yml', event: 'push', head_branch: 'main' },
              { id: 602, path: '.github/workflows/deploy.yml', event: 'push', head_branch: 'feature' },
            ],
          },
        ],
      });
      const API_KEY_ = 'environment:acme/api:production:API_DEPLOY';
      const API_READS = ['doc-api-feature:API_DEPLOY', 'doc-api-main:API_DEPLOY'];
      const expected = [
        ...EVENT_FINDINGS,
        ['secret-read-unprotected-ref', `${API_KEY_}<-acme/api/.github/workflows/deploy.yml@refs/heads/feature`],
        [
          'unauthorized-write',
          `audit-log:org.update_actions_secret:acme::ORG_TOKEN:mallory:${new Date(ago(1) + 8000).toISOString()}`,
        ],
      ].sort();
      const round = async (tag: string, extra: Record<string, string> = {}): Promise<RunResult[]> => {
        const runs = await Promise.all(
          ['1/2', '2/2'].map((shard) =>
            run(`${tag}${shard[0] ?? ''}`, {
              shard,
              'allow-partial': 'true',
              'findings-file': join(work, `${tag}-${shard[0] ?? ''}.json`),
              ...extra,
            }),
          ),
        );
        for (const r of runs) expect(r.exitCode, r.stdout).toBe(0);
        return runs;
      };
      const [one, two] = await round('shard');
      if (!one || !two) throw new Error('two shard runs expected');
      // Each shard reviewed only its own repositories' reads: nothing unreviewed, nothing partial.
      for (const r of [one, two]) {
        expect(r.outputs.partial, r.summary).toBe('false');
        expect(r.warnings.join('\n')).not.toMatch(/not reviewed/);
      }
      // Every finding once across the shards (the merge would join them).
      const both = [...eventFindings(one), ...eventFindings(two)].sort();
      expect(both).toEqual(expected);
      expect(
        eventFindings(one)
          .map(([, s]) => s)
          .every((s = '') => s.includes('acme/api') || s.includes(':acme::')),
      ).toBe(true);
      // Every read in the sinks once: shard 1 sent acme/api's, shard 2 acme/app's.
      await readsArrive('shard1', 2);
      await readsArrive('shard2', 4);
      expect(syslogReads('shard1')).toEqual(API_READS);
      expect(syslogReads('shard2')).toEqual(READ_IDS);
      // Each shard keeps its own audit state beside the ledger.
      const paths = (await emulator.requests())
        .filter((q) => q.method === 'PUT' && q.path.startsWith('/repos/acme/audit/contents/'))
        .map((q) => q.path);
      expect([...new Set(paths)].sort()).toEqual([
        '/repos/acme/audit/contents/audit-secrets-state.shard-1-of-2.json',
        '/repos/acme/audit/contents/audit-secrets-state.shard-2-of-2.json',
      ]);

      // A second round: nothing sent again, the same findings, each once.
      const [again1, again2] = await round('again');
      if (!again1 || !again2) throw new Error('two shard runs expected');
      expect([again1.outputs.reads, again2.outputs.reads]).toEqual(['0', '0']);
      expect([...eventFindings(again1), ...eventFindings(again2)].sort()).toEqual(expected);
      expect(again1.everything).not.toContain('api-deploy-value');

      // The merge joins them: each finding once. The readers policy names DEPLOY_KEY, which only
      // shard 2 holds: not a misspelt name.
      const merge = (tag: string): Promise<RunResult> =>
        run(`${tag}-merge`, {
          merge: [1, 2].map((i) => join(work, `${tag}-${i}.json`)).join('\n'),
          'allow-partial': 'true',
        });
      const merged = await merge('again');
      expect(merged.exitCode, merged.stdout).toBe(0);
      expect(merged.outputs.partial).toBe('false');
      expect(eventFindings(merged)).toEqual(expected);
      // A name no shard holds is misspelt: the merged audit says so and is not clean.
      const typo = join(work, 'shard-typo.yml');
      writeFileSync(typo, READERS.replace('DEPLOY_KEY:', 'DEPLOY_KYE:'));
      await round('typo', { 'readers-policy': typo });
      const typoMerged = await merge('typo');
      expect(typoMerged.outputs.partial).toBe('true');
      expect(typoMerged.summary).toMatch(/readers-policy names secret\(s\) no shard holds: DEPLOY_KYE/);
      emulator.assertNoViolations();
    },
  );

  it('refuses a readers policy that names a secret nobody has, or an invalid pattern, before reading anything', async () => {
    await emulator.reset();
    await emulator.seed(seed());
    const typo = join(work, 'typo.yml');
    writeFileSync(typo, READERS.replace('DEPLOY_KEY:', 'DEPLOY_KYE:'));
    const r = await run('typo', { 'readers-policy': typo });
    expect(r.exitCode).toBe(1);
    expect(r.errors.at(-1)).toMatch(
      /Input 'readers-policy': .*typo\.yml names secret\(s\) no audited scope holds: DEPLOY_KYE\./,
    );
    const invalid = join(work, 'invalid.yml');
    writeFileSync(invalid, 'secrets:\n  DEPLOY_KEY:\n    refs: [main]\n');
    const bad = await run('invalid', { 'readers-policy': invalid });
    expect(bad.exitCode).toBe(1);
    expect(bad.errors.at(-1)).toMatch(/secrets\.DEPLOY_KEY\.refs\[0\] 'main' must start with 'refs\/'/);
    // Nothing was claimed or written: the state file does not exist.
    const state = await silentClient(emulator.url)
      .request('GET /repos/{owner}/{repo}/contents/{path}', {
        owner: 'acme',
        repo: 'audit',
        path: 'audit-secrets-state.json',
        ref: 'audit-log',
      })
      .catch((e: { status?: number }) => e.status);
    expect(state).toBe(404);
  });

  it(
    'says which checks could not run when the audit log API is missing (not Enterprise Cloud)',
    { timeout: 120_000 },
    async () => {
      await emulator.reset();
      await emulator.seed({ ...seed(), orgs: [{ login: 'acme', plan: 'team' }] });
      const r = await run('team', { 'allow-partial': 'true' });
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.outputs.partial).toBe('true');
      expect(r.summary).toMatch(
        /audit log not read \(404 .*only on GitHub Enterprise Cloud\): secret reads \(workflows\.prepared_workflow_job\)/,
      );
      expect(r.warnings.join('\n')).toMatch(/Not checked: which jobs GitHub handed secrets to/);
      expect(eventFindings(r)).toEqual([]);
    },
  );
});
