/**
 * audit-secrets at organization scale: seeds the GitHub API emulator with an organization of
 * 1,000 repositories x 3 environments (50 ms latency per request), runs the committed
 * audit-secrets bundle over it with bounded concurrency, and prints the request count and wall
 * time next to a one-request-at-a-time baseline. It checks what the audit promises, printing PASS
 * or FAIL and exiting 1 on a failure: requests stay at what the endpoints require (no repeated
 * reads), and the requests in flight at once (counted by the emulator) never exceed the
 * configured concurrency.
 *
 *   node bench/audit.ts [--repos 1000] [--latency 50] [--concurrency 32] [--full-baseline]
 *
 * The baseline runs with concurrency 1 on a sample of repositories and is scaled to the whole
 * organization (its cost per repository is constant); --full-baseline runs it on all of them
 * (about 8,000 requests x 50 ms: over six minutes).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator, type Emulator, type SeedDocument } from '../test/support/github-emulator/index.ts';
import { runBundle } from '../test/support/runner.ts';

const { values } = parseArgs({
  options: {
    repos: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '32' },
    sample: { type: 'string', default: '40' },
    'full-baseline': { type: 'boolean', default: false },
  },
});
const REPOS = Number(values.repos);
const LATENCY = Number(values.latency);
const CONCURRENCY = Number(values.concurrency);
const SAMPLE = Math.min(REPOS, Number(values.sample));
const ENVS = ['development', 'staging', 'production'];
const PER_REPO_ENDPOINTS = [
  'secrets',
  'Dependabot secrets',
  'environments',
  `${ENVS.length} environment secrets`,
  'variables',
  'workflows directory',
  '1 workflow file',
];
const perRepo = 6 + ENVS.length;
const day = 86_400_000;
const recent = new Date(Date.now() - 5 * day).toISOString().replace(/\.\d{3}Z$/, 'Z');

function state(n: number): string {
  return JSON.stringify({
    version: 1,
    phase: 'idle',
    current: { fingerprint: `hmac-sha256:${n.toString(16).padStart(64, '0')}`, since: recent },
    retiring: [],
    updated: recent,
  });
}

const WORKFLOW = `name: deploy
on: push
jobs:
${ENVS.map((e) => `  ${e}:\n    runs-on: ubuntu-latest\n    environment: ${e}\n    steps:\n      - run: ./deploy\n        env:\n          KEY: \${{ secrets.DEPLOY_KEY }}\n          NPM: \${{ secrets.ORG_NPM }}\n          TOKEN: \${{ secrets.API_TOKEN }}`).join('\n')}
`;

function seed(): SeedDocument {
  let n = 0;
  return {
    users: [{ login: 'alice', type: 'User' }],
    orgs: [
      {
        login: 'bench',
        secrets: [{ name: 'ORG_NPM', value: 'npm', visibility: 'all', created_at: recent, updated_at: recent }],
      },
    ],
    repos: Array.from({ length: REPOS }, (_, i) => {
      const name = `service-${String(i).padStart(4, '0')}`;
      return {
        full_name: `bench/${name}`,
        default_branch: 'main',
        visibility: 'private' as const,
        files: { '.github/workflows/deploy.yml': WORKFLOW },
        secrets: [{ name: 'API_TOKEN', value: `api-${i}`, created_at: recent, updated_at: recent }],
        variables: [
          { name: 'API_TOKEN_ROTATION_REPOSITORY', value: state(++n) },
          { name: 'ORG_NPM_ROTATION_ORGANIZATION', value: state(0) },
          ...ENVS.map((e) => ({ name: `DEPLOY_KEY_ROTATION_${e.toUpperCase()}`, value: state(++n) })),
        ],
        environments: ENVS.map((e) => ({
          name: e,
          reviewers: [{ type: 'User' as const, login: 'alice' }],
          secrets: [{ name: 'DEPLOY_KEY', value: `key-${i}-${e}`, created_at: recent, updated_at: recent }],
        })),
      };
    }),
  };
}

interface Measured {
  seconds: number;
  requests: number;
  /** Most API requests the emulator was answering at once. */
  peakInFlight: number;
  repositories: number;
  findings: number;
  exitCode: number | null;
}

async function measure(emulator: Emulator, concurrency: number, filter?: string): Promise<Measured> {
  await emulator.clearRequests();
  const work = mkdtempSync(join(tmpdir(), 'sd-bench-'));
  const started = performance.now();
  const result = await runBundle('audit-secrets', {
    env: { GITHUB_API_URL: emulator.url },
    timeoutMs: 3_600_000,
    inputs: {
      organization: 'bench',
      concurrency,
      ...(filter ? { 'repository-filter': filter } : {}),
      'read-audit-log': false,
      'fail-on': 'none',
      'sarif-file': join(work, 'a.sarif'),
      'findings-file': join(work, 'a.json'),
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const requests = (await emulator.requests()).length;
  const { peakInFlight } = await emulator.stats();
  if (result.exitCode !== 0) throw new Error(`audit-secrets failed:\n${result.stdout}\n${result.stderr}`);
  const summary = /Audited (\d+) repositor/.exec(result.summary);
  return {
    seconds,
    requests,
    peakInFlight,
    repositories: Number(summary?.[1] ?? 0),
    findings: Number(result.outputs.count ?? -1),
    exitCode: result.exitCode,
  };
}

const emulator = await startEmulator({ latencyMs: 0 });
try {
  process.stdout.write(`Seeding ${REPOS} repositories x ${ENVS.length} environments ...\n`);
  await emulator.seed(seed());
  await emulator.setLatency(LATENCY);

  const full = await measure(emulator, CONCURRENCY);
  const sampleFilter = `service-00[0-${Math.min(9, Math.ceil(SAMPLE / 10) - 1)}]?`;
  const baseline = values['full-baseline'] ? await measure(emulator, 1) : await measure(emulator, 1, sampleFilter);
  const scale = values['full-baseline'] ? 1 : full.repositories / Math.max(1, baseline.repositories);
  const baselineSeconds = baseline.seconds * scale;
  const baselineRequests = Math.round(baseline.requests * scale);

  const rows = [
    ['', 'requests', 'req/repo', 'peak in flight', 'wall time', 'findings'],
    [
      `concurrency ${CONCURRENCY}`,
      String(full.requests),
      (full.requests / full.repositories).toFixed(2),
      String(full.peakInFlight),
      `${full.seconds.toFixed(1)} s`,
      String(full.findings),
    ],
    [
      `one at a time${values['full-baseline'] ? '' : ` (${baseline.repositories} repos, x${scale.toFixed(1)})`}`,
      String(baselineRequests),
      (baseline.requests / baseline.repositories).toFixed(2),
      String(baseline.peakInFlight),
      `${baselineSeconds.toFixed(1)} s`,
      String(baseline.findings),
    ],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  process.stdout.write(`\naudit-secrets over ${full.repositories} repositories (${LATENCY} ms per request)\n`);
  for (const r of rows) process.stdout.write(`${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}\n`);
  process.stdout.write(
    `speed-up ${(baselineSeconds / full.seconds).toFixed(1)}x; endpoints per repository: ${PER_REPO_ENDPOINTS.join(', ')} = ${perRepo}\n`,
  );
  if (full.findings !== 0)
    process.stdout.write(
      `warning: the benchmark organization is meant to be clean but has ${full.findings} findings\n`,
    );

  // What the endpoints require: each audited repository's reads once, the organization's whole
  // repository list (100 a page, before the filter) and its secrets once. More is a repeated read.
  const required = (repos: number): number => repos * perRepo + Math.ceil(REPOS / 100) + 1;
  const checks: [string, boolean][] = [
    [
      `requests ${full.requests} <= ${required(full.repositories)} required (${(full.requests / full.repositories).toFixed(2)}/repository)`,
      full.repositories === REPOS && full.requests <= required(full.repositories),
    ],
    [
      `baseline requests ${baseline.requests} <= ${required(baseline.repositories)} required`,
      baseline.requests <= required(baseline.repositories),
    ],
    [`peak in flight ${full.peakInFlight} <= concurrency ${CONCURRENCY}`, full.peakInFlight <= CONCURRENCY],
    [`baseline peak in flight ${baseline.peakInFlight} <= 1`, baseline.peakInFlight <= 1],
  ];
  for (const [what, ok] of checks) process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${what}\n`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
} finally {
  await emulator.close();
}
