/**
 * audit-secrets at organization scale: seeds the GitHub API emulator with an organization of
 * 1,000 repositories x 3 environments (50 ms latency per request), runs the committed
 * audit-secrets bundle over it with bounded concurrency, and prints the request count and wall
 * time next to a one-request-at-a-time baseline. It checks what the audit promises, printing PASS
 * or FAIL and exiting 1 on a failure: requests stay at what the endpoints require (no repeated
 * reads), and the requests in flight at once (counted by the emulator) never exceed the
 * configured concurrency.
 *
 * Then the hourly budget (issue 16), measured side by side in the same run against the emulator's
 * books (test/support/github-emulator/books.ts: rate-limit units as GitHub counts them, 304s
 * free): a cold audit + assessment with a fresh request cache, a warm rerun with nothing changed,
 * and a rerun after 10 repositories changed, which must find exactly those changes. Printed per
 * run: units spent (REST requests that counted + GraphQL points), GraphQL points, requests sent,
 * 304s, wall time; then `audit budget: cold <units>, warm <units>, changed <units>`, and the floor
 * GitHub's API imposes on a cold run for this organization (what only REST serves: secrets,
 * Dependabot secrets, variables, environment secrets), computed from the seed. The cold target
 * (3,000) stays: below the floor, it fails for this seeding, and the bench says by how much.
 *
 * The warm and changed figures assume the same token on every run (a personal access token kept
 * as a secret): GitHub's ETags are specific to the token (test/support/github-emulator/
 * github-facts.ts, etag-per-token), so a run with another token — a workflow's github.token, a
 * GitHub App installation token minted for the run — pays the cold price. The informational row
 * "warm, new token" measures that (no target; not in the `audit budget:` line).
 *
 *   node bench/audit.ts [--repos 1000] [--latency 50] [--concurrency 32] [--full-baseline]
 *
 * The baseline runs with concurrency 1 on a sample of repositories and is scaled to the whole
 * organization (its cost per repository is constant); --full-baseline runs it on all of them
 * (about 8,000 requests x 50 ms: over six minutes).
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator, type Emulator, type SeedDocument } from '../test/support/github-emulator/index.ts';
import { runBundle } from '../test/support/runner.ts';
import { rotationState } from '../test/budget/rotation-state.ts';

const { values } = parseArgs({
  options: {
    repos: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '32' },
    sample: { type: 'string', default: '40' },
    changed: { type: 'string', default: '10' },
    'full-baseline': { type: 'boolean', default: false },
  },
});
const REPOS = Number(values.repos);
const LATENCY = Number(values.latency);
const CONCURRENCY = Number(values.concurrency);
const SAMPLE = Math.min(REPOS, Number(values.sample));
const CHANGED = Math.min(REPOS, Number(values.changed));
/** Issue 16's targets, in rate-limit units. */
const TARGET = { cold: 3000, warm: 150, changed: 250 };
const ENVS = ['development', 'staging', 'production'];
const PER_REPO_ENDPOINTS = [
  'secrets',
  'Dependabot secrets',
  'environments',
  `${ENVS.length} environment secrets`,
  'variables',
];
/** REST requests per repository; its workflow files come from GraphQL, 50 repositories a query. */
const perRepo = 4 + ENVS.length;
const BULK = 50;
const day = 86_400_000;
const recent = new Date(Date.now() - 5 * day).toISOString().replace(/\.\d{3}Z$/, 'Z');

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
          { name: 'API_TOKEN_ROTATION_REPOSITORY', value: rotationState(++n, recent) },
          { name: 'ORG_NPM_ROTATION_ORGANIZATION', value: rotationState(0, recent) },
          ...ENVS.map((e) => ({ name: `DEPLOY_KEY_ROTATION_${e.toUpperCase()}`, value: rotationState(++n, recent) })),
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

/**
 * The fewest rate-limit units a cold audit of an organization can cost, from its seed: what only
 * REST serves, one list per repository and scope (GitHub's GraphQL schema has no secrets or
 * variables: `Repository` and `Environment` have no such field). Per repository: its secrets,
 * Dependabot secrets and variables, and each environment's secrets; per organization: its secrets,
 * and the repositories of each secret visible to selected repositories.
 */
function floor(doc: SeedDocument): { units: number; explain: string; above: string } {
  const repos = doc.repos ?? [];
  let perRepository = 0;
  let environments = 0;
  let withEnvironments = 0;
  for (const entry of repos) {
    const r = typeof entry === 'string' ? { environments: [] } : entry;
    const envs = r.environments?.length ?? 0;
    perRepository += 3 + envs;
    environments += envs;
    if (envs > 0) withEnvironments++;
  }
  const orgs = doc.orgs ?? [];
  const organization = orgs.reduce(
    (n, o) => n + 1 + (o.secrets ?? []).filter((x) => x.visibility === 'selected').length,
    0,
  );
  return {
    units: perRepository + organization,
    explain: `REST-only lists: secrets, Dependabot secrets and variables of ${repos.length} repositories, the secrets of their ${environments} environments, ${organization} organization secrets list(s) = ${perRepository + organization}`,
    above: `the environments list of the ${withEnvironments} repositories that have environments (REST, so that warm runs answer 304 where GraphQL would cost points every run), the organization's repository list, and GraphQL's points for the workflow files`,
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
  /** Rate-limit units the emulator counted (REST requests that counted + GraphQL points). */
  units: number;
  graphqlPoints: number;
}

async function measure(emulator: Emulator, concurrency: number, filter?: string): Promise<Measured> {
  await emulator.clearRequests();
  emulator.server.books.clearCounts();
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
  const graphqlPoints = emulator.server.books.graphqlPoints;
  const units = emulator.server.books.counted + graphqlPoints;
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
    units,
    graphqlPoints,
  };
}

interface BudgetMeasured {
  seconds: number;
  /** REST requests that counted + GraphQL points. */
  units: number;
  graphqlPoints: number;
  requests: number;
  notModified: number;
  reused: number;
  /** Repositories with findings. */
  scopes: string[];
  partial: number;
  repositories: number;
}

/** One audit + assessment with the request cache, counted by the emulator's books. */
async function budgetRun(emulator: Emulator, cacheFile: string, token?: string): Promise<BudgetMeasured> {
  await emulator.clearRequests();
  emulator.server.books.clearCounts();
  const work = mkdtempSync(join(tmpdir(), 'sd-bench-'));
  const findingsFile = join(work, 'a.json');
  const started = performance.now();
  const result = await runBundle('audit-secrets', {
    env: { GITHUB_API_URL: emulator.url },
    ...(token ? { token } : {}),
    timeoutMs: 3_600_000,
    inputs: {
      organization: 'bench',
      concurrency: CONCURRENCY,
      'read-audit-log': false,
      'fail-on': 'none',
      'cache-file': cacheFile,
      assess: true,
      'assessment-dir': join(work, 'assessment'),
      'sarif-file': join(work, 'a.sarif'),
      'findings-file': findingsFile,
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.exitCode !== 0) throw new Error(`audit-secrets failed:\n${result.stdout}\n${result.stderr}`);
  const books = emulator.server.books;
  const report = JSON.parse(readFileSync(findingsFile, 'utf8')) as {
    findings: { scope: string }[];
    partial: string[];
    repositories: string[];
  };
  const reused = /After the assessment: .*?(\d+) answers shared within the run/.exec(result.stdout);
  return {
    seconds,
    units: books.counted + books.graphqlPoints,
    graphqlPoints: books.graphqlPoints,
    requests: (await emulator.requests()).length,
    notModified: books.notModified,
    reused: Number(reused?.[1] ?? 0),
    scopes: [...new Set(report.findings.map((f) => f.scope))],
    partial: report.partial.length,
    repositories: report.repositories.length,
  };
}

const emulator = await startEmulator({ latencyMs: 0 });
try {
  process.stdout.write(`Seeding ${REPOS} repositories x ${ENVS.length} environments ...\n`);
  await emulator.seed(seed());
  await emulator.setLatency(LATENCY);
  // The bench counts units; it does not run out of them (several cold audits in one emulator hour
  // would spend a 5,000-request token).
  emulator.server.books.defaultLimit = 10_000_000;

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
    `speed-up ${(baselineSeconds / full.seconds).toFixed(1)}x; REST endpoints per repository: ${PER_REPO_ENDPOINTS.join(', ')} = ${perRepo}; workflow files: one GraphQL query per ${BULK} repositories\n`,
  );
  if (full.findings !== 0)
    process.stdout.write(
      `warning: the benchmark organization is meant to be clean but has ${full.findings} findings\n`,
    );

  // What the endpoints require: each audited repository's REST reads once, its workflow files in
  // one GraphQL query per BULK repositories, the organization's whole repository list (100 a page,
  // before the filter) and its secrets once. More is a repeated read.
  const required = (repos: number): number => repos * perRepo + Math.ceil(repos / BULK) + Math.ceil(REPOS / 100) + 1;
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

  // The hourly budget: cold (fresh cache) audit + assess, warm rerun, rerun after CHANGED changes.
  const cacheDir = mkdtempSync(join(tmpdir(), 'sd-bench-cache-'));
  const cacheFile = join(cacheDir, 'audit-etags.json');
  const cold = await budgetRun(emulator, cacheFile);
  const warm = await budgetRun(emulator, cacheFile);
  // Informational: the same warm cache read with another token (the next run's github.token or
  // App installation token). GitHub's ETags are specific to the token (fact etag-per-token), so
  // every answer comes back a 200 that counts. On a copy: the runs below keep the first token's cache.
  const newTokenCache = join(cacheDir, 'audit-etags-new-token.json');
  copyFileSync(cacheFile, newTokenCache);
  const warmNewToken = await budgetRun(emulator, newTokenCache, 'ghs_bench_next_run_token');
  const changedRepos = Array.from({ length: CHANGED }, (_, k) => {
    const i = Math.floor(((k + 0.5) * REPOS) / CHANGED);
    return `bench/service-${String(i).padStart(4, '0')}`;
  });
  // Each change: a repository secret last written 400 days ago that no workflow uses (stale + unused).
  const old = new Date(Date.now() - 400 * day).toISOString().replace(/\.\d{3}Z$/, 'Z');
  await emulator.seed({
    repos: changedRepos.map((full_name) => ({
      full_name,
      secrets: [{ name: 'LEGACY_TOKEN', value: 'legacy', created_at: old, updated_at: old }],
    })),
  });
  const changed = await budgetRun(emulator, cacheFile);
  const budgetRows = [
    ['', 'units', 'GraphQL points', 'requests', '304s', 'reused', 'wall time', 'findings in'],
    ...(
      [
        ['no cache, audit only', { ...full, notModified: 0, reused: 0, scopes: [] }],
        ['cold audit + assess', cold],
        ['warm, nothing changed', warm],
        ['warm, new token (informational)', warmNewToken],
        [`warm, ${CHANGED} repositories changed`, changed],
      ] as const
    ).map(([label, r]) => [
      label,
      String(r.units),
      String(r.graphqlPoints),
      String(r.requests),
      String(r.notModified),
      String(r.reused),
      `${r.seconds.toFixed(1)} s`,
      `${r.scopes.length} repositories`,
    ]),
  ];
  const bw = budgetRows[0]!.map((_, c) => Math.max(...budgetRows.map((r) => r[c]!.length)));
  process.stdout.write(
    `\nhourly budget (rate-limit units as GitHub counts them: REST requests that counted + GraphQL points; 304s are free)\n`,
  );
  for (const r of budgetRows) process.stdout.write(`${r.map((cell, c) => cell.padEnd(bw[c]!)).join('  ')}\n`);
  process.stdout.write(`audit budget: cold ${cold.units}, warm ${warm.units}, changed ${changed.units}\n`);
  const f = floor(seed());
  process.stdout.write(
    `cold floor: ${f.units} units (${f.explain}); cold spent ${cold.units}, ${cold.units - f.units} above the floor: ${f.above}\n`,
  );
  const found = [...changed.scopes].sort();
  const slack = 1.1; // wall time: no worse than today's, within 10% of noise
  checks.push(
    [
      `cold audit + assess ${cold.units} units <= ${TARGET.cold} (GitHub's API imposes at least ${f.units} for this organization: ${f.explain})`,
      cold.units <= TARGET.cold,
    ],
    [`warm rerun ${warm.units} units <= ${TARGET.warm}`, warm.units <= TARGET.warm],
    [`warm rerun finds nothing new (${warm.scopes.length} repositories with findings)`, warm.scopes.length === 0],
    [`changed rerun ${changed.units} units <= ${TARGET.changed}`, changed.units <= TARGET.changed],
    [
      `changed rerun finds exactly the ${CHANGED} changed repositories (found ${found.length})`,
      found.length === changedRepos.length && found.every((r, k) => r === [...changedRepos].sort()[k]),
    ],
    [
      `cold audit + assess wall ${cold.seconds.toFixed(1)} s <= today's audit ${full.seconds.toFixed(1)} s x ${slack}`,
      cold.seconds <= full.seconds * slack,
    ],
    [
      `warm rerun wall ${warm.seconds.toFixed(1)} s <= today's audit ${full.seconds.toFixed(1)} s x ${slack}`,
      warm.seconds <= full.seconds * slack,
    ],
    [
      `all runs complete (partial: cold ${cold.partial}, warm ${warm.partial}, changed ${changed.partial})`,
      cold.partial + warm.partial + changed.partial === 0 && cold.repositories === REPOS,
    ],
  );
  for (const [what, ok] of checks) process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${what}\n`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
} finally {
  await emulator.close();
}
