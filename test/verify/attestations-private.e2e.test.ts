/**
 * A private repository's attestation, as GitHub serves it today, through the committed deploy-gate
 * bundle run as the README's release workflow writes it (demo/workflows/release.yml, `id: gate`).
 * In a private repository `actions/attest-build-provenance` signs with GitHub's own Sigstore
 * instance: a certificate from GitHub's Fulcio (`O=GitHub, Inc.`), an RFC 3161 timestamp, no
 * transparency-log entry and no SCT. Here a local stand-in for that instance
 * (test/support/sigstore/github-instance.ts) signs, the local public-good stand-in
 * (test/support/sigstore/stack.ts) is line 1 of the trusted root and GitHub's line 2 — the JSON
 * lines `gh attestation trusted-root` prints — and the emulator serves the attestation by URL
 * (`bundle: null`, snappy, no credential accepted) on page 2 of the Link-paginated list.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compress } from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { runBundle, type RunResult } from '../support/runner.ts';
import { type GitHubInstance, startGitHubInstance } from '../support/sigstore/github-instance.ts';
import { type GitHubClaims, inTotoStatement, type Stack, startStack } from '../support/sigstore/stack.ts';
import { readmeGateInputs, releaseRepo, tagRelease } from './readme-gate.ts';

const TOKEN = 'ghs_private_attest_token_0123456789';
const REPO = 'acme/private-app';
const RUN_ID = '2002';
const RELEASE: GitHubClaims = { repository: REPO, workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };
const CI: GitHubClaims = { repository: REPO, workflowFile: 'ci.yml', ref: 'refs/heads/main' };
const LIST = 'GET /repos/{owner}/{repo}/attestations/{subject_digest}';

let publicGood: Stack;
let github: GitHubInstance;
let emulator: Emulator;
let ws: string;
const tamperedBundles: Record<string, string> = {};

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

interface Result {
  artifact: string;
  status: string;
  method: string;
  reason: string;
}
const results = (run: RunResult): Result[] => JSON.parse(run.outputs.results ?? '[]') as Result[];

/** The README's gate step in the private repository, with `trusted-root` as given. */
function gate(artifacts: string, trustedRoot = 'roots.jsonl'): Promise<RunResult> {
  return runBundle('deploy-gate', {
    cwd: ws,
    token: TOKEN,
    env: {
      GITHUB_API_URL: emulator.url,
      GITHUB_REPOSITORY: REPO,
      GITHUB_REPOSITORY_OWNER: 'acme',
      GITHUB_RUN_ID: RUN_ID,
    },
    inputs: {
      ...readmeGateInputs(REPO),
      artifacts,
      'trusted-root': trustedRoot,
      offline: 'true',
      'detect-bypass': 'false',
    },
  });
}

async function blobRequests(): Promise<{ credentialed: boolean; path: string; status: number }[]> {
  return (await emulator.requests()).filter((r) => r.path.startsWith('/_blobs/'));
}

beforeAll(async () => {
  publicGood = await startStack();
  github = await startGitHubInstance();
  emulator = await startEmulator();
  ws = mkdtempSync(join(tmpdir(), 'sd-attest-private-'));
  mkdirSync(join(ws, 'dist'));
  mkdirSync(join(ws, 'changed'));
  mkdirSync(join(ws, 'mixed'));
  // `gh attestation trusted-root` prints public-good's root, then GitHub's, one per line.
  writeFileSync(
    join(ws, 'roots.jsonl'),
    `${JSON.stringify(publicGood.trustedRoot)}\n${JSON.stringify(github.trustedRoot)}\n`,
  );
  writeFileSync(join(ws, 'public-good-only.json'), JSON.stringify(publicGood.trustedRoot));
  const app = Buffer.from('private shop 1.0.0 release');
  const changed = Buffer.from('private shop 1.0.0 release, changed');
  writeFileSync(join(ws, 'dist', 'shop-1.0.0.tgz'), app);
  writeFileSync(join(ws, 'changed', 'shop-1.0.0.tgz'), changed);
  // Signed by the public-good stand-in (line 1 of the root), beside one signed by GitHub's instance.
  const lib = Buffer.from('shared lib 1.0.0, signed by the public-good stand-in');
  writeFileSync(join(ws, 'mixed', 'lib-1.0.0.tgz'), lib);
  writeFileSync(join(ws, 'mixed', 'shop-1.0.0.tgz'), app);
  const libBundle = await publicGood.attest(inTotoStatement('lib-1.0.0.tgz', lib), RELEASE);

  const ciBundle = await github.attest(inTotoStatement('shop-1.0.0.tgz', app), CI);
  const releaseBundle = await github.attest(inTotoStatement('shop-1.0.0.tgz', app), RELEASE);
  // Its statement changed after signing, and its signed timestamp removed.
  const changedStatement = structuredClone(releaseBundle) as { dsseEnvelope: { payload: string } };
  const statement = JSON.parse(Buffer.from(changedStatement.dsseEnvelope.payload, 'base64').toString()) as {
    predicate: Record<string, unknown>;
  };
  statement.predicate = { ...statement.predicate, buildDefinition: { buildType: 'https://evil.test/build' } };
  changedStatement.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  const noTimestamp = structuredClone(releaseBundle) as { verificationMaterial: Record<string, unknown> };
  delete noTimestamp.verificationMaterial.timestampVerificationData;
  for (const [name, bundle] of Object.entries({ changedStatement, noTimestamp })) {
    tamperedBundles[name] = compress(Buffer.from(JSON.stringify(bundle))).toString('base64');
  }

  await emulator.seed({
    users: [{ login: 'octo-releaser' }, { login: 'bob' }],
    repos: [
      releaseRepo(REPO, Number(RUN_ID), {
        visibility: 'private',
        attestations: [
          // 30 CI builds attested the same bytes first: the release's attestation is on page 2.
          ...Array.from({ length: 30 }, () => ({ digest: `sha256:${sha256(app)}`, bundle: ciBundle })),
          { digest: `sha256:${sha256(app)}`, bundle: releaseBundle },
          // Filed under the changed file's digest too: its statement still names the released bytes.
          { digest: `sha256:${sha256(changed)}`, bundle: releaseBundle },
          { digest: `sha256:${sha256(lib)}`, bundle: libBundle },
        ],
      }),
    ],
  });
  await tagRelease(emulator, REPO, TOKEN);
}, 120_000);

afterAll(async () => {
  publicGood?.close();
  await emulator?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe("the README's release workflow in a private repository (GitHub's Sigstore instance)", () => {
  it("verifies the attestation on page 2, by URL, against line 2 of the JSON-lines root with GitHub's policy", async () => {
    await emulator.clearRequests();
    const run = await gate('dist/*.tgz');
    expect(run.errors).toEqual([]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.verified).toBe('true');
    expect(results(run)).toHaveLength(1);
    expect(results(run)[0]).toMatchObject({
      artifact: 'dist/shop-1.0.0.tgz',
      status: 'verified',
      method: 'attestation',
      reason: "signature verified (attestation 31 from repository acme/private-app, GitHub's Sigstore instance)",
    });
    expect(run.summary).toContain("GitHub's Sigstore instance");
    expect(run.outputs.approved).toBe('true');
    const requests = await emulator.requests();
    const pages = requests.filter((r) => r.operation === LIST);
    expect(pages.map((p) => typeof p.query.after)).toEqual(['undefined', 'string']);
    expect(pages.every((p) => p.credentialed)).toBe(true);
    const blobs = await blobRequests();
    expect(blobs).toHaveLength(31);
    expect(blobs.every((b) => !b.credentialed && b.status === 200)).toBe(true);
    expect(run.everything.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
    emulator.assertNoViolations();
  });

  it('chooses the root per bundle: one artifact signed by each instance, both verified with the same JSON lines', async () => {
    const run = await gate('mixed/*.tgz');
    expect(run.errors).toEqual([]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(results(run).map((r) => [r.artifact, r.status, r.reason])).toEqual([
      ['mixed/lib-1.0.0.tgz', 'verified', 'signature verified (attestation 1 from repository acme/private-app)'],
      [
        'mixed/shop-1.0.0.tgz',
        'verified',
        "signature verified (attestation 31 from repository acme/private-app, GitHub's Sigstore instance)",
      ],
    ]);
  });

  it('refuses a changed artifact: the attestation filed under its digest names other bytes', async () => {
    const run = await gate('changed/*.tgz');
    expect(run.exitCode).toBe(1);
    expect(results(run)[0]).toMatchObject({ artifact: 'changed/shop-1.0.0.tgz', status: 'failed' });
    expect(results(run)[0]?.reason).toMatch(/the attestation is for shop-1\.0\.0\.tgz .*not this artifact/);
    expect(run.outputs.approved ?? 'false').not.toBe('true');
  });

  it('refuses a bundle whose statement changed after signing', async () => {
    await emulator.addFault({
      pathPattern: '^/_blobs/',
      kind: 'body',
      bodyBase64: tamperedBundles.changedStatement ?? '',
      times: -1,
    });
    try {
      const run = await gate('dist/*.tgz');
      expect(run.exitCode).toBe(1);
      expect(results(run)[0]).toMatchObject({ status: 'failed', method: 'attestation' });
      expect(run.errors[0]).toMatch(/shop-1\.0\.0\.tgz.*signature verification failed/);
    } finally {
      await emulator.clearFaults();
    }
  });

  it("refuses a bundle without its signed timestamp: GitHub's instance has no transparency log to date it", async () => {
    await emulator.addFault({
      pathPattern: '^/_blobs/',
      kind: 'body',
      bodyBase64: tamperedBundles.noTimestamp ?? '',
      times: -1,
    });
    try {
      const run = await gate('dist/*.tgz');
      expect(run.exitCode).toBe(1);
      expect(run.errors[0]).toMatch(
        /shop-1\.0\.0\.tgz.*the bundle has no RFC 3161 signed timestamp, which the trusted root \S*roots\.jsonl \(GitHub's Sigstore instance\) requires/,
      );
    } finally {
      await emulator.clearFaults();
    }
  });

  it("refuses it when the trusted root has only public-good's line, saying it comes from GitHub's instance and what to pass", async () => {
    await emulator.clearRequests();
    const run = await gate('dist/*.tgz', 'public-good-only.json');
    expect(run.exitCode).toBe(1);
    const [result] = results(run);
    expect(result).toMatchObject({ artifact: 'dist/shop-1.0.0.tgz', status: 'failed', method: 'attestation' });
    expect(result?.reason).toMatch(
      /issued by "O=GitHub\\?, Inc\., CN=Fulcio Intermediate l2": it comes from GitHub's Sigstore instance, whose certificate authority is not in the trusted root \S*public-good-only\.json\. Add that instance's root \(`gh attestation trusted-root` prints/,
    );
    expect(run.outputs.approved ?? 'false').not.toBe('true');
    expect((await blobRequests()).every((b) => !b.credentialed)).toBe(true);
  });
});
