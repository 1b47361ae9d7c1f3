/**
 * Workflow files from GraphQL in bulk, end to end through the committed audit-secrets bundle
 * (dist/audit-secrets/index.js) against the emulator: one query per 50 repositories instead of a
 * directory listing and a file per repository; a change between two runs found on the second; a
 * repository GraphQL answered in part (an error on its path, a truncated blob) read through REST;
 * a repository without environments costs no environments or environment-secrets request.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { graphqlFaults } from '../support/github-emulator/graphql.ts';
import { type Emulator, type RequestLogEntry, startEmulator } from '../support/github-emulator/index.ts';
import { type RunResult, runBundle } from '../support/runner.ts';
import { rotationState } from './rotation-state.ts';

interface Report {
  repositories: string[];
  partial: string[];
  findings: { kind: string; scope: string; subject: string }[];
}

const TOKEN = 'ghs_bulk_reads_e2e';
/** 120 repositories: 3 bulk queries (50 + 50 + 20). */
const COUNT = 120;
const NAMES = Array.from({ length: COUNT }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
/** The even ones have an environment (with reviewers and a secret); the odd ones none. */
const withEnvironment = (i: number) => i % 2 === 0;
const recent = new Date(Date.now() - 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A workflow whose secret reference comes last: a reader that saw only its first half would miss it. */
function workflow(secret: string): string {
  const padding = Array.from({ length: 30 }, (_, k) => `      - run: echo step ${k}`).join('\n');
  return `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${padding}\n      - run: ./deploy\n        env:\n          K: \${{ secrets.${secret} }}\n`;
}

let emulator: Emulator;
let work: string;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await emulator.reset();
  graphqlFaults(emulator.server.state).clear();
  work = mkdtempSync(join(tmpdir(), 'sd-bulk-e2e-'));
  await emulator.seed({
    users: [{ login: 'alice', type: 'User' }],
    orgs: [{ login: 'acme' }],
    repos: NAMES.map((name, i) => ({
      full_name: `acme/${name}`,
      files: { '.github/workflows/ci.yml': workflow('API_KEY') },
      secrets: [{ name: 'API_KEY', value: `key-${name}`, created_at: recent, updated_at: recent }],
      variables: [
        { name: 'API_KEY_ROTATION_REPOSITORY', value: rotationState(i, recent) },
        ...(withEnvironment(i)
          ? [{ name: 'DEPLOY_KEY_ROTATION_PRODUCTION', value: rotationState(COUNT + i, recent) }]
          : []),
      ],
      environments: withEnvironment(i)
        ? [
            {
              name: 'production',
              reviewers: [{ type: 'User' as const, login: 'alice' }],
              secrets: [{ name: 'DEPLOY_KEY', value: `deploy-${name}`, created_at: recent, updated_at: recent }],
            },
          ]
        : [],
    })),
  });
  await emulator.clearRequests();
});

async function audit(inputs: Record<string, string | number | boolean> = {}): Promise<RunResult & { report: Report }> {
  emulator.server.books.clearCounts();
  await emulator.clearRequests();
  const findingsFile = join(work, `findings-${Date.now()}-${Math.random()}.json`);
  const result = await runBundle('audit-secrets', {
    env: { GITHUB_API_URL: emulator.url },
    token: TOKEN,
    inputs: {
      organization: 'acme',
      'read-audit-log': false,
      'fail-on': 'none',
      'allow-partial': true,
      'sarif-file': '',
      'findings-file': findingsFile,
      'cache-file': join(work, 'cache', 'audit-etags.json'),
      concurrency: 8,
      ...inputs,
    },
  });
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  return { ...result, report: JSON.parse(readFileSync(findingsFile, 'utf8')) as Report };
}

const isGraphql = (r: RequestLogEntry) => r.method === 'POST' && r.path === '/graphql';
const contentsOf = (log: RequestLogEntry[], name: string) =>
  log.filter((r) => r.method === 'GET' && r.path.startsWith(`/repos/acme/${name}/contents/`));
/** Repositories whose environments list or environment secrets were asked for. */
function environmentReads(log: RequestLogEntry[]): Set<string> {
  return new Set(
    log.flatMap((r) => {
      const m = /^\/repos\/acme\/([^/]+)\/environments(?:\/|$)/.exec(r.path);
      return m?.[1] ? [m[1]] : [];
    }),
  );
}

describe('workflow files through GraphQL in bulk', () => {
  it('reads every workflow file in one query per 50 repositories and skips environments where there are none', async () => {
    const run = await audit();
    const log = await emulator.requests();
    expect(run.report.repositories).toHaveLength(COUNT);
    expect(run.report.partial).toEqual([]);
    // Every workflow was read (API_KEY is used everywhere, DEPLOY_KEY nowhere): exactly the unused
    // DEPLOY_KEY of each environment, nothing about API_KEY.
    expect(run.report.findings.filter((f) => f.subject.includes('API_KEY'))).toEqual([]);
    expect(new Set(run.report.findings.map((f) => f.kind))).toEqual(new Set(['unused-secret']));
    expect(run.report.findings).toHaveLength(COUNT / 2);

    // (a) 3 GraphQL queries for 120 repositories, no REST read of a workflow file or directory.
    const queries = log.filter(isGraphql);
    expect(queries).toHaveLength(Math.ceil(COUNT / 50));
    expect(queries.every((q) => q.status === 200)).toBe(true);
    expect(log.filter((r) => r.path.includes('/contents/'))).toEqual([]);
    // One point per query, as GitHub computes it (50 `environments(first: 1)` connections = 50 requests).
    expect(emulator.server.books.summary().graphqlPoints).toBe(queries.length);
    expect(run.summary).toMatch(/3 GraphQL points in 3 bulk queries/);

    // (d) Environments list and environment secrets only for the repositories that have environments.
    const expected = new Set(NAMES.filter((_, i) => withEnvironment(i)));
    expect(environmentReads(log)).toEqual(expected);
    for (const name of expected) {
      expect(log.filter((r) => r.path === `/repos/acme/${name}/environments`)).toHaveLength(1);
      expect(log.filter((r) => r.path === `/repos/acme/${name}/environments/production/secrets`)).toHaveLength(1);
    }
    // REST: the organization's repositories and secrets; per repository secrets, Dependabot
    // secrets, variables; per repository with an environment its list and its secrets.
    const rest = log.filter((r) => !isGraphql(r));
    expect(rest).toHaveLength(Math.ceil(COUNT / 100) + 1 + COUNT * 3 + expected.size * 2);
  });

  it('(b) finds a workflow changed between two runs on the second run', async () => {
    const first = await audit();
    expect(first.report.findings.filter((f) => f.scope === 'acme/svc-007')).toEqual([]);
    await emulator.seed({
      repos: [{ full_name: 'acme/svc-007', files: { '.github/workflows/ci.yml': workflow('RENAMED_KEY') } }],
    });
    const second = await audit();
    const found = second.report.findings.filter((f) => f.scope === 'acme/svc-007');
    // The new reference is missing, and API_KEY is now unused: both seen from the new file.
    expect(found.map((f) => f.kind).sort()).toEqual(['missing-secret', 'unused-secret']);
    expect(found.find((f) => f.kind === 'missing-secret')?.subject).toContain('RENAMED_KEY');
    expect(found.find((f) => f.kind === 'unused-secret')?.subject).toContain('API_KEY');
    // Still from GraphQL: no REST read of any workflow file.
    expect((await emulator.requests()).filter((r) => r.path.includes('/contents/'))).toEqual([]);
    // The warm run spent the 3 GraphQL points, and REST only where an answer changed: the
    // organization's repository list (svc-007 was pushed to); every other REST read was a free 304.
    expect(emulator.server.books.summary()).toMatchObject({ counted: 1, graphqlPoints: 3 });
    const paid = (await emulator.requests()).filter((r) => !isGraphql(r) && r.status === 200);
    expect(paid.map((r) => r.path)).toEqual(['/orgs/acme/repos']);
  });

  it('(c) reads through REST a repository GraphQL answered with an error or a truncated file', async () => {
    // svc-003: an error on its `object` field (partial data); svc-005: its workflow truncated
    // (both without environments).
    // Both workflows reference a secret nobody defined, on their last lines.
    await emulator.seed({
      repos: ['svc-003', 'svc-005'].map((name) => ({
        full_name: `acme/${name}`,
        files: { '.github/workflows/ci.yml': workflow('NOT_DEFINED') },
      })),
    });
    graphqlFaults(emulator.server.state).set('acme/svc-003', 'error');
    graphqlFaults(emulator.server.state).set('acme/svc-005', 'truncated');
    const run = await audit();
    const log = await emulator.requests();
    expect(run.report.partial).toEqual([]);
    for (const name of ['svc-003', 'svc-005']) {
      const found = run.report.findings.filter((f) => f.scope === `acme/${name}`);
      expect(found.map((f) => f.kind).sort(), name).toEqual(['missing-secret', 'unused-secret']);
      expect(found.find((f) => f.kind === 'missing-secret')?.subject).toContain('NOT_DEFINED');
    }
    // svc-003: directory and file through REST; svc-005: the truncated file only; nobody else.
    expect(contentsOf(log, 'svc-003').map((r) => r.path)).toEqual([
      '/repos/acme/svc-003/contents/.github%2Fworkflows',
      '/repos/acme/svc-003/contents/.github%2Fworkflows%2Fci.yml',
    ]);
    expect(contentsOf(log, 'svc-005').map((r) => r.path)).toEqual([
      '/repos/acme/svc-005/contents/.github%2Fworkflows%2Fci.yml',
    ]);
    expect(log.filter((r) => r.path.includes('/contents/'))).toHaveLength(3);
    // The error cost svc-003 its environment count too: its environments are read through REST
    // although it has none (svc-003 is odd: no environment).
    expect(environmentReads(log).has('svc-003')).toBe(true);
  });

  it("trusts a null workflows directory only after GraphQL has shown this token some repository's workflows", async () => {
    // A repository without a workflows directory, among 120 whose directories GraphQL shows: its
    // null is trusted (no REST read), and its secret is unused.
    await emulator.seed({
      repos: [
        {
          full_name: 'acme/no-workflows',
          secrets: [{ name: 'LONELY', value: 'lonely-value', created_at: recent, updated_at: recent }],
        },
      ],
    });
    const trusted = await audit();
    expect(trusted.report.repositories).toContain('acme/no-workflows');
    expect(contentsOf(await emulator.requests(), 'no-workflows')).toEqual([]);
    expect(trusted.report.findings.filter((f) => f.scope === 'acme/no-workflows').map((f) => f.kind)).toContain(
      'unused-secret',
    );
  });

  it("reads the workflows through REST when GraphQL shows this token no repository's workflows (fail closed)", async () => {
    // GraphQL answers every repository's directory null without an error (what it answers a token
    // without contents access is not documented); REST still serves the files.
    for (const name of NAMES) graphqlFaults(emulator.server.state).set(`acme/${name}`, 'hidden');
    const run = await audit();
    const log = await emulator.requests();
    expect(run.report.partial).toEqual([]);
    // Every workflow was read (through REST): API_KEY is used everywhere, as without the fault.
    expect(run.report.findings.filter((f) => f.subject.includes('API_KEY'))).toEqual([]);
    expect(run.report.findings).toHaveLength(COUNT / 2);
    // Each repository's directory and file through REST.
    expect(log.filter((r) => r.path.includes('/contents/'))).toHaveLength(COUNT * 2);
  });

  it('reads everything through REST when GraphQL fails, and reports the same', async () => {
    // Every POST /graphql answers 502 (a proxy in front of a GitHub Enterprise Server, an outage).
    await emulator.addFault({ method: 'POST', pathPattern: '^/graphql$', kind: 'status', status: 502, times: -1 });
    const run = await audit();
    const log = await emulator.requests();
    expect(run.report.partial).toEqual([]);
    expect(run.report.repositories).toHaveLength(COUNT);
    expect(new Set(run.report.findings.map((f) => f.kind))).toEqual(new Set(['unused-secret']));
    expect(run.report.findings).toHaveLength(COUNT / 2);
    // Each of the 3 queries failed once (not retried: its 50 repositories go to REST instead):
    // every repository's directory and file through REST, and every repository's environments
    // list (the count was not known).
    expect(log.filter(isGraphql).map((r) => r.status)).toEqual([502, 502, 502]);
    expect(log.filter((r) => r.path.includes('/contents/'))).toHaveLength(COUNT * 2);
    expect(environmentReads(log).size).toBe(COUNT);
  });
});
