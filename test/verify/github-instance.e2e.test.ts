/**
 * A private repository's attestation, signed by GitHub's own Sigstore instance (no transparency log,
 * no SCT, an RFC 3161 timestamp; real data from cli/cli, test/data/real-world/ghprivate-2024-*),
 * fetched from the GitHub API emulator and verified through the committed action bundle with no
 * trusted root and no thresholds given: the root shipped for GitHub's instance and its policy apply.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { runBundle, type RunResult } from '../support/runner.ts';

const CASE = join(import.meta.dirname, '..', 'data', 'real-world', 'ghprivate-2024-github-root');
const IDENTITY = 'https://github.com/actions/attest-demo/.github/workflows/build-python.yml@refs/heads/main';

let emulator: Emulator;
let ws: string;

function verify(inputs: Record<string, string>): Promise<RunResult> {
  return runBundle('verify-signatures', {
    cwd: ws,
    env: { GITHUB_API_URL: emulator.url },
    inputs: {
      offline: 'true',
      attestations: 'true',
      'attestations-repository': 'actions/attest-demo',
      'certificate-identity': IDENTITY,
      ...inputs,
    },
  });
}

function results(run: RunResult): { status: string; method: string; reason: string }[] {
  return JSON.parse(run.outputs.results ?? '[]') as { status: string; method: string; reason: string }[];
}

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'sd-ghprivate-'));
  copyFileSync(join(CASE, 'ghprivate.whl'), join(ws, 'ghprivate.whl'));
  // The same wheel with one byte changed: the attestation does not cover it.
  const tampered = readFileSync(join(CASE, 'ghprivate.whl'));
  tampered[100] = (tampered[100] ?? 0) ^ 1;
  writeFileSync(join(ws, 'tampered.whl'), tampered);
  const digest = createHash('sha256')
    .update(readFileSync(join(CASE, 'ghprivate.whl')))
    .digest('hex');
  const tamperedDigest = createHash('sha256').update(tampered).digest('hex');
  const bundle = JSON.parse(readFileSync(join(CASE, 'bundle.json'), 'utf8')) as Record<string, unknown>;
  emulator = await startEmulator();
  await emulator.seed({
    orgs: [{ login: 'actions' }],
    repos: ['actions/attest-demo'],
    attestations: [
      { repo: 'actions/attest-demo', digest: `sha256:${digest}`, bundle },
      // Filed under the tampered file's digest: its statement still names the original wheel.
      { repo: 'actions/attest-demo', digest: `sha256:${tamperedDigest}`, bundle },
    ],
  });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe("verify-signatures with a private repository's attestation (GitHub's Sigstore instance)", () => {
  it('verifies it out of the box: no trusted root, no thresholds', async () => {
    const run = await verify({ artifacts: 'ghprivate.whl' });
    expect(run.errors).toEqual([]);
    expect(run.outputs.verified).toBe('true');
    expect(results(run)[0]).toMatchObject({
      status: 'verified',
      method: 'attestation',
      reason: expect.stringMatching(/GitHub's Sigstore instance/) as unknown,
    });
    expect(run.warnings.join('\n')).toMatch(/GitHub's Sigstore trusted root shipped with this action/);
    emulator.assertNoViolations();
  });

  it('refuses a tampered artifact for that reason', async () => {
    const run = await verify({ artifacts: 'tampered.whl' });
    expect(run.exitCode).toBe(1);
    expect(results(run)[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/not this artifact/) as unknown,
    });
  });

  it("refuses it when the user asks for a transparency-log entry, which GitHub's instance does not keep", async () => {
    const run = await verify({ artifacts: 'ghprivate.whl', 'tlog-threshold': '1' });
    expect(run.exitCode).toBe(1);
    expect(results(run)[0]?.reason).toMatch(/tlog|transparency/i);
  });
});
