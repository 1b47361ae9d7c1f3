/**
 * GitHub's own release attestation (v6 of bdehamer/delme, from gh's test data) through the release
 * check, with GitHub's trusted root (`gh attestation trusted-root`, line 2) and that instance's
 * proofs (a signed timestamp; no transparency log, no SCT): the asset verifies; another tag,
 * another commit, another artifact, an altered statement, or public-good thresholds are refused.
 * Then, with local Sigstore instances, which instance may sign one: not the public-good instance.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFromValue, type LoadedBundle } from '../../src/verify/bundle.ts';
import type { VerifyContext } from '../../src/verify/engine.ts';
import { type ReleaseAttestations, releaseSigner, verifyReleaseAsset } from '../../src/verify/release.ts';
import { TrustRoots } from '../../src/verify/instances.ts';
import type { Thresholds } from '../../src/core/thresholds.ts';
import { parseTrustedRoot } from '../../src/verify/trusted-roots.ts';
import { REPO_ROOT } from '../support/runner.ts';
import { startGitHubInstance } from '../support/sigstore/github-instance.ts';

const DATA = join(REPO_ROOT, 'test', 'data');
const ASSET = {
  label: 'artifact.zip',
  digests: { sha256: 'e15b593c6ab8d7725a3cc82226ef816cac6bf9c70eed383bd459295cc65f5ec3' },
};
const COMMIT = 'sha1:c5e17a62e06a1d201570249c61fae531e9244e1b';
const GITHUB_INSTANCE: Thresholds = { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 };

const bundleJson = (): { dsseEnvelope: { payload: string } } =>
  JSON.parse(readFileSync(join(DATA, 'github-release', 'github_release_bundle.json'), 'utf8')) as {
    dsseEnvelope: { payload: string };
  };

function context(thresholds: Thresholds): VerifyContext {
  const line = readFileSync(join(DATA, 'github-sigstore', 'trusted_root.jsonl'), 'utf8').split('\n')[1] ?? '';
  const root = parseTrustedRoot(line, "GitHub's trusted root");
  return { roots: new TrustRoots({ given: { roots: [root], source: "GitHub's trusted root" }, thresholds }) };
}

function release(bundle: LoadedBundle, tag = 'v6', commitDigest = COMMIT): ReleaseAttestations {
  return { tag, repository: 'bdehamer/delme', commitDigest, fetched: { bundles: [bundle], failures: [] } };
}

const loaded = () => bundleFromValue(bundleJson(), 'attestation 1 from repository bdehamer/delme');

describe("GitHub's release attestation", () => {
  it('verifies the asset of the release, signed by https://dotcom.releases.github.com', async () => {
    const facts = await verifyReleaseAsset(release(loaded()), ASSET, context(GITHUB_INSTANCE));
    expect(facts).toMatchObject({
      signerIdentity: 'https://dotcom.releases.github.com',
      predicateType: 'https://in-toto.io/attestation/release/v0.1',
      signingTime: '2025-05-30T20:13:39.000Z',
    });
  });

  it("requires the tenant's signer on GHE.com: github.com's release attestation is refused there", async () => {
    const tenant = { ...release(loaded()), signer: releaseSigner('acme') };
    await expect(verifyReleaseAsset(tenant, ASSET, context(GITHUB_INSTANCE))).rejects.toThrow(
      /https:\/\/acme\.releases\.github\.com/,
    );
  });

  it('refuses another tag, another commit and an artifact that is not an asset', async () => {
    const ctx = context(GITHUB_INSTANCE);
    await expect(verifyReleaseAsset(release(loaded(), 'v7'), ASSET, ctx)).rejects.toThrow(
      `release v7 of bdehamer/delme: no release attestation for ${COMMIT} names tag v7`,
    );
    await expect(verifyReleaseAsset(release(loaded(), 'v6', `sha1:${'0'.repeat(40)}`), ASSET, ctx)).rejects.toThrow(
      "does not name the tag's commit",
    );
    const other = { label: 'other.zip', digests: { sha256: 'f'.repeat(64) } };
    await expect(verifyReleaseAsset(release(loaded()), other, ctx)).rejects.toThrow(
      'the release attestation does not name this artifact',
    );
  });

  it('refuses an altered statement, and public-good thresholds (GitHub keeps no transparency log)', async () => {
    const altered = bundleJson();
    const statement = Buffer.from(altered.dsseEnvelope.payload, 'base64').toString().replace('"v6"}', '"v6", "x":1}');
    altered.dsseEnvelope.payload = Buffer.from(statement).toString('base64');
    await expect(
      verifyReleaseAsset(release(bundleFromValue(altered, 'altered')), ASSET, context(GITHUB_INSTANCE)),
    ).rejects.toThrow(/signature verification failed/);
    await expect(
      verifyReleaseAsset(release(loaded()), ASSET, context({ ...GITHUB_INSTANCE, tlogThreshold: 1 })),
    ).rejects.toThrow(/signature verification failed/);
  });
});

describe('which Sigstore instance may sign a release attestation', () => {
  // The same release statement, signed for https://dotcom.releases.github.com by local instances whose
  // CA names GitHub's instance, the public-good instance, and neither (a root the user gives).
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      { uri: 'pkg:github/acme/app@v1.0.0', digest: { sha1: 'c'.repeat(40) } },
      { name: 'app.tgz', digest: { sha256: 'a'.repeat(64) } },
    ],
    predicateType: 'https://in-toto.io/attestation/release/v0.1',
    predicate: { purl: 'pkg:github/acme/app@v1.0.0', repository: 'acme/app', tag: 'v1.0.0' },
  };
  const claims = {
    repository: 'acme/app',
    workflowFile: 'release.yml',
    ref: 'refs/tags/v1.0.0',
    subject: 'https://dotcom.releases.github.com',
  };
  const asset = { label: 'app.tgz', digests: { sha256: 'a'.repeat(64) } };

  async function signedBy(organization: string, thresholds?: Thresholds) {
    const instance = await startGitHubInstance(undefined, { organization, commonName: 'Fulcio Intermediate' });
    const bundle = bundleFromValue(await instance.attest(statement, claims), `signed by ${organization}`);
    const root = parseTrustedRoot(JSON.stringify(instance.trustedRoot), `${organization}.json`);
    const given = { roots: [root], source: `${organization}.json` };
    const ctx: VerifyContext = { roots: new TrustRoots({ given, ...(thresholds ? { thresholds } : {}) }) };
    const attestations: ReleaseAttestations = {
      tag: 'v1.0.0',
      repository: 'acme/app',
      commitDigest: `sha1:${'c'.repeat(40)}`,
      fetched: { bundles: [bundle], failures: [] },
    };
    return { attestations, ctx };
  }

  afterAll(() => nock.cleanAll());

  it("accepts one from GitHub's instance", async () => {
    const { attestations, ctx } = await signedBy('GitHub, Inc.');
    await expect(verifyReleaseAsset(attestations, asset, ctx)).resolves.toMatchObject({
      signerIdentity: 'https://dotcom.releases.github.com',
      instance: 'github',
    });
  });

  it('refuses one from the public-good instance, as gh release verify-asset does (NoPublicGood)', async () => {
    const { attestations, ctx } = await signedBy('sigstore.dev');
    await expect(verifyReleaseAsset(attestations, asset, ctx)).rejects.toThrow(
      "release v1.0.0 of acme/app: signed by sigstore.dev: the signing certificate comes from the Sigstore public-good instance, not from GitHub's: GitHub signs release attestations with its own Sigstore instance, so one from public-good is refused (as `gh release verify-asset` does)",
    );
  });

  it('accepts one from another instance whose root and thresholds the user gives (gh: a custom trusted root)', async () => {
    // Another instance's root gets public-good's thresholds unless the user sets them: this one keeps no log.
    const { attestations, ctx } = await signedBy('Example Corp', GITHUB_INSTANCE);
    await expect(verifyReleaseAsset(attestations, asset, ctx)).resolves.toMatchObject({ instance: 'custom' });
  });
});
