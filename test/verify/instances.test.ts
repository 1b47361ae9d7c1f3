/**
 * Trust roots per Sigstore instance and the bundle formats real projects publish, in-process on the
 * real signed artifacts of test/data/real-world (the same cases run through the CLI bundle in
 * real-world.test.ts): GitHub's instance with JSON-lines roots, the instance a refusal names, chains
 * carrying roots, legacy cosign bundles, and malformed log entries refused with their reason.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleFile } from '../../src/verify/bundle.ts';
import { verifySingleBundle } from '../../src/verify/conformance.ts';
import { verifyBundle } from '../../src/verify/engine.ts';
import { INSTANCE_THRESHOLDS, loadTrustRoots, type TrustRoots } from '../../src/verify/instances.ts';
import { fileSubject } from '../../src/verify/subject.ts';
import { instanceTrustedRoot, parseTrustedRoots, shippedTrustedRoot } from '../../src/verify/trusted-roots.ts';
import { startGitHubInstance } from '../support/sigstore/github-instance.ts';
import { type GitHubClaims, identityFor, ISSUER, type Stack, startStack } from '../support/sigstore/stack.ts';

const DATA = join(import.meta.dirname, '..', 'data');
const REAL = join(DATA, 'real-world');
const GH = join(REAL, 'ghprivate-2024-github-root');
const GH_IDENTITY = 'https://github.com/actions/attest-demo/.github/workflows/build-python.yml@refs/heads/main';
const NPM = join(REAL, 'npm-sigstore-1.0.0');
const NPM_IDENTITY = 'https://github.com/sigstore/sigstore-js/.github/workflows/publish.yml@refs/tags/v1.0.0';
const NPM2 = join(REAL, 'npm-sigstore-2.2.0');
const NPM2_IDENTITY = 'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main';
const COSIGN = join(REAL, 'cosign-legacy-blob-bundle');
const COSIGN_SUBJECT = 'sha256:d03cd623efbfe33052baa75e9dc6df83c3d957ecb67801a887ef6368d595c34e';
const JSONL = join(DATA, 'github-sigstore', 'trusted_root.jsonl');

let ws: string;
let stack: Stack;
beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'sd-instances-'));
  stack = await startStack();
});
afterAll(() => {
  stack.close();
  rmSync(ws, { recursive: true, force: true });
});

function write(name: string, content: string | object): string {
  const path = join(ws, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

async function verify(options: {
  bundle: string;
  subject: string;
  identity?: string;
  trustedRoot?: string;
  thresholds?: Record<string, number>;
  warnings?: string[];
}) {
  return verifySingleBundle({
    bundle: options.bundle,
    subject: options.subject,
    certificateIdentity: options.identity,
    certificateOidcIssuer: ISSUER,
    ...(options.trustedRoot ? { trustedRoot: options.trustedRoot } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    offline: true,
    warn: (m) => options.warnings?.push(m),
  });
}

describe("GitHub's Sigstore instance", () => {
  it('reads `gh attestation trusted-root` output as is, and names a malformed line', () => {
    const text = readFileSync(JSONL, 'utf8');
    const roots = parseTrustedRoots(text, 'roots.jsonl');
    expect(roots).toHaveLength(2);
    expect(roots[1]?.timestampAuthorities.length).toBeGreaterThan(0);
    const lines = text.trim().split('\n');
    expect(() => parseTrustedRoots(`${lines[0]}\n{"mediaType": \n`, 'roots.jsonl')).toThrow(
      /roots\.jsonl line 2 is not valid JSON/,
    );
    expect(() => parseTrustedRoots(`${lines[0]}\n{"mediaType":"x"}\n`, 'roots.jsonl')).toThrow(
      /roots\.jsonl line 2 has media type 'x'/,
    );
    expect(() => parseTrustedRoots('\n\n', 'empty.jsonl')).toThrow(/empty/);
  });

  it('verifies a private-repository attestation with the JSON-lines root, by its instance policy', async () => {
    const outcome = await verify({
      bundle: join(GH, 'bundle.json'),
      subject: join(GH, 'ghprivate.whl'),
      identity: GH_IDENTITY,
      trustedRoot: JSONL,
    });
    expect(outcome).toMatchObject({
      ok: true,
      message: expect.stringMatching(/GitHub's Sigstore instance/) as unknown,
    });
  });

  it('verifies it out of the box with the shipped root, and warns how old that root is', async () => {
    const warnings: string[] = [];
    const outcome = await verify({
      bundle: join(GH, 'bundle.json'),
      subject: join(GH, 'ghprivate.whl'),
      identity: GH_IDENTITY,
      warnings,
    });
    expect(outcome.ok).toBe(true);
    expect(warnings).toEqual([
      expect.stringMatching(/^offline: using GitHub's Sigstore trusted root shipped with this action.*days ago/),
    ]);
  });

  it('applies thresholds the user sets on top of the instance policy', async () => {
    const outcome = await verify({
      bundle: join(GH, 'bundle.json'),
      subject: join(GH, 'ghprivate.whl'),
      identity: GH_IDENTITY,
      trustedRoot: JSONL,
      thresholds: { tlogThreshold: 1 },
    });
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/tlog|transparency/i) as unknown });
    expect(outcome.unexpected).toBeUndefined();
  });

  it("applies GitHub's policy to GitHub's line of a given JSON-lines root, and says so when refusing", async () => {
    const bundle = readJson(join(GH, 'bundle.json')) as { verificationMaterial: Record<string, unknown> };
    delete bundle.verificationMaterial.timestampVerificationData;
    const outcome = await verify({
      bundle: write('gh-no-timestamp.json', bundle),
      subject: join(GH, 'ghprivate.whl'),
      identity: GH_IDENTITY,
      trustedRoot: JSONL,
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(
      /the bundle has no RFC 3161 signed timestamp, which the trusted root \S*trusted_root\.jsonl \(GitHub's Sigstore instance\) requires/,
    );
  });

  it("refuses it with public-good's root alone, saying it comes from GitHub's instance and what to pass", async () => {
    const publicGood = write('public-good.json', readFileSync(JSONL, 'utf8').split('\n')[0] ?? '');
    const outcome = await verify({
      bundle: join(GH, 'bundle.json'),
      subject: join(GH, 'ghprivate.whl'),
      identity: GH_IDENTITY,
      trustedRoot: publicGood,
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/Fulcio Intermediate l2.*GitHub's Sigstore instance.*gh attestation trusted-root/);
  });

  it('refuses a bundle from no known instance, naming its issuer and what to pass', async () => {
    const data = Buffer.from('from another instance');
    const claims: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/heads/main' };
    const bundle = write('mock.sigstore.json', await stack.signBlob(data, claims));
    const artifact = write('mock.txt', data.toString());
    const outcome = await verify({ bundle, subject: artifact, identity: identityFor(claims) });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/organization "sigstore\.mock".*neither.*public-good.*GitHub's.*'trusted-root'/);
    // The same bundle verifies with that instance's root.
    const root = write('mock-root.json', stack.trustedRoot);
    await expect(
      verify({ bundle, subject: artifact, identity: identityFor(claims), trustedRoot: root }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('falls back to the shipped GitHub root when tuf-repo.github.com does not answer, saying how old it is', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((done) => hanging.listen(0, '127.0.0.1', done));
    const { port } = hanging.address() as AddressInfo;
    try {
      const warnings: string[] = [];
      const root = await instanceTrustedRoot('github', {
        offline: false,
        timeoutMs: 500,
        warn: (m) => warnings.push(m),
        mirror: {
          url: `http://127.0.0.1:${port}`,
          rootPath: join(DATA, 'github-sigstore', 'tuf-root.json'),
          cachePath: join(ws, 'tuf-cache'),
        },
      });
      expect(root).toEqual(shippedTrustedRoot(new Date(), 'github').root);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^Could not refresh GitHub's Sigstore trusted root through TUF \(.+\); using the copy shipped with this action: its newest key dates from \d{4}-\d\d-\d\d, \d+ days ago \(TUF root version 3/,
        ),
      ]);
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('has no shipped root for a GHE.com trust domain: offline, it says to pass the root', async () => {
    await expect(
      instanceTrustedRoot('github', { offline: true, trustDomain: 'acme', warn: () => undefined }),
    ).rejects.toThrow(/trust domain 'acme'.*trusted-root/);
  });
});

describe('bundle formats real projects publish', () => {
  it('verifies a 2023 v0.1 bundle whose chain carries the trusted root, and refuses an untrusted root by name', async () => {
    const good = await verify({
      bundle: join(NPM, 'bundle.json'),
      subject: join(NPM, 'sigstore-1.0.0.tgz'),
      identity: NPM_IDENTITY,
    });
    expect(good).toMatchObject({ ok: true });
    // The same chain in a v0.3 bundle: v0.3 carries the leaf alone.
    const v03 = { ...readJson(join(NPM, 'bundle.json')), mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' };
    const chained = await verify({
      bundle: write('v03-chain.json', v03),
      subject: join(NPM, 'sigstore-1.0.0.tgz'),
      identity: NPM_IDENTITY,
    });
    expect(chained).toEqual({
      ok: false,
      message: expect.stringMatching(/is v0\.3 but carries a certificate chain/) as unknown,
    });
    // Swap the carried root for another (GitHub's): the chain now carries a root that is not trusted.
    const bundle = readJson(join(NPM, 'bundle.json')) as {
      verificationMaterial: { x509CertificateChain: { certificates: { rawBytes: string }[] } };
    };
    const ghRoot = JSON.parse(readFileSync(join(GH, 'github-trusted-root.json'), 'utf8')) as {
      certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
    };
    const foreign = ghRoot.certificateAuthorities[0]?.certChain.certificates[2];
    if (!foreign) throw new Error('test data: GitHub root chain');
    bundle.verificationMaterial.x509CertificateChain.certificates[2] = foreign;
    const outcome = await verify({
      bundle: write('foreign-root.json', bundle),
      subject: join(NPM, 'sigstore-1.0.0.tgz'),
      identity: NPM_IDENTITY,
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(
      /carries the root "O=GitHub\\?, Inc\., CN=Internal Services Root".*not a certificate of/,
    );
  });

  it('refuses a v0.1 full-chain bundle for the real reason: another artifact, another identity', async () => {
    const other = await verify({
      bundle: join(NPM, 'bundle.json'),
      subject: join(REAL, 'npm-sigstore-1.0.0-other-version', 'sigstore-1.1.0.tgz'),
      identity: NPM_IDENTITY,
    });
    expect(other.message).toMatch(/not this artifact/);
    const wrong = await verify({
      bundle: join(NPM, 'bundle.json'),
      subject: join(NPM, 'sigstore-1.0.0.tgz'),
      identity: `${NPM_IDENTITY}x`,
    });
    expect(wrong.message).toMatch(/identity .* is not /);
  });

  it('reads a legacy cosign bundle, and refuses a broken one with the reason', async () => {
    const good = await verifySingleBundle({
      bundle: join(COSIGN, 'sbom.bundle'),
      subject: COSIGN_SUBJECT,
      certificateIdentity: 'vu@krnl.xyz',
      certificateOidcIssuer: 'https://github.com/login/oauth',
      offline: true,
      warn: () => undefined,
    });
    expect(good).toMatchObject({ ok: true, message: expect.stringMatching(/legacy cosign bundle/) as unknown });
    const legacy = readJson(join(COSIGN, 'sbom.bundle'));
    const run = (content: object) =>
      verifySingleBundle({
        bundle: write('legacy.bundle', content),
        subject: COSIGN_SUBJECT,
        certificateIdentity: 'vu@krnl.xyz',
        certificateOidcIssuer: 'https://github.com/login/oauth',
        offline: true,
        warn: () => undefined,
      });
    const { rekorBundle: _dropped, ...withoutLog } = legacy;
    await expect(run(withoutLog)).resolves.toMatchObject({
      ok: false,
      message: expect.stringMatching(/no 'rekorBundle'/) as unknown,
    });
    const signature = Buffer.from(legacy.base64Signature as string, 'base64');
    signature[signature.length - 1] = (signature[signature.length - 1] ?? 0) ^ 1;
    const tampered = await run({ ...legacy, base64Signature: signature.toString('base64') });
    expect(tampered.ok).toBe(false);
    expect(tampered.unexpected).toBeUndefined();
    expect(tampered.message).toMatch(/signature|tlog|body/i);
    const notCert = await run({ ...legacy, cert: Buffer.from('not a pem').toString('base64') });
    expect(notCert.message).toMatch(/'cert' is not a PEM certificate/);
  });

  it('refuses a missing checkpoint, a missing proof and promise, and a malformed entry with the reason', async () => {
    const base = readJson(join(NPM2, 'bundle.json')) as {
      verificationMaterial: { tlogEntries: Record<string, unknown>[] };
    };
    const withEntry = (edit: (entry: Record<string, unknown>) => void) => {
      const copy = structuredClone(base);
      const entry = copy.verificationMaterial.tlogEntries[0];
      if (!entry) throw new Error('test data: no tlog entry');
      edit(entry);
      return write('edited.json', copy);
    };
    const cases: [string, (entry: Record<string, unknown>) => void, RegExp][] = [
      [
        'no checkpoint',
        (e) => {
          delete (e.inclusionProof as Record<string, unknown>).checkpoint;
        },
        /inclusion proof without a checkpoint|inclusionProof\.checkpoint/,
      ],
      [
        'no proof or promise',
        (e) => {
          delete e.inclusionProof;
          delete e.inclusionPromise;
        },
        /neither an inclusion proof nor an inclusion promise|missing or invalid .*inclusionProof/,
      ],
      [
        'no body',
        (e) => {
          delete e.canonicalizedBody;
        },
        /no body|canonicalizedBody/,
      ],
      [
        'no log id',
        (e) => {
          delete e.logId;
        },
        /no log id|logId/,
      ],
    ];
    for (const [name, edit, reason] of cases) {
      const outcome = await verify({
        bundle: withEntry(edit),
        subject: join(NPM2, 'sigstore-2.2.0.tgz'),
        identity: NPM2_IDENTITY,
      });
      expect({ name, ok: outcome.ok, unexpected: outcome.unexpected }).toEqual({
        name,
        ok: false,
        unexpected: undefined,
      });
      expect(outcome.message, name).toMatch(reason);
      expect(outcome.message, name).not.toMatch(/Cannot read properties|undefined \(reading/);
    }
    // v0.1 bundles pass the library's structural check with a checkpoint-less proof; the verifier
    // would then read `checkpoint.envelope` of undefined.
    const v01 = readJson(join(NPM, 'bundle.json')) as {
      verificationMaterial: { tlogEntries: Record<string, unknown>[] };
    };
    const entry = v01.verificationMaterial.tlogEntries[0];
    if (!entry) throw new Error('test data: no tlog entry');
    entry.inclusionProof = { logIndex: entry.logIndex, rootHash: 'AAAA', treeSize: '5', hashes: [] };
    const outcome = await verify({
      bundle: write('v01-no-checkpoint.json', v01),
      subject: join(NPM, 'sigstore-1.0.0.tgz'),
      identity: NPM_IDENTITY,
    });
    expect(outcome).toEqual({
      ok: false,
      message: expect.stringMatching(/inclusion proof without a checkpoint$/) as unknown,
    });
  });

  it('refuses an unforeseen TypeError as an unexpected error, naming its class and not its JavaScript text', async () => {
    const [loaded] = await readBundleFile(join(NPM2, 'bundle.json'));
    if (!loaded) throw new Error('test data');
    // A verifier that trips over a field the bundle lacks, as @sigstore/verify did on a missing checkpoint.
    const tripping = {
      choose: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'envelope')")),
    } as unknown as TrustRoots;
    const refusal = verifyBundle(
      loaded,
      await fileSubject(join(NPM2, 'sigstore-2.2.0.tgz')),
      { roots: tripping },
      {
        certificateIdentity: NPM2_IDENTITY,
      },
    );
    await expect(refusal).rejects.toThrow(/^unexpected error while reading the bundle \(TypeError\): refused/);
    await expect(refusal).rejects.toHaveProperty('name', 'ArtifactError');
    await expect(refusal).rejects.toHaveProperty('unexpected', true);
    await expect(refusal).rejects.not.toThrow(/Cannot read properties/);
  });

  it('refuses a malformed structure handed to the engine by the name of the field', async () => {
    const [npm] = await readBundleFile(join(NPM2, 'bundle.json'));
    const [gh] = await readBundleFile(join(GH, 'bundle.json'));
    if (!npm || !gh) throw new Error('test data');
    type Edit = (b: Record<string, unknown> & { verificationMaterial: Record<string, unknown> }) => void;
    const cases: [string, 'npm' | 'gh', Edit, RegExp][] = [
      [
        'no content',
        'npm',
        (b) => delete b.content,
        /neither a DSSE envelope \(dsseEnvelope\) nor a message signature/,
      ],
      [
        'no verification material',
        'npm',
        (b) => delete (b as Record<string, unknown>).verificationMaterial,
        /verificationMaterial is missing/,
      ],
      [
        'no signer',
        'npm',
        (b) => delete b.verificationMaterial.content,
        /verificationMaterial has no certificate, certificate chain or public key/,
      ],
      [
        'empty chain',
        'npm',
        (b) =>
          (b.verificationMaterial.content = {
            $case: 'x509CertificateChain',
            x509CertificateChain: { certificates: [] },
          }),
        /x509CertificateChain\.certificates is empty/,
      ],
      [
        'empty certificate',
        'gh',
        (b) => (b.verificationMaterial.content = { $case: 'certificate', certificate: { rawBytes: new Uint8Array() } }),
        /verificationMaterial\.certificate\.rawBytes is empty/,
      ],
      [
        'two DSSE signatures',
        'gh',
        (b) => {
          const content = b.content as { dsseEnvelope: { signatures: unknown[] } };
          content.dsseEnvelope.signatures = [...content.dsseEnvelope.signatures, ...content.dsseEnvelope.signatures];
        },
        /dsseEnvelope\.signatures must hold exactly one signature/,
      ],
      [
        'malformed timestamp',
        'gh',
        (b) => {
          b.verificationMaterial.timestampVerificationData = {
            rfc3161Timestamps: [{ signedTimestamp: Buffer.from('not DER') }],
          };
        },
        /rfc3161Timestamps\[0\]\.signedTimestamp is not an RFC 3161 timestamp/,
      ],
      [
        'invalid integrated time',
        'npm',
        (b) => ((b.verificationMaterial.tlogEntries as { integratedTime: string }[])[0]!.integratedTime = 'soon'),
        /transparency-log entry has an invalid integrated time 'soon'/,
      ],
      [
        'proof without a root hash',
        'npm',
        (b) => {
          const entry = (b.verificationMaterial.tlogEntries as { inclusionProof: { rootHash: Uint8Array } }[])[0]!;
          entry.inclusionProof.rootHash = new Uint8Array();
        },
        /inclusion proof without a root hash/,
      ],
    ];
    for (const [name, which, edit, reason] of cases) {
      const copy = structuredClone((which === 'npm' ? npm : gh).bundle) as unknown as Parameters<Edit>[0];
      edit(copy);
      const refusal = verifyBundle(
        { bundle: copy as unknown as typeof npm.bundle, source: name },
        await fileSubject(which === 'npm' ? join(NPM2, 'sigstore-2.2.0.tgz') : join(GH, 'ghprivate.whl')),
        { roots: await loadTrustRoots({ trustedRoot: JSONL, offline: true, warn: () => undefined }) },
        { certificateIdentity: which === 'npm' ? NPM2_IDENTITY : GH_IDENTITY, certificateOidcIssuer: ISSUER },
      );
      await expect(refusal, name).rejects.toThrow(reason);
      await expect(refusal, name).rejects.not.toHaveProperty('unexpected');
    }
  });

  it('refuses a bundle file whose JSON has the wrong shape by the name of the field, never a JavaScript error text', async () => {
    const base = readJson(join(NPM2, 'bundle.json')) as {
      verificationMaterial: Record<string, unknown> & { tlogEntries: unknown };
      dsseEnvelope: Record<string, unknown>;
    };
    const entry0 = (b: typeof base) => (b.verificationMaterial.tlogEntries as Record<string, unknown>[])[0]!;
    const cases: [string, (b: typeof base) => void, RegExp][] = [
      [
        'null log entry',
        (b) => (b.verificationMaterial.tlogEntries = [null]),
        /verificationMaterial\.tlogEntries\[0\] is not an object/,
      ],
      [
        'log entries not a list',
        (b) => (b.verificationMaterial.tlogEntries = {}),
        /verificationMaterial\.tlogEntries is not a list/,
      ],
      [
        'timestamps not a list',
        (b) => (b.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: 5 }),
        /rfc3161Timestamps is not a list/,
      ],
      ['payload a number', (b) => (b.dsseEnvelope.payload = 5), /dsseEnvelope\.payload is not a string/],
      [
        'body a number',
        (b) => (entry0(b).canonicalizedBody = 5),
        /verificationMaterial\.tlogEntries\[0\]\.canonicalizedBody is not a string/,
      ],
      [
        'proof hash a number',
        (b) => ((entry0(b).inclusionProof as { hashes: unknown[] }).hashes[0] = 5),
        /verificationMaterial\.tlogEntries\[0\]\.inclusionProof\.hashes\[0\] is not a string/,
      ],
    ];
    for (const [name, edit, reason] of cases) {
      const copy = structuredClone(base);
      edit(copy);
      const outcome = await verify({
        bundle: write('shape.json', copy),
        subject: join(NPM2, 'sigstore-2.2.0.tgz'),
        identity: NPM2_IDENTITY,
      });
      expect({ name, ok: outcome.ok, unexpected: outcome.unexpected }).toEqual({
        name,
        ok: false,
        unexpected: undefined,
      });
      expect(outcome.message, name).toMatch(reason);
      expect(outcome.message, name).not.toMatch(/Cannot read properties|undefined \(reading/);
    }
  });
});

describe('one trusted root holding both instances', () => {
  // public-good's and GitHub's authorities merged into ONE root: the policy must follow each bundle's
  // instance (its certificate's issuer), never the order in which bundles were verified.
  function mergedRoot(): string {
    const [publicGood, github] = readFileSync(JSONL, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown[] | string>);
    if (!publicGood || !github) throw new Error('test data: two roots');
    const merged: Record<string, unknown> = { mediaType: publicGood.mediaType };
    for (const field of ['tlogs', 'certificateAuthorities', 'ctlogs', 'timestampAuthorities']) {
      merged[field] = [...((publicGood[field] as unknown[]) ?? []), ...((github[field] as unknown[]) ?? [])];
    }
    return write('merged-root.json', merged);
  }

  async function run(roots: TrustRoots, bundlePath: string, subject: string, identity: string) {
    const [loaded] = await readBundleFile(bundlePath);
    if (!loaded) throw new Error('test data');
    return verifyBundle(
      loaded,
      await fileSubject(subject),
      { roots },
      {
        certificateIdentity: identity,
        certificateOidcIssuer: ISSUER,
      },
    );
  }
  const github = (roots: TrustRoots) => run(roots, join(GH, 'bundle.json'), join(GH, 'ghprivate.whl'), GH_IDENTITY);
  const publicGood = (roots: TrustRoots, bundle = join(NPM2, 'bundle.json')) =>
    run(roots, bundle, join(NPM2, 'sigstore-2.2.0.tgz'), NPM2_IDENTITY);
  const load = (trustedRoot: string) => loadTrustRoots({ trustedRoot, offline: true, warn: () => undefined });

  it('gives a merged root the default thresholds where no certificate chooses (images, key-signed), whatever the order', async () => {
    const merged = readJson(mergedRoot()) as Record<string, unknown[]>;
    const githubFirst = { ...merged, certificateAuthorities: [...(merged.certificateAuthorities ?? [])].reverse() };
    for (const file of [write('merged-pg-first.json', merged), write('merged-gh-first.json', githubFirst)]) {
      const roots = await load(file);
      const root = await roots.primary();
      expect(roots.primaryThresholds(root)).toEqual(INSTANCE_THRESHOLDS['public-good']);
    }
    // GitHub's root alone keeps GitHub's policy.
    const githubOnly = await load(join(GH, 'github-trusted-root.json'));
    expect(githubOnly.primaryThresholds(await githubOnly.primary())).toEqual(INSTANCE_THRESHOLDS.github);
  });

  it('verifies a GitHub bundle after a public-good one', async () => {
    const roots = await load(mergedRoot());
    await expect(publicGood(roots)).resolves.toMatchObject({ instance: 'public-good' });
    await expect(github(roots)).resolves.toMatchObject({ instance: 'github' });
  });

  it("keeps public-good's thresholds after a GitHub bundle: a public-good bundle without log entry or SCT is refused", async () => {
    // A certificate authority that names itself as public-good's (O=sigstore.dev), with a timestamp
    // authority: its bundles carry a signed timestamp but no transparency-log entry and no SCT, which
    // GitHub's policy accepts and public-good's refuses.
    const fake = await startGitHubInstance(undefined, {
      organization: 'sigstore.dev',
      commonName: 'sigstore-intermediate',
    });
    const data = Buffer.from('signed by a public-good look-alike');
    const claims: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/heads/main' };
    const bundle = write('fake-public-good.sigstore.json', await fake.signBlob(data, claims));
    const artifact = write('fake-public-good.txt', data.toString());
    const merged = readJson(mergedRoot()) as Record<string, unknown[]>;
    const fakeRoot = fake.trustedRoot as Record<string, unknown[]>;
    for (const field of ['certificateAuthorities', 'timestampAuthorities']) {
      merged[field] = [...(merged[field] ?? []), ...(fakeRoot[field] ?? [])];
    }
    const roots = await load(write('merged-with-fake.json', merged));
    await expect(github(roots)).resolves.toMatchObject({ instance: 'github' });
    await expect(publicGood(roots)).resolves.toMatchObject({ instance: 'public-good' });
    await expect(run(roots, bundle, artifact, identityFor(claims))).rejects.toThrow(/expected 1 SCTs, got 0/);
    // A real public-good bundle stripped of its log entry is refused too.
    const stripped = readJson(join(NPM2, 'bundle.json')) as { verificationMaterial: { tlogEntries: unknown[] } };
    stripped.verificationMaterial.tlogEntries = [];
    await expect(publicGood(roots, write('no-tlog.json', stripped))).rejects.toThrow(/signature verification failed/);
  });
});
