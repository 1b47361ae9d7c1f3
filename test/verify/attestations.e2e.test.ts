/**
 * GitHub artifact attestations, fetched by digest from the GitHub API emulator and verified through
 * the committed action bundle: the repository endpoint, the organization endpoint, the predicate-type
 * filter, and an attestation for another artifact.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { runBundle, type RunResult } from '../support/runner.ts';
import { runCli } from './cli.ts';
import { type GitHubClaims, identityFor, inTotoStatement, type Stack, startStack } from '../support/sigstore/stack.ts';

const RELEASE_ISSUER = 'https://token.actions.githubusercontent.com';
const RELEASE: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };

let stack: Stack;
let emulator: Emulator;
let ws: string;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function verify(inputs: Record<string, string>): Promise<RunResult> {
  return runBundle('verify-signatures', {
    cwd: ws,
    env: { GITHUB_API_URL: emulator.url },
    inputs: {
      'trusted-root': 'trusted_root.json',
      offline: 'true',
      attestations: 'true',
      'certificate-identity': identityFor(RELEASE),
      ...inputs,
    },
  });
}

function results(run: RunResult): { artifact: string; status: string; method: string; reason: string }[] {
  return JSON.parse(run.outputs.results ?? '[]') as {
    artifact: string;
    status: string;
    method: string;
    reason: string;
  }[];
}

beforeAll(async () => {
  stack = await startStack();
  emulator = await startEmulator();
  ws = mkdtempSync(join(tmpdir(), 'sd-attest-'));
  writeFileSync(join(ws, 'trusted_root.json'), JSON.stringify(stack.trustedRoot));
  writeFileSync(join(ws, 'app.tgz'), 'app release');
  writeFileSync(join(ws, 'sbom-only.tgz'), 'only an sbom');
  writeFileSync(join(ws, 'misfiled.tgz'), 'misfiled');
  const provenance = await stack.attest(inTotoStatement('app.tgz', Buffer.from('app release')), RELEASE);
  const sbom = await stack.attest(
    inTotoStatement('sbom-only.tgz', Buffer.from('only an sbom'), 'https://spdx.dev/Document/v2.3'),
    RELEASE,
  );
  // Filed under misfiled.tgz's digest, but its statement names app.tgz.
  const elsewhere = await stack.attest(inTotoStatement('app.tgz', Buffer.from('app release')), RELEASE);
  await emulator.seed({
    orgs: [{ login: 'acme' }],
    repos: ['acme/app'],
    attestations: [
      {
        repo: 'acme/app',
        digest: `sha256:${sha256('app release')}`,
        bundle: provenance,
      },
      {
        repo: 'acme/app',
        digest: `sha256:${sha256('only an sbom')}`,
        bundle: sbom,
      },
      {
        repo: 'acme/app',
        digest: `sha256:${sha256('misfiled')}`,
        bundle: elsewhere,
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  stack?.close();
  await emulator?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('verify-signatures with GitHub attestations', () => {
  it("verifies an artifact by its repository's attestation", async () => {
    const run = await verify({ artifacts: 'app.tgz' });
    expect(run.errors).toEqual([]);
    expect(run.outputs.verified).toBe('true');
    expect(results(run)[0]).toMatchObject({ artifact: 'app.tgz', status: 'verified', method: 'attestation' });
    emulator.assertNoViolations();
  });

  it("verifies through the organization's endpoint", async () => {
    const run = await verify({ artifacts: 'app.tgz', 'attestations-owner': 'acme' });
    expect(run.errors).toEqual([]);
    expect(results(run)[0]).toMatchObject({ status: 'verified', method: 'attestation' });
    emulator.assertNoViolations();
  });

  it('finds nothing when only another predicate type is attested, and fails', async () => {
    const run = await verify({ artifacts: 'sbom-only.tgz' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/sbom-only\.tgz.*no signature found.*GitHub attestations/);
  });

  it("reads the API's predicate shorthands the same way in the request and in the local check", async () => {
    await emulator.clearRequests();
    const provenance = await verify({ artifacts: 'app.tgz', 'predicate-type': 'provenance' });
    expect(provenance.errors).toEqual([]);
    expect(results(provenance)[0]).toMatchObject({ status: 'verified', method: 'attestation' });
    const sbom = await verify({ artifacts: 'sbom-only.tgz', 'predicate-type': 'sbom' });
    expect(sbom.errors).toEqual([]);
    expect(results(sbom)[0]).toMatchObject({ status: 'verified', method: 'attestation' });
    const sent = (await emulator.requests())
      .filter((r) => r.operation === 'GET /repos/{owner}/{repo}/attestations/{subject_digest}')
      .map((r) => r.query.predicate_type);
    expect(sent).toEqual(['provenance', 'sbom']);
    // A shorthand is no wildcard: the provenance attestation is not an SBOM.
    const wrong = await verify({ artifacts: 'misfiled.tgz', 'predicate-type': 'sbom' });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.errors[0]).toMatch(/misfiled\.tgz.*no signature found.*GitHub attestations/);
  });

  it('rejects an attestation whose subject is another artifact', async () => {
    const run = await verify({ artifacts: 'misfiled.tgz' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/misfiled\.tgz.*attestation is for app\.tgz/);
    expect(results(run)[0]).toMatchObject({ status: 'failed', method: 'attestation' });
  });

  it('fails closed, saying which permission is missing, when the API refuses', async () => {
    await emulator.addFault({
      route: '/repos/{owner}/{repo}/attestations/{subject_digest}',
      kind: 'status',
      status: 403,
      times: -1,
    });
    try {
      const run = await verify({ artifacts: 'app.tgz' });
      expect(run.exitCode).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(/app\.tgz.*cannot fetch attestations.*403.*attestations: read/);
    } finally {
      await emulator.clearFaults();
    }
  });

  it('does the same from the CLI: secure-deploy verify --attestations', async () => {
    const args = ['verify', '--attestations', '--trusted-root', 'trusted_root.json', '--offline'];
    const identity = ['--certificate-identity', identityFor(RELEASE), '--certificate-oidc-issuer', RELEASE_ISSUER];
    const env = { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: 'cli-token', GITHUB_REPOSITORY: 'acme/app' };
    const good = await runCli([...args, ...identity, 'app.tgz'], { cwd: ws, env });
    expect(good.stderr).not.toMatch(/error/i);
    expect(good.exitCode).toBe(0);
    expect(good.stdout).toMatch(/^VERIFIED {2}app\.tgz {2}\(attestation by /m);
    const misfiled = await runCli([...args, ...identity, '--attestations-owner', 'acme', 'misfiled.tgz'], {
      cwd: ws,
      env,
    });
    expect(misfiled.exitCode).toBe(1);
    expect(misfiled.stdout).toMatch(/FAILED {2}misfiled\.tgz.*attestation is for app\.tgz/);
    const noToken = await runCli([...args, ...identity, 'app.tgz'], { cwd: ws, env: { GITHUB_API_URL: emulator.url } });
    expect(noToken.exitCode).toBe(1);
    expect(noToken.stderr).toContain('--attestations needs GITHUB_TOKEN');
  });
});
