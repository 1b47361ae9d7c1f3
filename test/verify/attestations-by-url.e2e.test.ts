/**
 * Attestations as GitHub serves them today, through the committed bundles against the emulator in
 * its default shape: `bundle: null` and a `bundle_url` on the emulator's blob route (snappy, no
 * credential accepted), cursor-paginated. The README's release workflow (its deploy gate step, as
 * written in demo/workflows/release.yml) verifies an artifact whose attestation is on the second
 * page, behind a page of CI attestations of the same bytes, and refuses a tampered artifact and a
 * tampered bundle; no request to the blob route carries a credential. Then the bad inputs: each
 * fails closed for that artifact with the reason. Then release attestations (`release: <tag>`),
 * signed as GitHub signs them, by its own Sigstore instance (the local stand-in of
 * test/support/sigstore/github-instance.ts), verified with `gh attestation trusted-root`-style JSON lines.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compress } from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Emulator, type FaultSpec, startEmulator } from '../support/github-emulator/index.ts';
import { runBundle, type RunResult } from '../support/runner.ts';
import { runCli } from './cli.ts';
import { readmeGateInputs, releaseRepo, tagRelease } from './readme-gate.ts';
import { type GitHubInstance, startGitHubInstance } from '../support/sigstore/github-instance.ts';
import {
  type GitHubClaims,
  identityFor,
  inTotoStatement,
  ISSUER,
  type Stack,
  startStack,
} from '../support/sigstore/stack.ts';

const TOKEN = 'ghs_attest_by_url_token_0123456789';
const RELEASE: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };
const CI: GitHubClaims = { repository: 'acme/app', workflowFile: 'ci.yml', ref: 'refs/heads/main' };
const RELEASE_SIGNER: GitHubClaims = { ...RELEASE, subject: 'https://dotcom.releases.github.com' };

let stack: Stack;
/** GitHub's Sigstore instance, which signs GitHub's release attestations. */
let github: GitHubInstance;
let emulator: Emulator;
let ws: string;
let commit = '';
let tamperedBundle = '';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

interface Result {
  artifact: string;
  status: string;
  method: string;
  reason: string;
}
const results = (run: RunResult): Result[] => JSON.parse(run.outputs.results ?? '[]') as Result[];

function gate(artifacts: string, env: Record<string, string> = {}): Promise<RunResult> {
  return runBundle('deploy-gate', {
    cwd: ws,
    token: TOKEN,
    env: { GITHUB_API_URL: emulator.url, ...env },
    inputs: {
      ...readmeGateInputs(),
      artifacts,
      // The local Sigstore stack stands in for the public-good instance.
      'trusted-root': 'trusted_root.json',
      offline: 'true',
      'detect-bypass': 'false',
    },
  });
}

function verify(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<RunResult> {
  return runBundle('verify-signatures', {
    cwd: ws,
    token: TOKEN,
    env: { GITHUB_API_URL: emulator.url, ...env },
    // `gh attestation trusted-root` output: the public-good stand-in, then GitHub's instance.
    inputs: { 'trusted-root': 'roots.jsonl', offline: 'true', ...inputs },
  });
}

/** Every request to the blob route, and a check that none carried a credential. */
async function blobRequests(): Promise<{ credentialed: boolean; path: string; status: number }[]> {
  return (await emulator.requests()).filter((r) => r.path.startsWith('/_blobs/'));
}

beforeAll(async () => {
  stack = await startStack();
  github = await startGitHubInstance();
  emulator = await startEmulator();
  ws = mkdtempSync(join(tmpdir(), 'sd-attest-url-'));
  mkdirSync(join(ws, 'dist'));
  writeFileSync(join(ws, 'trusted_root.json'), JSON.stringify(stack.trustedRoot));
  writeFileSync(
    join(ws, 'roots.jsonl'),
    `${JSON.stringify(stack.trustedRoot)}\n${JSON.stringify(github.trustedRoot)}\n`,
  );
  const app = Buffer.from('shop 1.0.0 release');
  writeFileSync(join(ws, 'dist', 'shop-1.0.0.tgz'), app);
  writeFileSync(join(ws, 'tampered.tgz'), 'shop 1.0.0 release, changed');
  writeFileSync(join(ws, 'bad.tgz'), 'bad input');
  writeFileSync(join(ws, 'neither.tgz'), 'neither field');
  writeFileSync(join(ws, 'extra.tgz'), 'not in the release');

  // 30 CI builds attested the same bytes before the release did: the release's attestation is on page 2.
  const ciBundle = await stack.attest(inTotoStatement('shop-1.0.0.tgz', app), CI);
  const releaseBundle = await stack.attest(inTotoStatement('shop-1.0.0.tgz', app), RELEASE);
  const tampered = structuredClone(releaseBundle) as { dsseEnvelope: { payload: string } };
  const statement = JSON.parse(Buffer.from(tampered.dsseEnvelope.payload, 'base64').toString()) as {
    predicate: Record<string, unknown>;
  };
  statement.predicate = { ...statement.predicate, buildDefinition: { buildType: 'https://evil.test/build' } };
  tampered.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  tamperedBundle = compress(Buffer.from(JSON.stringify(tampered))).toString('base64');
  const badBundle = await stack.attest(inTotoStatement('bad.tgz', Buffer.from('bad input')), RELEASE);

  await emulator.seed({
    users: [{ login: 'octo-releaser' }, { login: 'bob' }],
    repos: [
      releaseRepo('acme/app', 1001, {
        attestations: [
          ...Array.from({ length: 30 }, () => ({ digest: `sha256:${sha256(app)}`, bundle: ciBundle })),
          { digest: `sha256:${sha256(app)}`, bundle: releaseBundle },
        ],
      }),
      {
        full_name: 'acme/bad',
        attestations: [{ digest: `sha256:${sha256('bad input')}`, bundle: badBundle }],
      },
      ...(['snappy-framed', 'json'] as const).map((encoding) => ({
        full_name: `acme/${encoding}`,
        attestations: [{ digest: `sha256:${sha256('bad input')}`, bundle: badBundle, blob_encoding: encoding }],
      })),
      {
        full_name: 'acme/inline',
        attestations: [{ digest: `sha256:${sha256('bad input')}`, bundle: badBundle, bundle_shape: 'inline' as const }],
      },
      {
        full_name: 'acme/neither',
        attestations: [{ digest: `sha256:${sha256('neither field')}`, bundle: badBundle, bundle_shape: 'none' }],
      },
    ],
  });
  commit = await tagRelease(emulator, 'acme/app', TOKEN);

  // v1.0.1 is an annotated tag (a tag object) on the same commit.
  const tagObject = (await (
    await fetch(`${emulator.url}/repos/acme/app/git/tags`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tag: 'v1.0.1', message: 'v1.0.1', object: commit, type: 'commit' }),
    })
  ).json()) as { sha: string };
  await fetch(`${emulator.url}/repos/acme/app/git/refs`, {
    method: 'POST',
    headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ref: 'refs/tags/v1.0.1', sha: tagObject.sha }),
  });

  // GitHub's release attestation for v1.0.0: the tag's commit and the release's asset.
  const releaseStatement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      { uri: 'pkg:github/acme/app@v1.0.0', digest: { sha1: commit } },
      { name: 'shop-1.0.0.tgz', digest: { sha256: sha256(app) } },
    ],
    predicateType: 'https://in-toto.io/attestation/release/v0.1',
    predicate: { purl: 'pkg:github/acme/app@v1.0.0', repository: 'acme/app', tag: 'v1.0.0', releaseId: '1' },
  };
  // The same statement signed by someone else (a workflow, not GitHub's release signer).
  const forged = await stack.attest(releaseStatement, RELEASE);
  // A repository whose only "release attestation" for v1.0.0 is such a forgery.
  await emulator.seed({ repos: ['acme/forged'] });
  const forgedHead = (await (
    await fetch(`${emulator.url}/repos/acme/forged/git/ref/heads/main`, {
      headers: { authorization: `token ${TOKEN}` },
    })
  ).json()) as { object: { sha: string } };
  await fetch(`${emulator.url}/repos/acme/forged/git/refs`, {
    method: 'POST',
    headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ref: 'refs/tags/v1.0.0', sha: forgedHead.object.sha }),
  });
  const forgedStatement = {
    ...releaseStatement,
    subject: [
      { uri: 'pkg:github/acme/forged@v1.0.0', digest: { sha1: forgedHead.object.sha } },
      { name: 'shop-1.0.0.tgz', digest: { sha256: sha256(app) } },
    ],
  };
  await emulator.seed({
    attestations: [
      { repo: 'acme/app', digest: `sha1:${commit}`, bundle: forged, initiator: 'github' },
      {
        repo: 'acme/forged',
        digest: `sha1:${forgedHead.object.sha}`,
        bundle: await stack.attest(forgedStatement, RELEASE),
        initiator: 'github',
      },
      {
        repo: 'acme/app',
        digest: `sha1:${commit}`,
        bundle: await github.attest(releaseStatement, RELEASE_SIGNER),
        initiator: 'github',
      },
      {
        repo: 'acme/app',
        digest: `sha1:${commit}`,
        bundle: await github.attest(
          {
            ...releaseStatement,
            subject: [
              { uri: 'pkg:github/acme/app@v1.0.1', digest: { sha1: commit } },
              ...releaseStatement.subject.slice(1),
            ],
            predicate: { ...releaseStatement.predicate, purl: 'pkg:github/acme/app@v1.0.1', tag: 'v1.0.1' },
          },
          RELEASE_SIGNER,
        ),
        initiator: 'github',
      },
    ],
  });
}, 120_000);

afterAll(async () => {
  stack?.close();
  await emulator?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe("the README's release workflow against GitHub's attestations by URL", () => {
  it('verifies the artifact whose attestation is on page 2, downloading bundles without the token', async () => {
    await emulator.clearRequests();
    const run = await gate('dist/*.tgz');
    expect(run.errors).toEqual([]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.verified).toBe('true');
    expect(results(run)[0]).toMatchObject({
      artifact: 'dist/shop-1.0.0.tgz',
      status: 'verified',
      method: 'attestation',
    });
    expect(run.outputs.approved).toBe('true');
    const requests = await emulator.requests();
    const pages = requests.filter((r) => r.operation === 'GET /repos/{owner}/{repo}/attestations/{subject_digest}');
    expect(pages.map((p) => typeof p.query.after)).toEqual(['undefined', 'string']);
    const blobs = await blobRequests();
    expect(blobs).toHaveLength(31);
    expect(blobs.every((b) => !b.credentialed && b.status === 200)).toBe(true);
    // The token went to the API only, and was never printed.
    expect(pages.every((p) => p.credentialed)).toBe(true);
    expect(run.everything.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
    expect(run.everything).not.toContain('emulator-presigned');
    emulator.assertNoViolations();
  });

  it('refuses a tampered artifact: nothing is attested for its digest', async () => {
    const run = await gate('tampered.tgz');
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/tampered\.tgz.*no signature found.*GitHub attestations for sha256:/);
    expect(run.outputs.approved ?? 'false').not.toBe('true');
  });

  it('refuses a tampered bundle served at the bundle URL', async () => {
    await emulator.addFault({ pathPattern: '^/_blobs/', kind: 'body', bodyBase64: tamperedBundle, times: -1 });
    try {
      const run = await gate('dist/*.tgz');
      expect(run.exitCode).toBe(1);
      expect(results(run)[0]).toMatchObject({ status: 'failed', method: 'attestation' });
      expect(run.errors[0]).toMatch(/shop-1\.0\.0\.tgz.*signature verification failed/);
    } finally {
      await emulator.clearFaults();
    }
  });

  it('the CLI does the same: verify --attestations --limit reads past the first page only when the limit allows', async () => {
    const args = ['verify', '--attestations', '--trusted-root', 'trusted_root.json', '--offline'];
    const identity = ['--certificate-identity', identityFor(RELEASE), '--certificate-oidc-issuer', ISSUER];
    const env = { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/app' };
    const good = await runCli([...args, ...identity, 'dist/shop-1.0.0.tgz'], { cwd: ws, env });
    expect(good.exitCode, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^VERIFIED {2}dist\/shop-1\.0\.0\.tgz {2}\(attestation by /m);
    const short = await runCli([...args, ...identity, '--limit', '30', 'dist/shop-1.0.0.tgz'], { cwd: ws, env });
    expect(short.exitCode).toBe(1);
    expect(short.stdout).toMatch(
      /FAILED {2}dist\/shop-1\.0\.0\.tgz.*ci\.yml.*; and 20 more candidates refused \(not shown\)$/m,
    );
    const wrong = await runCli([...args, ...identity, '--limit', '0', 'dist/shop-1.0.0.tgz'], { cwd: ws, env });
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stderr).toContain('--limit takes a whole number from 1 to 1000');
  });
});

describe('other shapes GitHub has served', () => {
  for (const repository of ['acme/snappy-framed', 'acme/json', 'acme/inline']) {
    it(`verifies a bundle from ${repository}`, async () => {
      await emulator.clearRequests();
      const run = await verify({
        artifacts: 'bad.tgz',
        attestations: 'true',
        'attestations-repository': repository,
        'certificate-identity': identityFor(RELEASE),
      });
      expect(run.errors).toEqual([]);
      expect(results(run)[0]).toMatchObject({ status: 'verified', method: 'attestation' });
      // The older inline shape needs no download.
      expect((await blobRequests()).length).toBe(repository === 'acme/inline' ? 0 : 1);
      emulator.assertNoViolations();
    });
  }
});

describe('with a trust policy', () => {
  const policy = [
    'version: 1',
    'anchors:',
    '  - id: release-workflow',
    '    type: sigstore',
    '    owner: platform-team',
    '    review-by: 2099-12-31',
    '    third-party: false',
    `    issuer: ${ISSUER}`,
    `    identity: ${identityFor(RELEASE)}`,
    'rules:',
    "  - artifacts: 'bad.tgz'",
    '    anchors: [release-workflow]',
    '',
  ].join('\n');

  it('verifies by an attestation downloaded from its URL, and fails closed with the reason when the download fails', async () => {
    writeFileSync(join(ws, 'policy.yml'), policy);
    const inputs = {
      artifacts: 'bad.tgz',
      attestations: 'true',
      'attestations-repository': 'acme/bad',
      policy: 'policy.yml',
    };
    const good = await verify(inputs);
    expect(good.errors).toEqual([]);
    expect(results(good)[0]).toMatchObject({ artifact: 'bad.tgz', status: 'verified' });
    await emulator.addFault({ pathPattern: '^/_blobs/', kind: 'status', status: 404, times: -1 });
    try {
      const bad = await verify(inputs);
      expect(bad.exitCode).toBe(1);
      expect(results(bad)[0]?.reason).toMatch(
        /^attestation 1 from repository acme\/bad: downloading .* failed: it answered 404$/,
      );
    } finally {
      await emulator.clearFaults();
    }
  });
});

describe('bad input at the bundle URL fails closed for that artifact, with the reason', () => {
  const snappyBomb = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x41]).toString('base64');
  const malformed = Buffer.from([0x0a, 0x01, 0x09]).toString('base64');
  const cases: { name: string; fault: FaultSpec; reason: RegExp }[] = [
    { name: '403', fault: { kind: 'status', status: 403 }, reason: /answered 403$/ },
    { name: '404', fault: { kind: 'status', status: 404 }, reason: /answered 404$/ },
    {
      name: '500 (retried, then refused)',
      fault: { kind: 'status', status: 500 },
      reason: /answered 500 \(after 4 attempts\)$/,
    },
    {
      name: 'a redirect',
      fault: { kind: 'redirect' },
      reason: /answered 302 redirecting to http:\/\/127\.0\.0\.1:\d+\/_blobs\/moved; redirects are refused/,
    },
    {
      name: 'oversized snappy',
      fault: { kind: 'body', bodyBase64: snappyBomb },
      reason: /declares 4294967295 bytes uncompressed, over the 10485760-byte limit/,
    },
    {
      name: 'malformed snappy',
      fault: { kind: 'body', bodyBase64: malformed },
      reason: /the snappy data is malformed/,
    },
    { name: 'no answer', fault: { kind: 'hold' }, reason: /no answer within 300 ms \(after 4 attempts\)$/ },
  ];

  for (const { name, fault, reason } of cases) {
    it(name, async () => {
      await emulator.clearRequests();
      await emulator.addFault({ ...fault, pathPattern: '^/_blobs/', times: -1 });
      try {
        const run = await verify(
          {
            artifacts: 'bad.tgz',
            attestations: 'true',
            'attestations-repository': 'acme/bad',
            'certificate-identity': identityFor(RELEASE),
          },
          { SECURE_DEPLOY_BUNDLE_TIMEOUT_MS: '300' },
        );
        expect(run.exitCode).toBe(1);
        expect(run.errors).toHaveLength(1);
        const [result] = results(run);
        expect(result).toMatchObject({ artifact: 'bad.tgz', status: 'failed', method: 'attestation' });
        expect(result?.reason).toMatch(
          /^attestation 1 from repository acme\/bad: downloading http:\/\/127\.0\.0\.1:\d+\/_blobs\/attestations\/\d+ failed: /,
        );
        expect(result?.reason).toMatch(reason);
        expect(run.stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
        expect(run.everything).not.toContain('emulator-presigned');
        if (fault.kind === 'hold') {
          // Held requests are logged once answered: release them, then wait for the log.
          expect(emulator.heldCount()).toBe(4);
          await emulator.release();
          await vi.waitFor(async () => expect(await blobRequests()).toHaveLength(4));
        }
        const blobs = await blobRequests();
        expect(blobs.length).toBeGreaterThan(0);
        expect(blobs.every((b) => !b.credentialed)).toBe(true);
      } finally {
        await emulator.clearFaults();
        await emulator.release();
      }
    });
  }

  it('an attestation with neither a bundle nor a bundle_url', async () => {
    const run = await verify({
      artifacts: 'neither.tgz',
      attestations: 'true',
      'attestations-repository': 'acme/neither',
      'certificate-identity': identityFor(RELEASE),
    });
    expect(run.exitCode).toBe(1);
    expect(results(run)[0]).toMatchObject({
      status: 'failed',
      reason: 'attestation 1 from repository acme/neither has neither a bundle nor a bundle_url',
    });
  });

  it('the blob route itself refuses a request that carries a token, and records it', async () => {
    await emulator.clearRequests();
    const listed = (await (
      await fetch(`${emulator.url}/repos/acme/bad/attestations/sha256:${sha256('bad input')}`, {
        headers: { authorization: `token ${TOKEN}` },
      })
    ).json()) as { attestations: { bundle: unknown; bundle_url: string }[] };
    expect(listed.attestations[0]?.bundle).toBeNull();
    const url = listed.attestations[0]?.bundle_url ?? '';
    expect((await fetch(url, { headers: { authorization: `token ${TOKEN}` } })).status).toBe(403);
    const plain = await fetch(url);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/x-snappy');
    expect((await blobRequests()).map((b) => [b.credentialed, b.status])).toEqual([
      [true, 403],
      [false, 200],
    ]);
  });
});

describe('release attestations (release: <tag>)', () => {
  it("verifies a release asset by GitHub's release attestation, ignoring one by another signer", async () => {
    await emulator.clearRequests();
    const run = await verify({ artifacts: 'dist/shop-1.0.0.tgz', release: 'v1.0.0' });
    expect(run.errors).toEqual([]);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(results(run)[0]).toMatchObject({
      status: 'verified',
      method: 'attestation',
      reason: 'asset of release v1.0.0 (GitHub release attestation by https://dotcom.releases.github.com)',
    });
    const pages = (await emulator.requests()).filter(
      (r) => r.operation === 'GET /repos/{owner}/{repo}/attestations/{subject_digest}' && r.path.includes(commit),
    );
    expect(pages.map((p) => p.query.predicate_type)).toEqual(['release']);
  });

  it("refuses a release attestation not signed by GitHub's release signer", async () => {
    const run = await verify({
      artifacts: 'dist/shop-1.0.0.tgz',
      release: 'v1.0.0',
      'attestations-repository': 'acme/forged',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /release v1\.0\.0 of acme\/forged: attestation 1 from repository acme\/forged: .*is not https:\/\/dotcom\.releases\.github\.com/,
    );
  });

  it('resolves an annotated tag to its commit', async () => {
    const run = await verify({ artifacts: 'dist/shop-1.0.0.tgz', release: 'v1.0.1' });
    expect(run.errors).toEqual([]);
    expect(results(run)[0]?.reason).toBe(
      'asset of release v1.0.1 (GitHub release attestation by https://dotcom.releases.github.com)',
    );
    emulator.assertNoViolations();
  });

  it('refuses an artifact that is not an asset of the release', async () => {
    const run = await verify({ artifacts: 'extra.tgz', release: 'v1.0.0' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /extra\.tgz.*release v1\.0\.0 of acme\/app: the release attestation does not name this artifact/,
    );
  });

  it('with provenance too, both must pass; a tag that does not exist fails closed', async () => {
    const both = await verify({
      artifacts: 'dist/shop-1.0.0.tgz',
      attestations: 'true',
      'certificate-identity': identityFor(RELEASE),
      release: 'v1.0.0',
    });
    expect(both.exitCode, both.stdout).toBe(0);
    expect(results(both)[0]?.reason).toMatch(
      /^signature verified \(attestation \d+ from repository acme\/app\); asset of release v1\.0\.0/,
    );
    const missing = await verify({ artifacts: 'dist/shop-1.0.0.tgz', release: 'v9.9.9' });
    expect(missing.exitCode).toBe(1);
    expect(missing.errors[0]).toMatch(/release tag v9\.9\.9 does not exist in acme\/app/);
  });

  it('from the CLI: secure-deploy verify --release', async () => {
    const env = { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/app' };
    const args = ['verify', '--trusted-root', 'roots.jsonl', '--offline', '--release', 'v1.0.0'];
    const good = await runCli([...args, 'dist/shop-1.0.0.tgz'], { cwd: ws, env });
    expect(good.exitCode, good.stderr).toBe(0);
    expect(good.stdout).toMatch(
      /^VERIFIED {2}dist\/shop-1\.0\.0\.tgz {2}\(attestation by https:\/\/dotcom\.releases\.github\.com\) asset of release v1\.0\.0/m,
    );
    const bad = await runCli([...args, 'extra.tgz'], { cwd: ws, env });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/FAILED {2}extra\.tgz.*not an asset of the release/);
  });
});
