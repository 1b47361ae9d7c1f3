import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrustPolicy, type TsaAnchor, type X509CaAnchor } from '../../src/trust/policy.ts';
import { TrustVerificationError } from '../../src/trust/errors.ts';
import { evaluateBytes } from '../../src/trust/evaluate.ts';
import { verifyCmsSignature, verifyRawSignature, type X509VerifyOptions } from '../../src/trust/x509.ts';
import { cmsSign, makePki, makeRoot, openssl, rawSign, type Issued, type Pki } from '../support/pki.ts';

let pki: Pki;
let artifact: string;
let bytes: Uint8Array;
let ca: X509CaAnchor;
let caWithCrl: X509CaAnchor;
let tsa: TsaAnchor;

function policyFor(crl: boolean): string {
  return `version: 1
anchors:
  - id: corp-ca
    type: x509-ca
    owner: pki-team
    review-by: 2099-01-01
    third-party: false
    certificate-file: ${pki.rootPemPath}
    intermediates-file: ${pki.intermediatePemPath}
${crl ? `    crl-file: ${pki.crlPemPath}\n` : ''}  - id: corp-tsa
    type: timestamp-authority
    owner: pki-team
    review-by: 2099-01-01
    third-party: false
    certificate-file: ${pki.tsaRoot.self.certPath}
rules:
  - artifacts: '**'
    anchors: [corp-ca]
`;
}

beforeAll(async () => {
  pki = await makePki();
  artifact = join(pki.dir, 'firmware.bin');
  writeFileSync(artifact, 'firmware image v1.2.3\n'.repeat(100));
  bytes = new Uint8Array(readFileSync(artifact));
  const plain = parseTrustPolicy(policyFor(false));
  ca = plain.anchors[0] as X509CaAnchor;
  tsa = plain.anchors[1] as TsaAnchor;
  caWithCrl = parseTrustPolicy(policyFor(true)).anchors[0] as X509CaAnchor;
});

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrustVerificationError);
  return (error as Error).message;
}

async function signCms(signer: Issued, chain: string[] = []): Promise<Uint8Array> {
  return new Uint8Array(readFileSync(await cmsSign(artifact, signer, { chain })));
}

describe('verifyCmsSignature', () => {
  it('accepts a good chain: leaf -> intermediate (embedded) -> trusted root, DER and PEM', async () => {
    const result = await verifyCmsSignature(bytes, await signCms(pki.leaf, [pki.intermediatePemPath]), {
      anchors: [ca],
    });
    expect(result.signer).toBe('CN=Release Signing, O=secure-deploy tests');
    expect(result.chain).toEqual([
      'CN=Release Signing, O=secure-deploy tests',
      'CN=Test Issuing CA, O=secure-deploy tests',
      'CN=Test Root CA, O=secure-deploy tests',
    ]);
    expect(result.anchorId).toBe('corp-ca');
    expect(result.timeSource).toBe('verification-time');

    const pem = await cmsSign(artifact, pki.leaf, { outform: 'PEM', out: `${artifact}.p7s.pem` });
    const fromPem = await verifyCmsSignature(bytes, new Uint8Array(readFileSync(pem)), { anchors: [ca] });
    expect(fromPem.anchorId).toBe('corp-ca'); // intermediate from the anchor's intermediates-file
  });

  it('honours a CRL that does not list the signer', async () => {
    const result = await verifyCmsSignature(bytes, await signCms(pki.leaf), { anchors: [caWithCrl] });
    expect(result.serial).toMatch(/^[0-9a-f]+$/);
  });

  it('rejects an expired leaf', async () => {
    const message = await rejection(verifyCmsSignature(bytes, await signCms(pki.expiredLeaf), { anchors: [ca] }));
    expect(message).toContain(
      'signing certificate CN=Expired Signing, O=secure-deploy tests expired on 2021-01-01T00:00:00Z',
    );
  });

  it('rejects a leaf under an expired intermediate', async () => {
    const message = await rejection(
      verifyCmsSignature(bytes, await signCms(pki.leafUnderExpiredIntermediate, [pki.expiredIntermediate.certPath]), {
        anchors: [ca],
      }),
    );
    expect(message).toContain(
      'intermediate CA certificate CN=Expired Issuing CA, O=secure-deploy tests expired on 2021-01-01T00:00:00Z',
    );
  });

  it('rejects a chain to an untrusted root, even when the root is embedded', async () => {
    const message = await rejection(
      verifyCmsSignature(bytes, await signCms(pki.untrustedLeaf, [pki.untrustedRoot.self.certPath]), { anchors: [ca] }),
    );
    expect(message).toContain(
      'chains to CN=Untrusted Root CA, O=secure-deploy tests, a root that is not trusted by the policy',
    );
    const bare = await rejection(verifyCmsSignature(bytes, await signCms(pki.untrustedLeaf), { anchors: [ca] }));
    expect(bare).toContain(
      'does not chain to a CA trusted by the policy: no certificate for its issuer CN=Untrusted Root CA',
    );
  });

  it('rejects a certificate without the codeSigning extended key usage', async () => {
    const message = await rejection(verifyCmsSignature(bytes, await signCms(pki.noCodeSigningLeaf), { anchors: [ca] }));
    expect(message).toContain(
      'CN=Client Auth Only, O=secure-deploy tests lacks the codeSigning extended key usage (1.3.6.1.5.5.7.3.3); it has: clientAuth',
    );
  });

  it('rejects a serial revoked in the CRL', async () => {
    const signature = await signCms(pki.revokedLeaf);
    expect((await verifyCmsSignature(bytes, signature, { anchors: [ca] })).signer).toContain('Revoked Signing');
    const message = await rejection(verifyCmsSignature(bytes, signature, { anchors: [caWithCrl] }));
    expect(message).toMatch(
      /certificate CN=Revoked Signing, O=secure-deploy tests \(serial [0-9a-f]+\) was revoked on .* by CN=Test Issuing CA/,
    );
  });

  it('rejects a tampered artifact', async () => {
    const signature = await signCms(pki.leaf);
    const tampered = new Uint8Array(bytes);
    tampered[10] = (tampered[10] ?? 0) ^ 1;
    const message = await rejection(verifyCmsSignature(tampered, signature, { anchors: [ca] }));
    expect(message).toContain('the CMS signature does not verify over the artifact (the artifact was modified');
  });

  it('rejects garbage and non-detached signatures', async () => {
    expect(await rejection(verifyCmsSignature(bytes, new Uint8Array([1, 2, 3]), { anchors: [ca] }))).toContain(
      'not a CMS/PKCS#7 SignedData',
    );
    const attached = `${artifact}.attached.p7s`;
    await openssl([
      'cms',
      '-sign',
      '-binary',
      '-nodetach',
      '-in',
      artifact,
      '-signer',
      pki.leaf.certPath,
      '-inkey',
      pki.leaf.keyPath,
      '-outform',
      'DER',
      '-out',
      attached,
    ]);
    expect(
      await rejection(verifyCmsSignature(bytes, new Uint8Array(readFileSync(attached)), { anchors: [ca] })),
    ).toContain('not detached');
    expect(await rejection(verifyCmsSignature(bytes, await signCms(pki.leaf), { anchors: [] }))).toContain(
      'no trusted X.509 CA',
    );
  });

  it('checks certificates at the RFC 3161 timestamp time, verified against the trusted TSA', async () => {
    // The TSA's clock is this machine's: its time lies between these two readings (whole seconds).
    const before = Math.floor(Date.now() / 1000) * 1000;
    const stamped = await timestamped(await signCms(pki.leaf));
    const after = Date.now();
    // Five years on the leaf has expired: without a trusted time the signature is refused...
    const later = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
    const plain = await signCms(pki.leaf);
    expect(await rejection(verifyCmsSignature(bytes, plain, { anchors: [ca], now: later }))).toContain('expired on');
    // ...but the timestamp proves it was made while the leaf was valid.
    const options: X509VerifyOptions = { anchors: [ca], timestampAuthorities: [tsa], now: later };
    const result = await verifyCmsSignature(bytes, stamped, options);
    expect(result.timeSource).toBe('rfc3161-timestamp');
    expect(result.timestampAuthority).toBe('corp-tsa');
    expect(result.signingTime.getTime()).toBeGreaterThanOrEqual(before);
    expect(result.signingTime.getTime()).toBeLessThanOrEqual(after);

    // A timestamp without a trusted TSA in the policy is a failure, not an ignored attribute.
    expect(await rejection(verifyCmsSignature(bytes, stamped, { anchors: [ca] }))).toContain(
      'no usable timestamp-authority anchor',
    );
    // A timestamp from an untrusted TSA is refused.
    const otherTsa = parseTrustPolicy(
      policyFor(false).replace(pki.tsaRoot.self.certPath, pki.untrustedRoot.self.certPath),
    ).anchors[1] as TsaAnchor;
    expect(
      await rejection(verifyCmsSignature(bytes, stamped, { anchors: [ca], timestampAuthorities: [otherTsa] })),
    ).toMatch(/timestamp authority certificate.*(chain|trusted)/i);
  });

  it('does not take the signing time from a timestamp authority past its review date', async () => {
    const stamped = await timestamped(await signCms(pki.leaf));
    const later = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
    const evidence = { cms: [{ source: 'firmware.bin.p7s', bytes: stamped }], raw: [], pgp: [], bundles: [] };
    const reviewed = parseTrustPolicy(policyFor(false));
    const current = await evaluateBytes(reviewed, 'firmware.bin', bytes, evidence, { now: later });
    expect(current.status).toBe('verified');
    // The same policy with the TSA's review overdue: its timestamp no longer vouches for the time.
    const overdue = parseTrustPolicy(
      policyFor(false).replace(/(corp-tsa[\s\S]*?review-by: )2099-01-01/, '$12020-01-01'),
    );
    const refused = await evaluateBytes(overdue, 'firmware.bin', bytes, evidence, { now: later });
    expect(refused.status).toBe('failed');
    expect(refused.message).toContain('no usable timestamp-authority anchor');
  });
});

describe('verifyRawSignature', () => {
  it('accepts a raw signature with a signer certificate chaining to the trusted CA', async () => {
    const signature = new Uint8Array(readFileSync(await rawSign(artifact, pki.leaf)));
    const result = await verifyRawSignature(bytes, signature, new Uint8Array(readFileSync(pki.leaf.certPath)), {
      anchors: [ca],
    });
    expect(result.chain).toHaveLength(3);
  });

  it('rejects a tampered artifact and a certificate without codeSigning', async () => {
    const signature = new Uint8Array(readFileSync(await rawSign(artifact, pki.leaf)));
    const tampered = new Uint8Array(bytes);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    expect(
      await rejection(
        verifyRawSignature(tampered, signature, new Uint8Array(readFileSync(pki.leaf.certPath)), { anchors: [ca] }),
      ),
    ).toContain('does not verify over the artifact');
    const other = new Uint8Array(readFileSync(await rawSign(artifact, pki.noCodeSigningLeaf)));
    expect(
      await rejection(
        verifyRawSignature(bytes, other, new Uint8Array(readFileSync(pki.noCodeSigningLeaf.certPath)), {
          anchors: [ca],
        }),
      ),
    ).toContain('lacks the codeSigning extended key usage');
  });
});

/** Adds an RFC 3161 token from the test TSA (openssl ts) to the CMS signature's unsigned attributes. */
async function timestamped(signature: Uint8Array): Promise<Uint8Array> {
  const contentInfo = pkijs.ContentInfo.fromBER(signature.slice().buffer);
  const signedData = new pkijs.SignedData({ schema: contentInfo.content as asn1js.AsnType });
  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;
  const digest = createHash('sha256').update(signerInfo.signature.valueBlock.valueHexView).digest('hex');
  const dir = pki.dir;
  const config = join(dir, 'tsa.cnf');
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  writeFileSync(
    config,
    `[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\nserial = ${join(dir, 'tsaserial')}\nsigner_cert = ${pki.tsa.certPath}\nsigner_key = ${pki.tsa.keyPath}\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\n`,
  );
  const query = join(dir, 'q.tsq');
  const token = join(dir, 'token.der');
  await openssl(['ts', '-query', '-digest', digest, '-sha256', '-cert', '-no_nonce', '-out', query]);
  await openssl(['ts', '-reply', '-config', config, '-queryfile', query, '-token_out', '-out', token]);
  const tokenAsn = asn1js.fromBER(new Uint8Array(readFileSync(token)));
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.14', values: [tokenAsn.result] })],
  });
  const out = new pkijs.ContentInfo({ contentType: contentInfo.contentType, content: signedData.toSchema(true) });
  return new Uint8Array(out.toSchema().toBER(false));
}

/** An openssl date (YYYYMMDDHHMMSSZ) and the ISO form the verifier prints, whole seconds. */
function opensslDate(date: Date): { openssl: string; iso: string } {
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { openssl: iso.replace(/[-:T]/g, ''), iso };
}

function anchorWithCrl(crlPath: string): X509CaAnchor {
  return parseTrustPolicy(policyFor(true).replace(pki.crlPemPath, crlPath)).anchors[0] as X509CaAnchor;
}

describe('leaf key usage', () => {
  it('rejects a leaf without the digitalSignature key usage, CMS and raw; the same chain with it passes', async () => {
    const leaf = await pki.intermediate.issue('No DigitalSignature', 'codesign_nodigsig');
    const expected =
      'the signing certificate CN=No DigitalSignature, O=secure-deploy tests lacks the digitalSignature key usage (it has: nonRepudiation)';
    expect(await rejection(verifyCmsSignature(bytes, await signCms(leaf), { anchors: [ca] }))).toBe(expected);
    const raw = new Uint8Array(readFileSync(await rawSign(artifact, leaf)));
    expect(
      await rejection(verifyRawSignature(bytes, raw, new Uint8Array(readFileSync(leaf.certPath)), { anchors: [ca] })),
    ).toBe(expected);

    // The same issuing CA, profile and signing commands with digitalSignature: accepted.
    expect((await verifyCmsSignature(bytes, await signCms(pki.leaf), { anchors: [ca] })).signer).toContain(
      'Release Signing',
    );
    const goodRaw = new Uint8Array(readFileSync(await rawSign(artifact, pki.leaf)));
    expect(
      (await verifyRawSignature(bytes, goodRaw, new Uint8Array(readFileSync(pki.leaf.certPath)), { anchors: [ca] }))
        .signer,
    ).toContain('Release Signing');
  });

  it('rejects a leaf with no key usage extension at all, CMS and raw', async () => {
    const leaf = await pki.intermediate.issue('No Key Usage', 'codesign_noku');
    const expected =
      'the signing certificate CN=No Key Usage, O=secure-deploy tests has no key usage extension; digitalSignature is required';
    expect(await rejection(verifyCmsSignature(bytes, await signCms(leaf), { anchors: [ca] }))).toBe(expected);
    const raw = new Uint8Array(readFileSync(await rawSign(artifact, leaf)));
    expect(
      await rejection(verifyRawSignature(bytes, raw, new Uint8Array(readFileSync(leaf.certPath)), { anchors: [ca] })),
    ).toBe(expected);
  });
});

describe('validity at the trusted signing time', () => {
  it('rejects a signing certificate not yet valid at the verification time; valid once it is', async () => {
    const day = 24 * 3600 * 1000;
    const start = opensslDate(new Date(Date.now() + day));
    const leaf = await pki.intermediate.issue('Future Signing', 'codesign', {
      start: start.openssl,
      end: opensslDate(new Date(Date.now() + 30 * day)).openssl,
    });
    const signature = await signCms(leaf);
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    expect(await rejection(verifyCmsSignature(bytes, signature, { anchors: [ca], now }))).toBe(
      `signing certificate CN=Future Signing, O=secure-deploy tests is not valid until ${start.iso}, after the verification time (no trusted timestamp) ${opensslDate(now).iso}`,
    );
    const raw = new Uint8Array(readFileSync(await rawSign(artifact, leaf)));
    const leafDer = new Uint8Array(readFileSync(leaf.certPath));
    expect(await rejection(verifyRawSignature(bytes, raw, leafDer, { anchors: [ca], now }))).toContain(
      `is not valid until ${start.iso}, after the verification time (no trusted timestamp)`,
    );
    // Two days on, the same certificate and signatures verify.
    const later = new Date(now.getTime() + 2 * day);
    expect((await verifyCmsSignature(bytes, signature, { anchors: [ca], now: later })).signer).toContain(
      'Future Signing',
    );
    expect((await verifyRawSignature(bytes, raw, leafDer, { anchors: [ca], now: later })).signer).toContain(
      'Future Signing',
    );
  });

  it('checks notBefore at the RFC 3161 time, not at the (later) verification time', async () => {
    const day = 24 * 3600 * 1000;
    const start = opensslDate(new Date(Date.now() + day));
    const leaf = await pki.intermediate.issue('Backdated Use', 'codesign', {
      start: start.openssl,
      end: opensslDate(new Date(Date.now() + 30 * day)).openssl,
    });
    const later = new Date(Date.now() + 2 * day);
    const options: X509VerifyOptions = { anchors: [ca], timestampAuthorities: [tsa], now: later };
    // Without a timestamp the signature is checked at `later`, when the certificate is valid...
    const plain = await signCms(leaf);
    expect((await verifyCmsSignature(bytes, plain, options)).timeSource).toBe('verification-time');
    // ...but the timestamp proves it was made before the certificate's validity began.
    const message = await rejection(verifyCmsSignature(bytes, await timestamped(plain), options));
    expect(message).toMatch(
      new RegExp(
        `^signing certificate CN=Backdated Use, O=secure-deploy tests is not valid until ${start.iso}, after the timestamped signing time \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
    // The same timestamping of a certificate valid at that time verifies.
    const good = await verifyCmsSignature(bytes, await timestamped(await signCms(pki.leaf)), options);
    expect(good.timeSource).toBe('rfc3161-timestamp');
  });
});

describe('CRL trust', () => {
  it('refuses an out-of-date CRL rather than trusting it; a current CRL from the same CA is honoured', async () => {
    const stale = await pki.intermediate.crl(join(pki.dir, 'stale.crl.pem'), {
      lastUpdate: '20200101000000Z',
      nextUpdate: '20200201000000Z',
    });
    const signature = await signCms(pki.leaf);
    expect(await rejection(verifyCmsSignature(bytes, signature, { anchors: [anchorWithCrl(stale)] }))).toBe(
      'the CRL of CN=Test Issuing CA, O=secure-deploy tests is out of date (next update was due 2020-02-01T00:00:00Z); fetch a fresh CRL',
    );
    const raw = new Uint8Array(readFileSync(await rawSign(artifact, pki.leaf)));
    expect(
      await rejection(
        verifyRawSignature(bytes, raw, new Uint8Array(readFileSync(pki.leaf.certPath)), {
          anchors: [anchorWithCrl(stale)],
        }),
      ),
    ).toContain('is out of date (next update was due 2020-02-01T00:00:00Z)');
    // A CRL of the same CA whose next update is still ahead.
    const fresh = await pki.intermediate.crl(join(pki.dir, 'fresh.crl.pem'));
    expect((await verifyCmsSignature(bytes, signature, { anchors: [anchorWithCrl(fresh)] })).anchorId).toBe('corp-ca');
  });

  it('refuses a CRL for the issuing CA that another CA signed, even one that lists nothing', async () => {
    // Another CA with the issuing CA's name: its CRL would hide a revocation if it were believed.
    const impostorDir = join(pki.dir, 'impostor');
    mkdirSync(impostorDir, { recursive: true });
    const impostor = await makeRoot(impostorDir, 'Test Issuing CA');
    const forged = await impostor.crl(join(impostorDir, 'forged.crl.pem'));
    const signature = await signCms(pki.revokedLeaf);
    expect(await rejection(verifyCmsSignature(bytes, signature, { anchors: [anchorWithCrl(forged)] }))).toBe(
      'the CRL of CN=Test Issuing CA, O=secure-deploy tests is not signed by CN=Test Issuing CA, O=secure-deploy tests; refusing to rely on it',
    );
    // The same for a CRL given besides the anchors, and for the good leaf.
    expect(
      await rejection(
        verifyCmsSignature(bytes, await signCms(pki.leaf), {
          anchors: [ca],
          crls: [pemCrlDer(readFileSync(forged, 'utf8'))],
        }),
      ),
    ).toContain('refusing to rely on it');
    // The genuine CRL of the issuing CA, which lists nothing yet: accepted.
    expect(
      (await verifyCmsSignature(bytes, await signCms(pki.leaf), { anchors: [anchorWithCrl(pki.emptyCrlPemPath)] }))
        .anchorId,
    ).toBe('corp-ca');
  });
});

function pemCrlDer(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) X509 CRL-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}
