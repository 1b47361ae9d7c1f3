import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import { RegistryError, TrustVerificationError } from '../../src/trust/errors.ts';
import { COSIGN_ANNOTATIONS, MEDIA, parseImageReference, RegistryClient, verifyImage } from '../../src/trust/oci.ts';
import { pemEncode } from '../../src/trust/pem.ts';
import type { PublicKeyAnchor, SigstoreAnchor } from '../../src/trust/policy.ts';
import { anchoredRegExp } from '../../src/trust/policy.ts';
import { pushBlob, pushImage, pushManifest, sha256, startRegistry, type TestRegistry } from '../support/registry.ts';
import { createSigstoreStack, GITHUB_ISSUER, type Claims, type SigstoreStack } from './sigstore-stack.ts';

const RELEASE = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0';
const GOOD: Claims = {
  identity: RELEASE,
  signerWorkflow: RELEASE,
  sourceRepository: 'https://github.com/acme/app',
  sourceRef: 'refs/tags/v1.0.0',
};

const releaseAnchor: SigstoreAnchor = {
  id: 'release',
  type: 'sigstore',
  owner: 'platform-team',
  reviewBy: '2099-01-01',
  thirdParty: false,
  line: 1,
  issuer: GITHUB_ISSUER,
  identityPattern: 'https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v.*',
  identityRegExp: anchoredRegExp('https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v.*'),
  signerWorkflow: 'acme/app/.github/workflows/release.yml',
  sourceRepository: 'acme/app',
  denySelfHostedRunners: true,
};

const buildKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const keyAnchor: PublicKeyAnchor = {
  id: 'build-key',
  type: 'public-key',
  owner: 'platform-team',
  reviewBy: '2099-01-01',
  thirdParty: false,
  line: 1,
  keyPem: buildKeys.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
};

let registry: TestRegistry;
let stack: SigstoreStack;

beforeAll(async () => {
  [registry, stack] = await Promise.all([startRegistry(), createSigstoreStack()]);
});

afterAll(async () => {
  await registry?.close();
});

async function pushAppImage(
  repository: string,
  tag: string,
  content: string,
): Promise<{ digest: string; bytes: Buffer }> {
  return pushImage(registry.url, repository, tag, [
    { mediaType: 'application/vnd.oci.image.layer.v1.tar', bytes: content },
  ]);
}

function simpleSigningPayload(repository: string, digest: string, target: TestRegistry = registry): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': `${target.host}/${repository}` },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );
}

/** Signs like `cosign sign` does with a TSA: a simple-signing layer under the `sha256-<hex>.sig` tag. */
async function cosignSign(
  repository: string,
  digest: string,
  claims: Claims,
  tagFor = digest,
  target: TestRegistry = registry,
): Promise<void> {
  const payload = simpleSigningPayload(repository, digest, target);
  const { signature, certificateDer, timestampResponse } = await stack.signKeyless(payload, claims);
  await pushImage(target.url, repository, `${tagFor.replace(':', '-')}.sig`, [
    {
      mediaType: MEDIA.simpleSigning,
      bytes: payload,
      annotations: {
        [COSIGN_ANNOTATIONS.signature]: signature.toString('base64'),
        [COSIGN_ANNOTATIONS.certificate]: pemEncode(certificateDer, 'CERTIFICATE'),
        [COSIGN_ANNOTATIONS.timestamp]: JSON.stringify({
          SignedRFC3161Timestamp: timestampResponse.toString('base64'),
        }),
      },
    },
  ]);
}

/** Attaches Sigstore bundles as OCI 1.1 referrers through the fallback tag (`sha256-<hex>` index). */
async function attachReferrers(
  repository: string,
  subject: { digest: string; bytes: Buffer },
  bundles: unknown[],
): Promise<void> {
  const descriptors = [];
  for (const bundle of bundles) {
    const empty = '{}';
    const configDigest = await pushBlob(registry.url, repository, empty);
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
    descriptors.push({
      mediaType: MEDIA.ociManifest,
      digest: pushed.digest,
      size: pushed.bytes.length,
      artifactType: MEDIA.bundleV03,
    });
  }
  await pushManifest(
    registry.url,
    repository,
    subject.digest.replace(':', '-'),
    { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: descriptors },
    MEDIA.ociIndex,
  );
}

async function rejected(
  promise: Promise<unknown>,
  type: new (...args: never[]) => Error = TrustVerificationError,
): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return (error as Error).message;
}

describe('parseImageReference', () => {
  it('parses tags and digests and refuses ambiguous references', () => {
    expect(parseImageReference('127.0.0.1:5000/acme/app:v1')).toEqual({
      registry: '127.0.0.1:5000',
      repository: 'acme/app',
      tag: 'v1',
    });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageReference(`ghcr.io/acme/app@${digest}`)).toEqual({
      registry: 'ghcr.io',
      repository: 'acme/app',
      digest,
    });
    expect(() => parseImageReference('app:latest')).toThrow(ConfigurationError);
    expect(() => parseImageReference('ghcr.io/acme/app@sha256:abc')).toThrow('not sha256:<64 lower-case hex>');
    expect(() => parseImageReference('ghcr.io/acme/app')).toThrow('neither a tag nor a digest');
  });
});

describe('verifyImage against a real docker-registry', () => {
  it('verifies a cosign-signed image by tag and pins its digest', async () => {
    const image = await pushAppImage('acme/app', 'v1', 'layer one');
    await cosignSign('acme/app', image.digest, GOOD);
    const result = await verifyImage(`${registry.host}/acme/app:v1`, { anchors: [releaseAnchor], trust: stack.trust });
    expect(result.digest).toBe(image.digest);
    expect(result.pinned).toBe(`${registry.host}/acme/app@${image.digest}`);
    expect(result.verified).toHaveLength(1);
    expect(result.verified[0]).toMatchObject({
      anchorId: 'release',
      source: 'cosign-signature-tag',
      identity: RELEASE,
      issuer: GITHUB_ISSUER,
      sourceRef: 'refs/tags/v1.0.0',
    });
    // By digest as well.
    const byDigest = await verifyImage(`${registry.host}/acme/app@${image.digest}`, {
      anchors: [releaseAnchor],
      trust: stack.trust,
    });
    expect(byDigest.digest).toBe(image.digest);
  });

  it('verifies a classic keyless cosign signature with its Rekor bundle annotation (transparency log required)', async () => {
    const image = await pushAppImage('acme/rekor', 'v1', 'logged in rekor');
    const payload = simpleSigningPayload('acme/rekor', image.digest);
    const { signature, certificateDer } = await stack.signKeyless(payload, GOOD);
    await pushImage(registry.url, 'acme/rekor', `${image.digest.replace(':', '-')}.sig`, [
      {
        mediaType: MEDIA.simpleSigning,
        bytes: payload,
        annotations: {
          [COSIGN_ANNOTATIONS.signature]: signature.toString('base64'),
          [COSIGN_ANNOTATIONS.certificate]: pemEncode(certificateDer, 'CERTIFICATE'),
          [COSIGN_ANNOTATIONS.rekorBundle]: await stack.rekorAnnotation(payload, signature, certificateDer),
        },
      },
    ]);
    const result = await verifyImage(`${registry.host}/acme/rekor:v1`, {
      anchors: [releaseAnchor],
      trust: stack.trustWithLog,
    });
    expect(result.verified[0]).toMatchObject({
      anchorId: 'release',
      source: 'cosign-signature-tag',
      identity: RELEASE,
    });
    // Without a transparency-log entry the same trust settings refuse a TSA-only signature.
    const tsaOnly = await pushAppImage('acme/rekor', 'v2', 'only timestamped');
    await cosignSign('acme/rekor', tsaOnly.digest, GOOD);
    const message = await rejected(
      verifyImage(`${registry.host}/acme/rekor:v2`, { anchors: [releaseAnchor], trust: stack.trustWithLog }),
    );
    expect(message).toMatch(/transparency log|tlog/i);
  });

  it('rejects an unsigned image', async () => {
    await pushAppImage('acme/unsigned', 'v1', 'no signature here');
    const message = await rejected(
      verifyImage(`${registry.host}/acme/unsigned:v1`, { anchors: [releaseAnchor], trust: stack.trust }),
    );
    expect(message).toMatch(
      /no Sigstore signature or attestation found for sha256:[0-9a-f]{64} .*the image is unsigned/,
    );
  });

  it('rejects a re-tagged image whose signature belongs to another digest', async () => {
    const good = await pushAppImage('acme/retag', 'good', 'the image that was signed');
    await cosignSign('acme/retag', good.digest, GOOD);
    const evil = await pushAppImage('acme/retag', 'v1', 'an image that was never signed');
    // Copy the good image's signature manifest to the evil image's signature tag.
    const response = await fetch(`${registry.url}/v2/acme/retag/manifests/${good.digest.replace(':', '-')}.sig`, {
      headers: { accept: MEDIA.ociManifest },
    });
    await pushManifest(
      registry.url,
      'acme/retag',
      `${evil.digest.replace(':', '-')}.sig`,
      await response.json(),
      MEDIA.ociManifest,
    );
    const message = await rejected(
      verifyImage(`${registry.host}/acme/retag:v1`, { anchors: [releaseAnchor], trust: stack.trust }),
    );
    expect(message).toContain(`the signed payload is for ${good.digest}, not ${evil.digest}`);
  });

  it('rejects an image signed by an untrusted identity', async () => {
    const image = await pushAppImage('acme/evil', 'v1', 'signed by someone else');
    const evil = 'https://github.com/acme/app/.github/workflows/release.yml.evil.yml@refs/tags/v1.0.0';
    await cosignSign('acme/evil', image.digest, { ...GOOD, identity: evil, signerWorkflow: evil });
    const message = await rejected(
      verifyImage(`${registry.host}/acme/evil:v1`, { anchors: [releaseAnchor], trust: stack.trust }),
    );
    expect(message).toContain(`identity ${evil} does not match`);
    expect(message).toContain(`signer workflow ${evil} is not acme/app/.github/workflows/release.yml`);
  });

  it('rejects a signature from a self-hosted runner when the anchor denies them', async () => {
    const image = await pushAppImage('acme/selfhosted', 'v1', 'built on a laptop');
    await cosignSign('acme/selfhosted', image.digest, { ...GOOD, runner: 'self-hosted' });
    const message = await rejected(
      verifyImage(`${registry.host}/acme/selfhosted:v1`, { anchors: [releaseAnchor], trust: stack.trust }),
    );
    expect(message).toContain('ran on a self-hosted runner');
  });

  it('verifies a key-signed bundle and an attestation attached as OCI 1.1 referrers (fallback tag)', async () => {
    const image = await pushAppImage('acme/referred', 'v2', 'referrers layer');
    const keySigned = await stack.bundleWithKey(image.bytes, buildKeys.privateKey);
    const attestation = await stack.attestationKeyless(image.digest.slice(7), 'https://slsa.dev/provenance/v1', GOOD);
    await attachReferrers('acme/referred', image, [keySigned, attestation]);

    const result = await verifyImage(`${registry.host}/acme/referred:v2`, {
      anchors: [keyAnchor, releaseAnchor],
      require: 'all',
      trust: stack.trust,
    });
    expect(result.verified.map((v) => [v.anchorId, v.source, v.kind])).toEqual([
      ['build-key', 'referrers-tag', 'signature'],
      ['release', 'referrers-tag', 'attestation'],
    ]);
    expect(result.verified[1]?.predicateType).toBe('https://slsa.dev/provenance/v1');

    // Another key is not trusted.
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const other: PublicKeyAnchor = {
      ...keyAnchor,
      id: 'other-key',
      keyPem: otherKey.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    };
    const message = await rejected(
      verifyImage(`${registry.host}/acme/referred:v2`, { anchors: [other], trust: stack.trust }),
    );
    expect(message).toContain('none of the 2 signatures');
    expect(message).toContain('other-key: the Sigstore signature does not verify');
  });

  it('verifies a cosign attestation (DSSE layer under the sha256-<hex>.att tag) and filters by predicate type', async () => {
    const image = await pushAppImage('acme/attested', 'v1', 'attested by cosign');
    const bundle = (await stack.attestationKeyless(image.digest.slice(7), 'https://slsa.dev/provenance/v1', GOOD)) as {
      verificationMaterial: {
        certificate: { rawBytes: string };
        timestampVerificationData: { rfc3161Timestamps: { signedTimestamp: string }[] };
      };
      dsseEnvelope: unknown;
    };
    const material = bundle.verificationMaterial;
    await pushImage(registry.url, 'acme/attested', `${image.digest.replace(':', '-')}.att`, [
      {
        mediaType: MEDIA.dsse,
        bytes: JSON.stringify(bundle.dsseEnvelope),
        annotations: {
          [COSIGN_ANNOTATIONS.signature]: '',
          [COSIGN_ANNOTATIONS.certificate]: pemEncode(
            Buffer.from(material.certificate.rawBytes, 'base64'),
            'CERTIFICATE',
          ),
          [COSIGN_ANNOTATIONS.timestamp]: JSON.stringify({
            SignedRFC3161Timestamp: material.timestampVerificationData.rfc3161Timestamps[0]?.signedTimestamp,
          }),
          predicateType: 'https://slsa.dev/provenance/v1',
        },
      },
    ]);
    const result = await verifyImage(`${registry.host}/acme/attested:v1`, {
      anchors: [releaseAnchor],
      trust: stack.trust,
      predicateType: 'https://slsa.dev/provenance/v1',
    });
    expect(result.verified[0]).toMatchObject({
      source: 'cosign-attestation-tag',
      kind: 'attestation',
      anchorId: 'release',
    });
    const message = await rejected(
      verifyImage(`${registry.host}/acme/attested:v1`, {
        anchors: [releaseAnchor],
        trust: stack.trust,
        predicateType: 'https://spdx.dev/Document',
      }),
    );
    expect(message).toContain('predicate type https://slsa.dev/provenance/v1 is not https://spdx.dev/Document');
  });

  it('rejects an attestation about another image', async () => {
    const image = await pushAppImage('acme/att', 'v1', 'attested');
    const attestation = await stack.attestationKeyless('b'.repeat(64), 'https://slsa.dev/provenance/v1', GOOD);
    await attachReferrers('acme/att', image, [attestation]);
    const message = await rejected(
      verifyImage(`${registry.host}/acme/att:v1`, { anchors: [releaseAnchor], trust: stack.trust }),
    );
    expect(message).toContain(`the attestation is about sha256:${'b'.repeat(64)}, not ${image.digest}`);
  });
});

describe('registry failures', () => {
  let server: Server;
  let host: string;
  let mode: '500' | 'garbage' | 'wrong-digest' | 'auth' = '500';
  const seen: string[] = [];
  const TOKEN = 'tok-3f9a-very-secret-token-value';
  const PASSWORD = 'hunter2-registry-password';

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      if (mode === '500') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      } else if (mode === 'garbage') {
        res.writeHead(200, { 'content-type': MEDIA.ociManifest }).end('<html>definitely not json');
      } else if (mode === 'wrong-digest') {
        const body = JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociManifest, config: {}, layers: [] });
        res
          .writeHead(200, { 'content-type': MEDIA.ociManifest, 'docker-content-digest': `sha256:${'0'.repeat(64)}` })
          .end(body);
      } else if (req.url?.startsWith('/token')) {
        const expected = `Basic ${Buffer.from(`robot:${PASSWORD}`).toString('base64')}`;
        if (req.headers.authorization !== expected) res.writeHead(401).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: TOKEN }));
      } else if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="test-registry"` }).end();
      } else {
        // Authenticated, then failing and echoing the credentials back.
        res.writeHead(500).end(`failed for ${req.headers.authorization}`);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails clearly when the registry answers 500', async () => {
    mode = '500';
    const message = await rejected(
      verifyImage(`${host}/acme/app:v1`, { anchors: [releaseAnchor], trust: stack.trust }),
      RegistryError,
    );
    expect(message).toBe(`manifest ${host}/acme/app:v1: the registry answered HTTP 500 (internal error)`);
  });

  it('fails clearly when the registry answers garbage', async () => {
    mode = 'garbage';
    const message = await rejected(
      verifyImage(`${host}/acme/app:v1`, { anchors: [releaseAnchor], trust: stack.trust }),
      RegistryError,
    );
    expect(message).toContain(`manifest ${host}/acme/app:v1 is not JSON`);
    expect(message).toContain('the registry answered garbage');
  });

  it('refuses a manifest whose bytes do not hash to the digest the registry claims', async () => {
    mode = 'wrong-digest';
    const message = await rejected(new RegistryClient(host).getManifest('acme/app', 'v1'), RegistryError);
    expect(message).toMatch(
      /the registry says the manifest digest is sha256:0{64}, but its bytes hash to sha256:[0-9a-f]{64}/,
    );
  });

  it('authenticates with a bearer token obtained with basic credentials, and never shows them', async () => {
    mode = 'auth';
    seen.length = 0;
    const message = await rejected(
      verifyImage(`${host}/acme/app:v1`, {
        anchors: [releaseAnchor],
        trust: stack.trust,
        registry: { credentials: { username: 'robot', password: PASSWORD } },
      }),
      RegistryError,
    );
    expect(
      seen.some((line) =>
        line.startsWith('GET /token?service=test-registry&scope=repository%3Aacme%2Fapp%3Apull Basic '),
      ),
    ).toBe(true);
    expect(seen.at(-1)).toContain(`Bearer ${TOKEN}`);
    expect(message).toContain('the registry answered HTTP 500 (failed for Bearer ***)');
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain(PASSWORD);

    const refused = await rejected(
      verifyImage(`${host}/acme/app:v1`, {
        anchors: [releaseAnchor],
        trust: stack.trust,
        registry: { credentials: { username: 'robot', password: 'wrong-password-value' } },
      }),
      RegistryError,
    );
    expect(refused).toContain('the token service');
    expect(refused).not.toContain('wrong-password-value');
  });
});

describe('a real docker-registry with htpasswd basic auth', () => {
  const USER = 'deploy-robot';
  const PASSWORD = 'Zq8-htpasswd-registry-secret';
  let guarded: TestRegistry;

  beforeAll(async () => {
    guarded = await startRegistry({ basicAuth: { username: USER, password: PASSWORD } });
  });

  afterAll(async () => {
    await guarded?.close();
  });

  it('verifies a signed image through basic auth; no or wrong credentials fail without showing the password', async () => {
    const image = await pushImage(guarded.url, 'acme/private', 'v1', [
      { mediaType: 'application/vnd.oci.image.layer.v1.tar', bytes: 'behind basic auth' },
    ]);
    await cosignSign('acme/private', image.digest, GOOD, image.digest, guarded);
    // The registry does ask for credentials.
    const anonymous = await fetch(`${guarded.url}/v2/acme/private/manifests/v1`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="secure-deploy-tests"/);

    const result = await verifyImage(`${guarded.host}/acme/private:v1`, {
      anchors: [releaseAnchor],
      trust: stack.trust,
      registry: { credentials: { username: USER, password: PASSWORD } },
    });
    expect(result.digest).toBe(image.digest);
    expect(result.verified[0]).toMatchObject({ anchorId: 'release', source: 'cosign-signature-tag' });

    const none = await rejected(
      verifyImage(`${guarded.host}/acme/private:v1`, { anchors: [releaseAnchor], trust: stack.trust }),
      RegistryError,
    );
    expect(none).toBe(`${guarded.host} asks for authentication (Basic) and no credentials were given`);

    const wrong = 'Zq8-not-the-password';
    const refused = await rejected(
      verifyImage(`${guarded.host}/acme/private:v1`, {
        anchors: [releaseAnchor],
        trust: stack.trust,
        registry: { credentials: { username: USER, password: wrong } },
      }),
      RegistryError,
    );
    expect(refused).toBe(`${guarded.host} refused the credentials for acme/private (HTTP 401)`);
    for (const secret of [wrong, PASSWORD, Buffer.from(`${USER}:${wrong}`).toString('base64')])
      expect(refused).not.toContain(secret);
  });
});
