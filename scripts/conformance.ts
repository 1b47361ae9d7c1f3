/**
 * Runs the sigstore-conformance bundle-verification cases (test/data/sigstore-conformance/bundle-verify, copied from
 * sigstore/sigstore-conformance: see test/data/sigstore-conformance/README.md)
 * through `node dist/cli/index.js verify-bundle`, each by path and by digest: 70 cases, 140 runs.
 * A case whose name ends in `_fail` must be rejected — exit 1 with a `FAILED: <reason>` line; a
 * crash or an unexpected error (exit 2, a stack) is not a rejection — every other must verify.
 * Prints each run that misbehaves and a closing `N passed, N failed` line; exits 1 unless all behave.
 *
 *   node scripts/conformance.ts            (SECURE_DEPLOY_CLI=path/to/cli.js to test another build)
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUITE = resolve(ROOT, 'test', 'data', 'sigstore-conformance', 'bundle-verify');
const CLI = process.env.SECURE_DEPLOY_CLI
  ? resolve(process.env.SECURE_DEPLOY_CLI)
  : join(ROOT, 'dist', 'cli', 'index.js');
const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';
const PARALLEL = 2;
const TIMEOUT_MS = 60_000;

interface Run {
  readonly name: string;
  readonly mode: 'path' | 'digest';
  readonly expectOk: boolean;
  readonly args: string[];
}

function fail(message: string): never {
  process.stderr.write(`conformance: ${message}\n`);
  process.exit(2);
}

if (!existsSync(SUITE)) fail(`the conformance cases are missing: expected them in ${SUITE}`);
if (!existsSync(CLI)) fail(`the CLI bundle is missing: ${CLI} (run npm run build first)`);

function readOptional(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}

function runsFor(name: string): Run[] {
  const dir = join(SUITE, name);
  const artifact = existsSync(join(dir, 'artifact')) ? join(dir, 'artifact') : join(SUITE, 'a.txt');
  const digest = `sha256:${createHash('sha256').update(readFileSync(artifact)).digest('hex')}`;
  const args = ['verify-bundle', '--bundle', join(dir, 'bundle.sigstore.json')];
  if (existsSync(join(dir, 'key.pub'))) {
    args.push('--key', join(dir, 'key.pub'));
  } else {
    args.push(
      '--certificate-identity',
      readOptional(join(dir, 'identity')) ?? DEFAULT_IDENTITY,
      '--certificate-oidc-issuer',
      readOptional(join(dir, 'issuer')) ?? DEFAULT_ISSUER,
    );
  }
  if (existsSync(join(dir, 'trusted_root.json'))) args.push('--trusted-root', join(dir, 'trusted_root.json'));
  const expectOk = !name.endsWith('_fail');
  return [
    { name, mode: 'path', expectOk, args: [...args, artifact] },
    { name, mode: 'digest', expectOk, args: [...args, digest] },
  ];
}

interface Outcome {
  readonly run: Run;
  readonly code: number | null;
  readonly output: string;
}

function execute(run: Run): Promise<Outcome> {
  return new Promise((done) => {
    // The public TUF repository is out of reach here: use the root shipped with the CLI without waiting.
    const child = spawn(process.execPath, [CLI, ...run.args], {
      cwd: SUITE,
      env: { ...process.env, SECURE_DEPLOY_OFFLINE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: TIMEOUT_MS,
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => done({ run, code, output }));
    child.on('error', (error) => done({ run, code: null, output: String(error) }));
  });
}

const cases = readdirSync(SUITE)
  .filter((n) => statSync(join(SUITE, n)).isDirectory())
  .sort();
const runs = cases.flatMap(runsFor);
const outcomes: Outcome[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (next < runs.length) {
      const run = runs[next++];
      if (run) outcomes.push(await execute(run));
    }
  }),
);

let passed = 0;
let failed = 0;
for (const { run, code, output } of outcomes.sort((a, b) =>
  `${a.run.name}/${a.run.mode}` < `${b.run.name}/${b.run.mode}` ? -1 : 1,
)) {
  const behaved = run.expectOk
    ? code === 0 && /^OK: /m.test(output)
    : code === 1 && /^FAILED: /m.test(output) && !/unexpected error|\n\s+at |node:internal/.test(output);
  if (behaved) {
    passed++;
  } else {
    failed++;
    const expected = run.expectOk ? 'to verify' : 'to be rejected with a reason (exit 1, FAILED:)';
    process.stdout.write(
      `FAIL ${run.name} (${run.mode}): expected ${expected}, exit ${code}\n  ${output.trim().replace(/\n/g, '\n  ')}\n`,
    );
  }
}
process.stdout.write(`conformance: ${cases.length} cases, ${runs.length} runs\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 && runs.length === 140 ? 0 : 1;
