/**
 * verify-signatures `images`, end to end through the committed action bundle against a real
 * registry (Debian's docker-registry on loopback) holding images and Sigstore bundles (OCI 1.1
 * referrers) pushed by the test: a signed image verifies and is pinned to its digest; an unsigned
 * one, a re-tagged one, one carrying another image's signature and one signed by an identity the
 * policy does not trust are rejected.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA } from '../../src/trust/oci.ts';
import { pushBlob, pushImage, pushManifest, sha256, startRegistry, type TestRegistry } from '../support/registry.ts';
import { runBundle, type RunResult } from '../support/runner.ts';
import { runCli } from './cli.ts';
import { type GitHubClaims, identityFor, ISSUER, type Stack, startStack } from '../support/sigstore/stack.ts';

const RELEASE: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };
const EVIL: GitHubClaims = { repository: 'evil/fork', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };
const PASSWORD = 'registry-pa55-do-not-print';

let registry: TestRegistry;
let stack: Stack;
let ws: string;
const digests: Record<string, string> = {};

interface Row {
  artifact: string;
  status: string;
  method: string;
  reason: string;
  digest: string;
  signerIdentity?: string;
}
const rows = (run: RunResult): Row[] => JSON.parse(run.outputs.results ?? '[]') as Row[];

async function pushApp(repository: string, tag: string, content: string): Promise<{ digest: string; bytes: Buffer }> {
  const pushed = await pushImage(registry.url, repository, tag, [
    { mediaType: 'application/vnd.oci.image.layer.v1.tar', bytes: content },
  ]);
  digests[`${repository}:${tag}`] = pushed.digest;
  return pushed;
}

/** A Sigstore bundle over the image manifest, attached as an OCI 1.1 referrer (fallback tag). */
async function attach(repository: string, subject: { digest: string; bytes: Buffer }, bundle: unknown): Promise<void> {
  const configDigest = await pushBlob(registry.url, repository, '{}');
  const bundleBytes = JSON.stringify(bundle);
  const layerDigest = await pushBlob(registry.url, repository, bundleBytes);
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA.ociManifest,
    artifactType: MEDIA.bundleV03,
    config: { mediaType: MEDIA.ociEmpty, digest: configDigest, size: 2 },
    layers: [{ mediaType: MEDIA.bundleV03, digest: layerDigest, size: Buffer.byteLength(bundleBytes) }],
    subject: { mediaType: MEDIA.ociManifest, digest: subject.digest, size: subject.bytes.length },
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const pushed = await pushManifest(registry.url, repository, sha256(bytes), manifest, MEDIA.ociManifest);
  await pushManifest(
    registry.url,
    repository,
    subject.digest.replace(':', '-'),
    {
      schemaVersion: 2,
      mediaType: MEDIA.ociIndex,
      manifests: [
        {
          mediaType: MEDIA.ociManifest,
          digest: pushed.digest,
          size: pushed.bytes.length,
          artifactType: MEDIA.bundleV03,
        },
      ],
    },
    MEDIA.ociIndex,
  );
}

function verify(images: string, inputs: Record<string, string> = {}): Promise<RunResult> {
  return runBundle('verify-signatures', {
    cwd: ws,
    inputs: {
      'trusted-root': 'trusted_root.json',
      offline: 'true',
      policy: 'trust-policy.yml',
      images,
      ...inputs,
    },
  });
}

beforeAll(async () => {
  [registry, stack] = await Promise.all([startRegistry(), startStack()]);
  ws = mkdtempSync(join(tmpdir(), 'sd-images-'));
  writeFileSync(join(ws, 'trusted_root.json'), JSON.stringify(stack.trustedRoot));
  writeFileSync(
    join(ws, 'trust-policy.yml'),
    `version: 1
anchors:
  - id: release
    type: sigstore
    owner: platform-team
    review-by: 2099-01-01
    third-party: false
    issuer: ${ISSUER}
    identity: ${identityFor(RELEASE)}
rules:
  - artifacts: '${registry.host}/acme/*'
    anchors: [release]
`,
  );
  const signed = await pushApp('acme/app', 'v1', 'signed app');
  await attach('acme/app', signed, await stack.signBlob(signed.bytes, RELEASE));
  await pushApp('acme/unsigned', 'v1', 'nobody signed me');
  // Re-tagged: v2 was signed, then the tag was moved to other bits.
  const v2 = await pushApp('acme/retag', 'v2', 'signed v2');
  await attach('acme/retag', v2, await stack.signBlob(v2.bytes, RELEASE));
  await pushApp('acme/retag', 'v2', 'swapped bits under the same tag');
  // Another image's signature attached to this one.
  const copied = await pushApp('acme/copied', 'v1', 'copied signature');
  await attach('acme/copied', copied, await stack.signBlob(signed.bytes, RELEASE));
  // Signed, but by a workflow of another repository.
  const evil = await pushApp('acme/evil', 'v1', 'evil app');
  await attach('acme/evil', evil, await stack.signBlob(evil.bytes, EVIL));
}, 60_000);

afterAll(async () => {
  stack?.close();
  await registry?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('verify-signatures images', () => {
  it('verifies a signed image, pins it to its digest, and keeps registry credentials masked', async () => {
    const run = await verify(`${registry.host}/acme/app:v1`, {
      'registry-username': 'deployer',
      'registry-password': PASSWORD,
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verified).toBe('true');
    const digest = digests['acme/app:v1'] ?? '';
    expect(rows(run)).toEqual([
      expect.objectContaining({
        artifact: `${registry.host}/acme/app@${digest}`,
        digest,
        method: 'image',
        status: 'verified',
        signerIdentity: identityFor(RELEASE),
      }),
    ]);
    expect(run.outputs.digests).toBe(`${digest}  ${registry.host}/acme/app@${digest}`);
    expect(run.masks).toContain(PASSWORD);
    for (const text of [run.stdout.replace(`::add-mask::${PASSWORD}`, ''), run.summary, JSON.stringify(run.outputs)]) {
      expect(text).not.toContain(PASSWORD);
    }
  });

  it('rejects an unsigned image, a re-tagged image, a copied signature and an untrusted identity', async () => {
    const refs = ['unsigned:v1', 'retag:v2', 'copied:v1', 'evil:v1'].map((r) => `${registry.host}/acme/${r}`);
    const run = await verify(refs.join('\n'));
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs.verified).toBe('false');
    const byRef = new Map(rows(run).map((r) => [r.artifact, r]));
    expect(rows(run).every((r) => r.status === 'failed' && r.method === 'image')).toBe(true);
    expect(byRef.get(refs[0] ?? '')?.reason).toMatch(/unsigned/);
    expect(byRef.get(refs[1] ?? '')?.reason).toMatch(/unsigned/);
    expect(byRef.get(refs[2] ?? '')?.reason).toMatch(/not for sha256:|not sha256:/);
    expect(byRef.get(refs[3] ?? '')?.reason).toMatch(/identity .*evil\/fork.* is not /);
    expect(run.errors).toHaveLength(4);
  });

  it('needs a policy for images, and fails closed on an image no rule covers', async () => {
    const none = await verify(`${registry.host}/other/app:v1`);
    expect(rows(none)[0]?.reason).toMatch(/no rule of trust policy .* covers/);
    const noPolicy = await verify(`${registry.host}/acme/app:v1`, { policy: '' });
    expect(noPolicy.errors.join('\n')).toMatch(/'images' needs 'policy'/);
  });

  it('does the same from the CLI: secure-deploy verify --image, credentials from the environment', async () => {
    const args = ['verify', '--policy', 'trust-policy.yml', '--trusted-root', 'trusted_root.json', '--offline'];
    const ok = await runCli([...args, '--json', '--image', `${registry.host}/acme/app:v1`], {
      cwd: ws,
      env: { SECURE_DEPLOY_REGISTRY_PASSWORD: PASSWORD },
    });
    expect(ok.exitCode).toBe(0);
    expect((JSON.parse(ok.stdout) as Row[])[0]).toMatchObject({ status: 'verified', method: 'image' });
    const bad = await runCli([...args, '--image', `${registry.host}/acme/evil:v1`, '--registry-username', 'u'], {
      cwd: ws,
      env: { SECURE_DEPLOY_REGISTRY_PASSWORD: PASSWORD },
    });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/FAILED/);
    expect(bad.stdout + bad.stderr).not.toContain(PASSWORD);
  });
});
