/**
 * `secure-deploy audit` then `secure-deploy assess` on the same organization with the same cache
 * directory: one collection, the assessment's reads answered 304 (free) — through dist/cli.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { REPO_ROOT } from '../support/runner.ts';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
  await emulator.seed({
    orgs: [{ login: 'acme' }],
    repos: ['one', 'two', 'three'].map((name) => ({
      full_name: `acme/${name}`,
      files: {
        '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n',
      },
      environments: [{ name: 'production', reviewers: [] }],
    })),
  });
});
afterAll(() => emulator.close());

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'dist', 'cli', 'index.js'), ...args],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', GITHUB_API_URL: emulator.url, GITHUB_TOKEN: 'ghs_cli_cache', ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it('assess after audit of the same organization costs no REST units, and one GraphQL point', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-cli-cache-'));
  const cacheDir = join(dir, 'cache');
  emulator.server.books.clearCounts();
  const audit = await cli([
    'audit',
    '--organization',
    'acme',
    '--no-audit-log',
    '--fail-on',
    'none',
    '--cache-dir',
    cacheDir,
  ]);
  expect(audit.status, audit.stderr).toBe(0);
  const auditUnits = emulator.server.books.summary().counted;
  expect(auditUnits).toBeGreaterThan(10);
  expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^etags-[0-9a-f]{16}\.json$/)]);

  emulator.server.books.clearCounts();
  const assess = await cli(['assess', '--org', 'acme', '--cache-dir', cacheDir, '--out', join(dir, 'reports')]);
  expect(assess.status, assess.stderr).toBe(0);
  const books = emulator.server.books.summary();
  // Every REST read answered 304; the workflow files of the three repositories came from one
  // GraphQL query (1 point: GraphQL answers cannot be conditional), and nothing else.
  expect(books.counted).toBe(0);
  expect(books.graphqlPoints).toBe(1);
  expect(books.notModified).toBeGreaterThan(5);
  expect(assess.stderr).toMatch(
    /1 rate-limit units spent, \d+ requests sent, \d+ answered 304 Not Modified \(free\), 1 GraphQL points in 1 bulk queries/,
  );

  // --no-cache reads afresh.
  emulator.server.books.clearCounts();
  const fresh = await cli(['assess', '--org', 'acme', '--no-cache', '--out', join(dir, 'reports2')]);
  expect(fresh.status, fresh.stderr).toBe(0);
  expect(emulator.server.books.summary()).toMatchObject({ notModified: 0 });
  expect(emulator.server.books.summary().counted).toBeGreaterThan(10);
});

it('refuses a budget that is not a whole number', async () => {
  const run = await cli(['audit', '--organization', 'acme', '--no-audit-log', '--budget', 'lots', '--no-cache']);
  expect(run.status).not.toBe(0);
  expect(run.stderr).toMatch(/--budget must be a whole number of rate-limit units/);
});

it('SECURE_DEPLOY_CACHE_KEY encrypts the cache directory of audit and assess; another key discards it', async () => {
  const KEY = 'cli-cache-key-5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d';
  const dir = mkdtempSync(join(tmpdir(), 'sd-cli-cache-key-'));
  const cacheDir = join(dir, 'cache');
  const args = ['audit', '--organization', 'acme', '--no-audit-log', '--fail-on', 'none', '--cache-dir', cacheDir];
  const first = await cli(args, { SECURE_DEPLOY_CACHE_KEY: KEY });
  expect(first.status, first.stderr).toBe(0);
  const [file = ''] = readdirSync(cacheDir);
  const text = readFileSync(join(cacheDir, file), 'utf8');
  expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({ cipher: 'aes-256-gcm' });
  expect(text).not.toContain('ci.yml');

  emulator.server.books.clearCounts();
  const assess = await cli(['assess', '--org', 'acme', '--cache-dir', cacheDir, '--out', join(dir, 'reports')], {
    SECURE_DEPLOY_CACHE_KEY: KEY,
  });
  expect(assess.status, assess.stderr).toBe(0);
  expect(emulator.server.books.summary().counted).toBe(0);

  const other = await cli(args, { SECURE_DEPLOY_CACHE_KEY: `${KEY}-other` });
  expect(other.status, other.stderr).toBe(0);
  expect(other.stderr).toMatch(/is discarded: it cannot be authenticated with the cache key/);
  for (const run of [first, assess, other]) expect(run.stdout + run.stderr).not.toContain(KEY);
});
