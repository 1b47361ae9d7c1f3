/**
 * X.509 signatures from an organisation's own PKI: detached CMS/PKCS#7 (as
 * `openssl cms -sign -binary -detached` makes) and raw signatures with a signer certificate.
 * Parsing and cryptography through pkijs and node:crypto; the policy decisions (path to a
 * trusted CA, key usage, codeSigning, validity at the trusted signing time, CRLs) are ours.
 */
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { errorMessage } from '../core/errors.js';
import {
  basicConstraints,
  certificateDer,
  extendedKeyUsage,
  issuerName,
  keyUsage,
  notAfter,
  notBefore,
  OID_EKU_CODE_SIGNING,
  OID_EKU_TIME_STAMPING,
  parseCertificates,
  serialHex,
  subjectName,
  unknownCriticalExtensions,
} from './certs.js';
import { TrustVerificationError } from './errors.js';
import { looksLikePem, pemBlocks, toArrayBuffer } from './pem.js';
import type { TsaAnchor, X509CaAnchor } from './policy.js';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const OID_TIMESTAMP_TOKEN_ATTR = '1.2.840.113549.1.9.16.2.14';

const HASH_BY_OID: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

export interface X509VerifyOptions {
  /** Trusted CAs (from the policy's `x509-ca` anchors). At least one is required. */
  anchors: readonly X509CaAnchor[];
  /** Trusted timestamp authorities; needed only when a signature carries an RFC 3161 token. */
  timestampAuthorities?: readonly TsaAnchor[];
  /** More intermediates for chain building (PEM or DER bytes), e.g. from a file. */
  intermediates?: Uint8Array;
  /** More CRLs (DER), besides the anchors' `crl-file`s. */
  crls?: readonly Uint8Array[];
  /** "Now", for tests. */
  now?: Date;
}

export interface X509Verification {
  /** Subject of the signing certificate. */
  signer: string;
  serial: string;
  /** Subjects from the signing certificate up to the trusted CA. */
  chain: string[];
  /** The `x509-ca` anchor the chain ends at. */
  anchorId: string;
  /** The time the certificates were checked at. */
  signingTime: Date;
  timeSource: 'rfc3161-timestamp' | 'verification-time';
  /** The timestamp authority's anchor id when `timeSource` is an RFC 3161 timestamp. */
  timestampAuthority?: string;
}

/**
 * Verifies a detached CMS/PKCS#7 signature (DER or PEM) over `artifact`.
 * Throws TrustVerificationError with a reason a person can act on.
 */
export async function verifyCmsSignature(
  artifact: Uint8Array,
  signature: Uint8Array,
  options: X509VerifyOptions,
): Promise<X509Verification> {
  requireAnchors(options);
  const signedData = parseSignedData(signature);
  if (signedData.encapContentInfo.eContent) {
    throw new TrustVerificationError(
      'the CMS signature is not detached (it embeds its content); sign with `openssl cms -sign -binary -detached`',
    );
  }
  if (signedData.signerInfos.length !== 1) {
    throw new TrustVerificationError(
      `the CMS signature has ${signedData.signerInfos.length} signers; exactly one is supported`,
    );
  }
  const embedded = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  if (embedded.length === 0) {
    throw new TrustVerificationError(
      'the CMS signature carries no certificates; sign without -nocerts so the signer certificate is embedded',
    );
  }
  let signerCertificate: pkijs.Certificate;
  try {
    const result = await signedData.verify({
      signer: 0,
      data: toArrayBuffer(artifact),
      extendedMode: true,
      checkChain: false,
    });
    if (!result.signatureVerified || !result.signerCertificate)
      throw new Error(result.message || 'signature does not verify');
    signerCertificate = result.signerCertificate;
  } catch (error) {
    if (/signer certificate/i.test(errorMessage(error))) {
      throw new TrustVerificationError(
        "the CMS signature does not carry its signer's certificate; sign without -nocerts so the signing certificate is embedded",
      );
    }
    throw new TrustVerificationError(
      `the CMS signature does not verify over the artifact (the artifact was modified, or this is another artifact's signature): ${describeVerifyError(error)}`,
    );
  }

  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;
  const time = await signingTime(signerInfo, options);
  const pool = [...embedded, ...extraCertificates(options)];
  const chain = await validateCertificatePath(
    signerCertificate,
    pool,
    options,
    time.at,
    'codeSigning',
    time.source === 'rfc3161-timestamp' ? 'timestamped signing time' : 'verification time (no trusted timestamp)',
  );
  return {
    signer: subjectName(signerCertificate),
    serial: serialHex(signerCertificate),
    chain: chain.path.map(subjectName),
    anchorId: chain.anchorId,
    signingTime: time.at,
    timeSource: time.source,
    ...(time.tsa ? { timestampAuthority: time.tsa } : {}),
  };
}

/**
 * Verifies a raw signature (as `openssl dgst -sha256 -sign` makes: PKCS#1 v1.5 for RSA, DER
 * ECDSA, or Ed25519) over `artifact` with the signer certificate (PEM or DER; further
 * certificates in the same PEM file serve as intermediates). No trusted time: checked at now.
 */
export async function verifyRawSignature(
  artifact: Uint8Array,
  signature: Uint8Array,
  signerCertificate: Uint8Array,
  options: X509VerifyOptions & { hash?: 'sha256' | 'sha384' | 'sha512' },
): Promise<X509Verification> {
  requireAnchors(options);
  let certs: pkijs.Certificate[];
  try {
    certs = parseCertificates(signerCertificate, 'signer certificate');
  } catch (error) {
    throw new TrustVerificationError(errorMessage(error));
  }
  const leaf = certs[0] as pkijs.Certificate;
  const spki = new Uint8Array(leaf.subjectPublicKeyInfo.toSchema().toBER(false));
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const algorithm =
    key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : (options.hash ?? 'sha256');
  let ok = false;
  try {
    ok = cryptoVerify(algorithm, artifact, key, signature);
  } catch (error) {
    throw new TrustVerificationError(
      `the signature cannot be checked with the signer certificate's key: ${errorMessage(error)}`,
    );
  }
  if (!ok) {
    throw new TrustVerificationError(
      `the signature does not verify over the artifact with the key of ${subjectName(leaf)} (the artifact was modified, or the signature or certificate belongs to something else)`,
    );
  }
  const at = options.now ?? new Date();
  const chain = await validateCertificatePath(
    leaf,
    [...certs.slice(1), ...extraCertificates(options)],
    options,
    at,
    'codeSigning',
    'verification time (no trusted timestamp)',
  );
  return {
    signer: subjectName(leaf),
    serial: serialHex(leaf),
    chain: chain.path.map(subjectName),
    anchorId: chain.anchorId,
    signingTime: at,
    timeSource: 'verification-time',
  };
}

export type CertificatePurpose = 'codeSigning' | 'timeStamping';

interface ValidatedPath {
  /** From the leaf to the trusted certificate, inclusive. */
  path: pkijs.Certificate[];
  anchorId: string;
}

interface TrustedCert {
  cert: pkijs.Certificate;
  der: Buffer;
  anchorId: string;
}

/**
 * Builds a path from `leaf` through `pool` to a trusted certificate of `options.anchors` (or of
 * the timestamp authorities for `timeStamping`), then checks every certificate at `at`: validity,
 * CA constraints, key usage, extended key usage, unknown critical extensions and CRLs.
 */
export async function validateCertificatePath(
  leaf: pkijs.Certificate,
  pool: readonly pkijs.Certificate[],
  options: X509VerifyOptions,
  at: Date,
  purpose: CertificatePurpose,
  atLabel = 'signing time',
): Promise<ValidatedPath> {
  const trusted: TrustedCert[] =
    purpose === 'codeSigning'
      ? options.anchors.flatMap((a) =>
          a.certificates.map((cert) => ({ cert, der: Buffer.from(certificateDer(cert)), anchorId: a.id })),
        )
      : (options.timestampAuthorities ?? []).flatMap((a) =>
          a.certificates.map((cert) => ({ cert, der: Buffer.from(certificateDer(cert)), anchorId: a.id })),
        );
  const role = purpose === 'codeSigning' ? 'signing certificate' : 'timestamp authority certificate';
  const trustedOf = (cert: pkijs.Certificate): TrustedCert | undefined => {
    const der = Buffer.from(certificateDer(cert));
    return trusted.find((t) => t.der.equals(der));
  };

  const path: pkijs.Certificate[] = [leaf];
  let anchor = trustedOf(leaf);
  // A trusted TSA signing certificate may be pinned directly; a code-signing leaf never is a CA.
  while (!anchor) {
    if (path.length > 8)
      throw new TrustVerificationError(`the certificate chain of ${subjectName(leaf)} is longer than 8 certificates`);
    const current = path[path.length - 1] as pkijs.Certificate;
    const candidates = [...trusted.map((t) => t.cert), ...pool].filter(
      (c) => c !== current && c.subject.isEqual(current.issuer) && !path.includes(c),
    );
    let issuer: pkijs.Certificate | undefined;
    for (const candidate of candidates) {
      if (await verifiesWith(current, candidate)) {
        issuer = candidate;
        break;
      }
    }
    if (!issuer) {
      const selfSigned = current.subject.isEqual(current.issuer) && (await verifiesWith(current, current));
      const trustedNames = trusted.map((t) => `${subjectName(t.cert)} (${t.anchorId})`).join(', ') || 'none';
      throw new TrustVerificationError(
        selfSigned
          ? `the ${role} ${subjectName(leaf)} chains to ${subjectName(current)}, a root that is not trusted by the policy (trusted: ${trustedNames})`
          : `the ${role} ${subjectName(leaf)} does not chain to a CA trusted by the policy: no certificate for its issuer ${issuerName(current)} among the trusted CAs (${trustedNames}) and the intermediates supplied`,
      );
    }
    path.push(issuer);
    anchor = trustedOf(issuer);
  }

  for (const [index, cert] of path.entries()) {
    const label =
      index === 0 ? role : index === path.length - 1 ? 'trusted CA certificate' : 'intermediate CA certificate';
    const name = `${label} ${subjectName(cert)}`;
    const unknown = unknownCriticalExtensions(cert);
    if (unknown.length > 0)
      throw new TrustVerificationError(
        `${name} has critical extensions this verifier does not understand: ${unknown.join(', ')}`,
      );
    if (notAfter(cert) < at) {
      throw new TrustVerificationError(`${name} expired on ${iso(notAfter(cert))}, before the ${atLabel} ${iso(at)}`);
    }
    if (notBefore(cert) > at) {
      throw new TrustVerificationError(
        `${name} is not valid until ${iso(notBefore(cert))}, after the ${atLabel} ${iso(at)}`,
      );
    }
    if (index > 0) {
      const constraints = basicConstraints(cert);
      const usage = keyUsage(cert);
      if (!constraints.ca)
        throw new TrustVerificationError(
          `${name} issued ${subjectName(path[index - 1] as pkijs.Certificate)} but is not a CA (basic constraints CA:FALSE or absent)`,
        );
      if (usage && !usage.has('keyCertSign'))
        throw new TrustVerificationError(`${name} issued a certificate but its key usage lacks keyCertSign`);
      const below = index - 1; // intermediate CAs between this one and the leaf
      if (constraints.pathLength !== undefined && below > constraints.pathLength) {
        throw new TrustVerificationError(
          `${name} allows a path length of ${constraints.pathLength} but ${below} intermediate CAs follow it`,
        );
      }
    }
  }
  if (path.length > 1 || purpose === 'codeSigning') checkLeafPurpose(leaf, purpose, role);
  await checkRevocation(path, options, at);
  return { path, anchorId: anchor.anchorId };
}

function checkLeafPurpose(leaf: pkijs.Certificate, purpose: CertificatePurpose, role: string): void {
  const name = `the ${role} ${subjectName(leaf)}`;
  const usage = keyUsage(leaf);
  if (!usage) throw new TrustVerificationError(`${name} has no key usage extension; digitalSignature is required`);
  if (!usage.has('digitalSignature') && !(purpose === 'timeStamping' && usage.has('nonRepudiation'))) {
    throw new TrustVerificationError(
      `${name} lacks the digitalSignature key usage (it has: ${[...usage].join(', ') || 'none'})`,
    );
  }
  if (basicConstraints(leaf).ca)
    throw new TrustVerificationError(
      `${name} is a CA certificate; signatures must come from an end-entity certificate`,
    );
  const eku = extendedKeyUsage(leaf);
  const wanted = purpose === 'codeSigning' ? OID_EKU_CODE_SIGNING : OID_EKU_TIME_STAMPING;
  if (!eku || !eku.includes(wanted)) {
    throw new TrustVerificationError(
      `${name} lacks the ${purpose} extended key usage (${wanted}); it has: ${eku && eku.length > 0 ? eku.map(ekuName).join(', ') : 'no extended key usage'}`,
    );
  }
}

async function checkRevocation(
  path: readonly pkijs.Certificate[],
  options: X509VerifyOptions,
  at: Date,
): Promise<void> {
  const ders = [...options.anchors.flatMap((a) => a.crls), ...(options.crls ?? [])];
  if (ders.length === 0) return;
  const crls: pkijs.CertificateRevocationList[] = [];
  for (const der of ders) {
    try {
      crls.push(pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der)));
    } catch (error) {
      throw new TrustVerificationError(`a CRL in the policy cannot be parsed: ${errorMessage(error)}`);
    }
  }
  const now = options.now ?? new Date();
  for (let i = 0; i < path.length - 1; i++) {
    const cert = path[i] as pkijs.Certificate;
    const issuer = path[i + 1] as pkijs.Certificate;
    for (const crl of crls.filter((c) => c.issuer.isEqual(cert.issuer))) {
      let valid = false;
      try {
        valid = await crl.verify({ issuerCertificate: issuer });
      } catch {
        valid = false;
      }
      if (!valid)
        throw new TrustVerificationError(
          `the CRL of ${issuerName(cert)} is not signed by ${subjectName(issuer)}; refusing to rely on it`,
        );
      if (crl.nextUpdate && crl.nextUpdate.value < now) {
        throw new TrustVerificationError(
          `the CRL of ${issuerName(cert)} is out of date (next update was due ${iso(crl.nextUpdate.value)}); fetch a fresh CRL`,
        );
      }
      const entry = (crl.revokedCertificates ?? []).find((r) => r.userCertificate.isEqual(cert.serialNumber));
      if (entry) {
        const when = entry.revocationDate.value;
        throw new TrustVerificationError(
          `certificate ${subjectName(cert)} (serial ${serialHex(cert)}) was revoked on ${iso(when)} by ${issuerName(cert)}, according to its CRL${when <= at ? '' : ' (after the signing time, still refused)'}`,
        );
      }
    }
  }
}

interface TrustedTime {
  at: Date;
  source: X509Verification['timeSource'];
  tsa?: string;
}

async function signingTime(signerInfo: pkijs.SignerInfo, options: X509VerifyOptions): Promise<TrustedTime> {
  const attribute = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID_TIMESTAMP_TOKEN_ATTR);
  if (!attribute) return { at: options.now ?? new Date(), source: 'verification-time' };
  const tsas = options.timestampAuthorities ?? [];
  if (tsas.length === 0) {
    throw new TrustVerificationError(
      'the signature carries an RFC 3161 timestamp but the policy has no usable timestamp-authority anchor to verify it (none, or each is past its review date or refused); add or review the TSA anchor',
    );
  }
  const value = attribute.values[0] as asn1js.AsnType | undefined;
  let token: pkijs.SignedData;
  let tst: pkijs.TSTInfo;
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: value });
    if (contentInfo.contentType !== OID_SIGNED_DATA) throw new Error('the token is not SignedData');
    token = new pkijs.SignedData({ schema: contentInfo.content as asn1js.AsnType });
    if (token.encapContentInfo.eContentType !== OID_TST_INFO || !token.encapContentInfo.eContent)
      throw new Error('the token holds no TSTInfo');
    tst = pkijs.TSTInfo.fromBER(token.encapContentInfo.eContent.getValue());
  } catch (error) {
    throw new TrustVerificationError(
      `the RFC 3161 timestamp in the signature cannot be parsed: ${errorMessage(error)}`,
    );
  }
  // The token must cover this signature's value (RFC 3161 appendix A).
  const hash = HASH_BY_OID[tst.messageImprint.hashAlgorithm.algorithmId];
  if (!hash)
    throw new TrustVerificationError(
      `the RFC 3161 timestamp uses an unsupported hash algorithm ${tst.messageImprint.hashAlgorithm.algorithmId}`,
    );
  const expected = createHash(hash).update(signerInfo.signature.valueBlock.valueHexView).digest();
  if (!expected.equals(Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView))) {
    throw new TrustVerificationError('the RFC 3161 timestamp in the signature covers another signature value');
  }
  // Offer the trusted TSA certificates in case the token does not embed its signer.
  const tsaCerts = tsas.flatMap((a) => a.certificates);
  token.certificates = [...(token.certificates ?? []), ...tsaCerts];
  let tsaSigner: pkijs.Certificate;
  try {
    // pkijs checks the TSTInfo imprint against `data`: the timestamped signature value.
    const result = await token.verify({
      signer: 0,
      data: toArrayBuffer(signerInfo.signature.valueBlock.valueHexView),
      extendedMode: true,
      checkChain: false,
    });
    if (!result.signatureVerified || !result.signerCertificate)
      throw new Error(result.message || 'signature does not verify');
    tsaSigner = result.signerCertificate;
  } catch (error) {
    throw new TrustVerificationError(
      `the RFC 3161 timestamp's signature does not verify: ${describeVerifyError(error)}`,
    );
  }
  const genTime = tst.genTime;
  const pool = (token.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const chain = await validateCertificatePath(
    tsaSigner,
    pool,
    { ...options, crls: [], anchors: [] },
    genTime,
    'timeStamping',
    'timestamp time',
  );
  return { at: genTime, source: 'rfc3161-timestamp', tsa: chain.anchorId };
}

function parseSignedData(signature: Uint8Array): pkijs.SignedData {
  let der = signature;
  if (looksLikePem(signature)) {
    const block = pemBlocks(Buffer.from(signature).toString('utf8')).find((b) =>
      ['CMS', 'PKCS7', 'PKCS #7 SIGNED DATA'].includes(b.label),
    );
    if (!block) throw new TrustVerificationError('the signature file is PEM but holds no CMS or PKCS7 block');
    der = block.der;
  }
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(der));
    if (contentInfo.contentType !== OID_SIGNED_DATA) {
      throw new Error(`content type ${contentInfo.contentType} is not signedData`);
    }
    return new pkijs.SignedData({ schema: contentInfo.content as asn1js.AsnType });
  } catch (error) {
    throw new TrustVerificationError(`the signature is not a CMS/PKCS#7 SignedData structure: ${errorMessage(error)}`);
  }
}

function extraCertificates(options: X509VerifyOptions): pkijs.Certificate[] {
  const fromAnchors = options.anchors.flatMap((a) => a.intermediates);
  if (!options.intermediates) return fromAnchors;
  try {
    return [...fromAnchors, ...parseCertificates(options.intermediates, 'intermediates')];
  } catch (error) {
    throw new TrustVerificationError(errorMessage(error));
  }
}

function requireAnchors(options: X509VerifyOptions): void {
  if (options.anchors.length === 0 || options.anchors.every((a) => a.certificates.length === 0)) {
    throw new TrustVerificationError(
      'no trusted X.509 CA is configured for this artifact; add an x509-ca anchor to the policy rule',
    );
  }
}

async function verifiesWith(cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  try {
    return await cert.verify(issuer);
  } catch {
    return false;
  }
}

function describeVerifyError(error: unknown): string {
  const message = errorMessage(error);
  return message || 'signature does not verify';
}

function iso(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

function ekuName(oid: string): string {
  return EKU_NAMES[oid] ?? oid;
}
