/**
 * audit-secrets within GitHub's hourly budget, end to end: the committed bundle
 * (dist/audit-secrets/index.js) with a request cache file and `max-requests`, against the
 * emulator's books (rate-limit units as GitHub counts them, 304s free).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { type RunResult, assertNoLeaks, runBundle } from '../support/runner.ts';
import { rotationState } from './rotation-state.ts';

interface Report {
  repositories: string[];
  partial: string[];
  findings: { kind: string; scope: string; subject: string }[];
}

const TOKEN = 'ghs_budget_e2e';
const REPOS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
const recent = new Date(Date.now() - 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const old = new Date(Date.now() - 400 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const WORKFLOW =
  'on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        env:\n          K: ${{ secrets.API_KEY }}\n';

let emulator: Emulator;
let work: string;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await emulator.reset();
  work = mkdtempSync(join(tmpdir(), 'sd-budget-e2e-'));
  await seedOrganization();
});

async function seedOrganization(): Promise<void> {
  await emulator.seed({
    users: [{ login: 'alice', type: 'User' }],
    orgs: [{ login: 'acme' }],
    repos: REPOS.map((name, index) => ({
      full_name: `acme/${name}`,
      files: { '.github/workflows/ci.yml': WORKFLOW },
      secrets: [{ name: 'API_KEY', value: `key-${name}`, created_at: recent, updated_at: recent }],
      // rotate-secret's record of API_KEY (src/core/rotation-records.ts): rotated, so not a finding.
      variables: [{ name: 'API_KEY_ROTATION_REPOSITORY', value: rotationState(index, recent) }],
    })),
  });
}

async function audit(
  inputs: Record<string, string | number | boolean> = {},
  token = TOKEN,
): Promise<RunResult & { report: Report }> {
  emulator.server.books.clearCounts();
  const findingsFile = join(work, `findings-${Date.now()}-${Math.random()}.json`);
  const result = await runBundle('audit-secrets', {
    env: { GITHUB_API_URL: emulator.url },
    token,
    inputs: {
      organization: 'acme',
      'read-audit-log': false,
      'fail-on': 'none',
      'allow-partial': true,
      'sarif-file': '',
      'findings-file': findingsFile,
      'cache-file': join(work, 'cache', 'audit-etags.json'),
      concurrency: 1,
      ...inputs,
    },
  });
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  return { ...result, report: JSON.parse(readFileSync(findingsFile, 'utf8')) as Report };
}

describe('audit-secrets with a request cache', () => {
  it('finds a change made between two runs although the second run answers from the cache', async () => {
    const first = await audit();
    expect(first.report.repositories).toHaveLength(REPOS.length);
    expect(first.report.findings).toEqual([]);
    const cold = emulator.server.books.summary();
    expect(cold.notModified).toBe(0);

    // Between the runs: bravo gets a secret last written 400 days ago that no workflow uses.
    await emulator.seed({
      repos: [
        {
          full_name: 'acme/bravo',
          secrets: [{ name: 'LEGACY', value: 'legacy-value', created_at: old, updated_at: old }],
        },
      ],
    });
    const second = await audit();
    const warm = emulator.server.books.summary();
    // Only bravo's secret list changed: every other read was a free 304.
    expect(warm.counted).toBe(1);
    expect(warm.notModified).toBeGreaterThan(cold.counted - 2);
    expect(second.report.partial).toEqual([]);
    expect(new Set(second.report.findings.map((f) => f.scope))).toEqual(new Set(['acme/bravo']));
    for (const f of second.report.findings) expect(f.subject).toContain('LEGACY');
    expect(second.report.findings.map((f) => f.kind).sort()).toEqual([
      'never-rotated',
      'stale-secret',
      'unused-secret',
    ]);
    // The cache never holds a secret value.
    const cache = readFileSync(join(work, 'cache', 'audit-etags.json'), 'utf8');
    for (const value of ['legacy-value', ...REPOS.map((n) => `key-${n}`)]) expect(cache).not.toContain(value);
  });

  it('a warm run with a new token pays the cold price: its 200s count, and nothing stale is served', async () => {
    await audit();
    const cold = emulator.server.books.summary();
    // Between the runs: bravo gets a secret last written 400 days ago that no workflow uses.
    await emulator.seed({
      repos: [
        {
          full_name: 'acme/bravo',
          secrets: [{ name: 'LEGACY', value: 'legacy-value', created_at: old, updated_at: old }],
        },
      ],
    });
    // Another token of the same identity (the next hour's App installation token, or
    // `github.token` in the next run): GitHub's ETags are token-specific (fact etag-per-token).
    const next = await audit({}, 'ghs_budget_e2e_next_hour');
    const warm = emulator.server.books.summary();
    expect(warm.notModified).toBe(0);
    expect(warm.counted).toBe(cold.counted);
    // The run counts them too: REST requests that counted plus the GraphQL points.
    const units = /(\d+) rate-limit units spent, (\d+) requests sent, (\d+) answered 304/.exec(
      next.stdout + next.summary,
    );
    expect(units?.slice(1).map(Number)).toEqual([cold.counted + cold.graphqlPoints, expect.any(Number), 0]);
    expect(next.report.partial).toEqual([]);
    expect(next.report.repositories).toHaveLength(REPOS.length);
    expect(new Set(next.report.findings.map((f) => f.scope))).toEqual(new Set(['acme/bravo']));
    for (const f of next.report.findings) expect(f.subject).toContain('LEGACY');
  });

  it('discards a tampered, truncated or foreign cache with a warning and reads afresh', async () => {
    await audit();
    const file = join(work, 'cache', 'audit-etags.json');
    const good = readFileSync(file, 'utf8');
    const [header = '', body = ''] = [good.slice(0, good.indexOf('\n')), good.slice(good.indexOf('\n') + 1)];
    // Tampered: a stored answer edited so that it would hide bravo's secret; the checksum no longer matches.
    const tampered = `${header}\n${body.replace('"API_KEY"', '"API_KEX"')}`;
    const foreign = `${header.replace('"org:acme"', '"org:other"')}\n${body}`;
    const otherVersion = `${header.replace('"version":2', '"version":0')}\n${body}`;
    const cases: [string, string, RegExp][] = [
      ['tampered', tampered, /does not match its checksum/],
      ['truncated', good.slice(0, good.length - 200), /truncated/],
      ['foreign', foreign, /is for 'org:other', not 'org:acme'/],
      ['other version', otherVersion, /another version/],
      ['not a cache', 'hello', /truncated|not JSON/],
    ];
    for (const [, text, why] of cases) {
      writeFileSync(file, text);
      const run = await audit();
      expect(run.warnings.join('\n')).toMatch(/The request cache .* is discarded/);
      expect(run.warnings.join('\n')).toMatch(why);
      // Read afresh: nothing came from the discarded cache.
      expect(emulator.server.books.summary().notModified).toBe(0);
      expect(run.report.repositories).toHaveLength(REPOS.length);
      expect(run.report.findings).toEqual([]);
      expect(run.report.partial).toEqual([]);
    }
  });
});

describe('audit-secrets with a cache key', () => {
  const KEY = 'cache-key-e2e-9f3b7c1d2e4a6b8c0d1e2f3a4b5c6d7e';
  const OTHER = 'other-key-e2e-0a1b2c3d4e5f60718293a4b5c6d7e8f9';

  it('encrypts the cache, discards an altered, unencrypted or foreign-key one, and shows the key nowhere', async () => {
    const file = join(work, 'cache', 'audit-etags.json');
    const runs: RunResult[] = [];
    runs.push(await audit({ 'cache-key': KEY }));
    const sealed = readFileSync(file, 'utf8');
    // Neither the answers (secret names, workflow files) nor the key in clear.
    for (const text of ['API_KEY', 'secrets.', KEY]) expect(sealed).not.toContain(text);

    // Warm, same key: read back, every answer a free 304.
    runs.push(await audit({ 'cache-key': KEY }));
    expect(runs[1]?.warnings.join('\n')).not.toMatch(/request cache/);
    expect(emulator.server.books.summary()).toMatchObject({ counted: 0 });
    expect(emulator.server.books.summary().notModified).toBeGreaterThan(0);

    const [header = '', body = ''] = [sealed.slice(0, sealed.indexOf('\n')), sealed.slice(sealed.indexOf('\n') + 1)];
    const raw = Buffer.from(body, 'base64');
    raw[5] = (raw[5] ?? 0) ^ 1;
    // A cache without the key, its checksum correct (what anyone who can write the cache can make).
    const plainFile = join(work, 'plain', 'audit-etags.json');
    await audit({ 'cache-file': plainFile });
    const cases: [string, string, RegExp][] = [
      [KEY, `${header}\n${raw.toString('base64')}`, /cannot be authenticated with the cache key/],
      [KEY, readFileSync(plainFile, 'utf8'), /not encrypted, but a cache key is set/],
      [OTHER, sealed, /cannot be authenticated with the cache key/],
    ];
    for (const [key, text, why] of cases) {
      writeFileSync(file, text);
      const run = await audit({ 'cache-key': key });
      runs.push(run);
      expect(run.warnings.join('\n')).toMatch(/The request cache .* is discarded/);
      expect(run.warnings.join('\n')).toMatch(why);
      // Read afresh: nothing came from the discarded cache.
      expect(emulator.server.books.summary().notModified).toBe(0);
      expect(run.report.repositories).toHaveLength(REPOS.length);
      expect(run.report.findings).toEqual([]);
      expect(run.report.partial).toEqual([]);
    }
    await assertNoLeaks({ values: { 'cache key': KEY, 'other cache key': OTHER }, runs, files: [file] });
  });
});

describe('audit-secrets within max-requests', () => {
  // Per repository without environments: secrets, Dependabot secrets, environments, variables = 4
  // REST requests (workflow files and the environment count come from one GraphQL query for all
  // six: 1 point; no repository of this organization has environments, so GraphQL's zeros are not
  // trusted and the environments lists are read through REST — src/core/bulk-reads.ts); the
  // organization: repository list + secrets = 2. The admission estimates a repository never read
  // at 6 units (src/core/conditional.ts): a budget of 18 starts 3 of the 6 (2 + 6, 7 + 6, 11 + 6
  // <= 18; 15 + 6 > 18).
  const PER_REPO = 4;
  const budget = 18;

  it('stops cleanly at its budget, reports partial coverage, and the next run completes it', async () => {
    const first = await audit({ 'max-requests': budget });
    expect(emulator.server.books.summary().counted).toBeLessThanOrEqual(budget);
    expect(first.report.repositories).toHaveLength(3);
    expect(first.outputs.partial).toBe('true');
    expect(first.report.partial).toEqual([
      expect.stringMatching(
        /^budget: 3 of 6 repositories not read \(.*request budget.*\); the next run reads them first$/,
      ),
    ]);
    // Nothing is reported as checked that was not: no finding, no issue scope for the unread three.
    expect(first.report.findings).toEqual([]);

    const second = await audit({ 'max-requests': budget });
    expect(emulator.server.books.summary().counted).toBeLessThanOrEqual(budget);
    expect(second.report.partial).toEqual([]);
    expect(second.outputs.partial).toBe('false');
    expect(second.report.repositories).toEqual(REPOS.map((r) => `acme/${r}`));
  });

  it('the assessment in the same run shares the audit reads and is partial where the budget stopped', async () => {
    const full = await audit({ assess: true, 'assessment-dir': join(work, 'assessment') });
    // The assessment read nothing the audit had not: audit + assess cost one collection, and one
    // GraphQL query for the workflow files of all six.
    expect(emulator.server.books.summary()).toMatchObject({ counted: 2 + REPOS.length * PER_REPO, graphqlPoints: 1 });
    expect(full.warnings.join('\n')).not.toMatch(/SAMM assessment is partial/);

    await emulator.reset();
    await seedOrganization();
    const stopped = await audit({
      assess: true,
      'assessment-dir': join(work, 'assessment2'),
      'cache-file': join(work, 'cache2', 'audit-etags.json'),
      'max-requests': budget,
    });
    expect(emulator.server.books.summary().counted).toBeLessThanOrEqual(budget);
    expect(stopped.report.repositories).toHaveLength(3);
    expect(stopped.warnings.join('\n')).toMatch(
      /SAMM assessment is partial: 3 of 6 repositories could not be fully read/,
    );
  });

  it('the audit-log reads count against max-requests too: the read stops there, reported as partial', async () => {
    // Every repository fits (the last is admitted at 23 + 6 <= 29 units spent; the inventory then
    // has spent 2 + 6 x 4 REST + 1 GraphQL point = 27), and 2 units are left for the audit log's
    // ~25 queries (one per action it reads, src/audit/github-audit-log.ts).
    const max = 29;
    await emulator.clearRequests();
    const run = await audit({ 'max-requests': max, 'read-audit-log': true });
    const books = emulator.server.books.summary();
    expect(books.counted + books.graphqlPoints).toBeLessThanOrEqual(max);
    expect(run.report.repositories).toHaveLength(REPOS.length);
    expect(run.outputs.partial).toBe('true');
    expect(run.report.partial).toContainEqual(
      expect.stringMatching(/^acme: audit log read in part: .*the run's request budget stopped the read/),
    );
    const log = await emulator.requests();
    const auditLogReads = log.filter((r) => r.path === '/orgs/acme/audit-log');
    expect(auditLogReads.length).toBeGreaterThan(0);
    expect(auditLogReads.length).toBeLessThanOrEqual(max - 27);
  });

  it('splits the budget between matrix shards', async () => {
    const run = await audit({ 'max-requests': budget * 2, shard: '1/2' });
    expect(emulator.server.books.summary().counted).toBeLessThanOrEqual(budget);
    expect(run.stdout + run.summary).toMatch(new RegExp(`budget ${budget}\\b`));
  });

  it('shards 1/2 and 2/2 cover every repository once within the total budget, each with its own cache', async () => {
    const total = 60;
    const cacheOf = (shard: number) => join(work, 'cache', `audit-etags-${shard}.json`);
    const runs = [];
    let spent = 0;
    for (const shard of [1, 2]) {
      const run = await audit({ 'max-requests': total, shard: `${shard}/2`, 'cache-file': cacheOf(shard) });
      const books = emulator.server.books.summary();
      spent += books.counted + books.graphqlPoints;
      expect(run.warnings.join('\n')).not.toMatch(/request cache/);
      expect(run.report.partial).toEqual([]);
      runs.push(run);
    }
    const covered = runs.flatMap((r) => r.report.repositories);
    expect([...covered].sort()).toEqual(REPOS.map((r) => `acme/${r}`));
    expect(new Set(covered).size).toBe(covered.length);
    expect(spent).toBeLessThanOrEqual(total);

    // A shard never takes another shard's cache for its own: discarded with a warning, read afresh.
    const foreign = await audit({ 'max-requests': total, shard: '2/2', 'cache-file': cacheOf(1) });
    expect(foreign.warnings.join('\n')).toMatch(
      /The request cache .* is discarded: it is for 'org:acme shard:1\/2', not 'org:acme shard:2\/2'/,
    );
    expect(emulator.server.books.summary().notModified).toBe(0);
    expect(foreign.report.repositories).toEqual(runs[1]?.report.repositories);
  });

  it('a budget smaller than one repository reads no repository and says so', async () => {
    const run = await audit({ 'max-requests': 4 });
    expect(run.report.repositories).toEqual([]);
    expect(run.report.partial).toContainEqual(
      expect.stringMatching(
        /^budget: 6 of 6 repositories not read \(the request budget \(max-requests 4\) would not cover it/,
      ),
    );
    expect(run.outputs.partial).toBe('true');
    expect(emulator.server.books.summary().counted).toBeLessThanOrEqual(4);
  });

  it('leaves the headroom of a token that is nearly spent', async () => {
    emulator.server.books.control('POST', '/_emulator/rate-limits', { token: TOKEN, limit: 1000, used: 995 });
    const run = await audit();
    // One request learns the token's state from x-ratelimit-remaining; nothing more is spent.
    expect(emulator.server.books.summary()).toMatchObject({ counted: 1, refused: 0 });
    expect(run.report.repositories).toEqual([]);
    expect(run.report.partial.join('\n')).toMatch(/requests left this hour .* are left to the workflows that share it/);
  });
});
