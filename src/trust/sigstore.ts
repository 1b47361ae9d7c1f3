/**
 * Sigstore bundles checked against the trust policy's `sigstore` and `public-key` anchors:
 * `@sigstore/verify` does the cryptography (signature, certificate chain, transparency log,
 * timestamps); this module adds what it leaves to the caller — the identity matched exactly or by
 * an anchored pattern, the GitHub workflow claims, and, for DSSE, the in-toto subject.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { type Bundle, bundleFromJSON } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { toSignedEntity, type TrustMaterial, Verifier, type VerifierOptions } from '@sigstore/verify';
import { errorMessage } from '../core/errors.js';
import { refMatches, repositoryMatches, workflowMatches } from '../core/signer-match.js';
import { DEFAULT_THRESHOLDS } from '../core/thresholds.js';
import { TrustVerificationError } from './errors.js';
import type { PublicKeyAnchor, SigstoreAnchor } from './policy.js';

export type SigstoreCapableAnchor = SigstoreAnchor | PublicKeyAnchor;

/** Fulcio certificate extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md). */
export const FULCIO_OIDS = {
  issuerV1: '1.3.6.1.4.1.57264.1.1',
  issuer: '1.3.6.1.4.1.57264.1.8',
  buildSignerURI: '1.3.6.1.4.1.57264.1.9',
  buildSignerDigest: '1.3.6.1.4.1.57264.1.10',
  runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
  sourceRepositoryURI: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
} as const;

export interface SigstoreTrust {
  /** Trust material (e.g. from the Sigstore public-good root or a private root). */
  trustMaterial: TrustMaterial;
  /** Thresholds; default: 1 transparency-log entry, 1 CT log entry, 1 timestamp. */
  verifierOptions?: VerifierOptions;
}

/** What a signature proved, for reports. */
export interface SigstoreSigner {
  anchorId: string;
  method: 'certificate' | 'key';
  identity?: string;
  issuer?: string;
  sourceRepository?: string;
  sourceRef?: string;
}

/** The subject a bundle must be about. */
export type BundleSubject =
  /** The exact bytes that were signed (message signatures) — and their digest for DSSE subjects. */
  | { kind: 'bytes'; bytes: Uint8Array; sha256: string }
  /** Only a digest is known (DSSE only). */
  | { kind: 'digest'; sha256: string };

/** Parses serialized bundle JSON; throws TrustVerificationError. */
export function parseBundle(json: unknown, source: string): Bundle {
  try {
    return bundleFromJSON(json);
  } catch (error) {
    throw new TrustVerificationError(`${source} is not a valid Sigstore bundle: ${errorMessage(error)}`);
  }
}

/**
 * Verifies `bundle` over `subject` against each anchor in turn and returns the first anchor it
 * satisfies; throws TrustVerificationError listing why every anchor refused it.
 */
export function verifyBundleWithAnchors(
  bundle: Bundle,
  subject: BundleSubject,
  anchors: readonly SigstoreCapableAnchor[],
  trust: SigstoreTrust,
): SigstoreSigner {
  if (anchors.length === 0)
    throw new TrustVerificationError('no Sigstore identity or public key is trusted for this subject');
  const reasons: string[] = [];
  for (const anchor of anchors) {
    try {
      return verifyBundleWithAnchor(bundle, subject, anchor, trust);
    } catch (error) {
      reasons.push(`${anchor.id}: ${error instanceof TrustVerificationError ? error.reason : errorMessage(error)}`);
    }
  }
  throw new TrustVerificationError(
    reasons.length === 1 ? (reasons[0] as string) : `no trusted signer matched (${reasons.join('; ')})`,
  );
}

/** Verifies one bundle against one anchor. */
export function verifyBundleWithAnchor(
  bundle: Bundle,
  subject: BundleSubject,
  anchor: SigstoreCapableAnchor,
  trust: SigstoreTrust,
): SigstoreSigner {
  const content = bundle.content;
  const material = bundle.verificationMaterial.content;
  if (anchor.type === 'public-key' && material.$case !== 'publicKey') {
    throw new TrustVerificationError(
      `the signature is made with a certificate, but anchor ${anchor.id} is a public key`,
    );
  }
  if (anchor.type === 'sigstore' && material.$case === 'publicKey') {
    throw new TrustVerificationError(
      `the signature is made with a bare key, but anchor ${anchor.id} is a Sigstore identity`,
    );
  }
  if (content.$case === 'messageSignature') {
    if (subject.kind !== 'bytes')
      throw new TrustVerificationError('a message signature can only be checked against the signed bytes');
    const digest = content.messageSignature.messageDigest;
    if (digest && Buffer.from(digest.digest).toString('hex') !== subject.sha256) {
      throw new TrustVerificationError(
        `the signature is for sha256:${Buffer.from(digest.digest).toString('hex')}, not for sha256:${subject.sha256}`,
      );
    }
  } else {
    checkStatementSubject(content.dsseEnvelope.payloadType, Buffer.from(content.dsseEnvelope.payload), subject.sha256);
  }

  let material2 = trust.trustMaterial;
  if (anchor.type === 'public-key') {
    const key = publicKey(anchor);
    material2 = { ...trust.trustMaterial, publicKey: () => ({ publicKey: key, validFor: () => true }) };
  }
  const verifier = new Verifier(material2, trust.verifierOptions ?? DEFAULT_THRESHOLDS);
  let signer;
  try {
    const entity = toSignedEntity(
      bundle,
      content.$case === 'messageSignature' && subject.kind === 'bytes' ? Buffer.from(subject.bytes) : undefined,
    );
    signer = verifier.verify(entity);
  } catch (error) {
    throw new TrustVerificationError(`the Sigstore signature does not verify: ${errorMessage(error)}`);
  }
  if (anchor.type === 'public-key') return { anchorId: anchor.id, method: 'key' };

  if (material.$case !== 'certificate' && material.$case !== 'x509CertificateChain') {
    throw new TrustVerificationError('the bundle carries no signing certificate');
  }
  const leafBytes =
    material.$case === 'certificate'
      ? material.certificate.rawBytes
      : material.x509CertificateChain.certificates[0]?.rawBytes;
  if (!leafBytes) throw new TrustVerificationError('the bundle carries no signing certificate');
  const cert = X509Certificate.parse(Buffer.from(leafBytes));
  const identity = signer.identity?.subjectAlternativeName;
  const issuer =
    signer.identity?.extensions?.issuer ?? claim(cert, FULCIO_OIDS.issuer) ?? claim(cert, FULCIO_OIDS.issuerV1, true);
  const claims = {
    signerURI: claim(cert, FULCIO_OIDS.buildSignerURI),
    signerDigest: claim(cert, FULCIO_OIDS.buildSignerDigest),
    runner: claim(cert, FULCIO_OIDS.runnerEnvironment),
    repository: claim(cert, FULCIO_OIDS.sourceRepositoryURI),
    repositoryDigest: claim(cert, FULCIO_OIDS.sourceRepositoryDigest),
    ref: claim(cert, FULCIO_OIDS.sourceRepositoryRef),
  };
  const problems = identityProblems(anchor, { identity, issuer, ...claims });
  if (problems.length > 0) throw new TrustVerificationError(problems.join('; '));
  return {
    anchorId: anchor.id,
    method: 'certificate',
    ...(identity ? { identity } : {}),
    ...(issuer ? { issuer } : {}),
    ...(claims.repository ? { sourceRepository: claims.repository } : {}),
    ...(claims.ref ? { sourceRef: claims.ref } : {}),
  };
}

export interface SignerClaims {
  identity?: string | undefined;
  issuer?: string | undefined;
  signerURI?: string | undefined;
  signerDigest?: string | undefined;
  runner?: string | undefined;
  repository?: string | undefined;
  repositoryDigest?: string | undefined;
  ref?: string | undefined;
}

/** Every way the signer's claims differ from the anchor, as sentences; empty when they match. */
export function identityProblems(anchor: SigstoreAnchor, claims: SignerClaims): string[] {
  const out: string[] = [];
  const show = (v: string | undefined): string => v ?? '(absent)';
  if (claims.issuer !== anchor.issuer) out.push(`issuer ${show(claims.issuer)} is not ${anchor.issuer}`);
  if (anchor.identity !== undefined && claims.identity !== anchor.identity) {
    out.push(`identity ${show(claims.identity)} is not ${anchor.identity}`);
  }
  if (anchor.identityRegExp && !(claims.identity !== undefined && anchor.identityRegExp.test(claims.identity))) {
    out.push(`identity ${show(claims.identity)} does not match ^(${anchor.identityPattern ?? ''})$`);
  }
  if (anchor.signerWorkflow !== undefined && !workflowMatches(anchor.signerWorkflow, claims.signerURI)) {
    out.push(`signer workflow ${show(claims.signerURI)} is not ${anchor.signerWorkflow}`);
  }
  if (anchor.sourceRepository !== undefined && !repositoryMatches(anchor.sourceRepository, claims.repository)) {
    out.push(`source repository ${show(claims.repository)} is not ${anchor.sourceRepository}`);
  }
  if (anchor.sourceRef !== undefined && !refMatches(anchor.sourceRef, claims.ref)) {
    out.push(`source ref ${show(claims.ref)} is not ${anchor.sourceRef}`);
  }
  if (anchor.signerDigest !== undefined && claims.signerDigest !== anchor.signerDigest) {
    out.push(`signer digest ${show(claims.signerDigest)} is not ${anchor.signerDigest}`);
  }
  if (anchor.sourceDigest !== undefined && claims.repositoryDigest !== anchor.sourceDigest) {
    out.push(`source digest ${show(claims.repositoryDigest)} is not ${anchor.sourceDigest}`);
  }
  if (anchor.denySelfHostedRunners && claims.runner !== 'github-hosted') {
    out.push(`the signing workflow ran on a ${show(claims.runner)} runner; the anchor requires github-hosted`);
  }
  return out;
}

function claim(cert: X509Certificate, oid: string, legacy = false): string | undefined {
  const ext = cert.extension(oid);
  if (!ext) return undefined;
  const raw = ext.value;
  if (legacy) return raw.toString('utf8');
  const parsed = asn1js.fromBER(new Uint8Array(raw));
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Utf8String)) return undefined;
  return parsed.result.valueBlock.value;
}

function publicKey(anchor: PublicKeyAnchor): KeyObject {
  try {
    return createPublicKey({ key: anchor.keyPem, format: 'pem' });
  } catch (error) {
    throw new TrustVerificationError(`anchor ${anchor.id}'s key cannot be read: ${errorMessage(error)}`);
  }
}

/** For DSSE: the payload must be an in-toto statement naming the subject's sha256. */
function checkStatementSubject(payloadType: string, payload: Buffer, sha256: string): void {
  if (payloadType !== 'application/vnd.in-toto+json') {
    throw new TrustVerificationError(`the DSSE payload type is ${payloadType}, not application/vnd.in-toto+json`);
  }
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new TrustVerificationError('the DSSE payload is not JSON');
  }
  const subjects = (statement as { subject?: unknown }).subject;
  if (!Array.isArray(subjects)) throw new TrustVerificationError('the in-toto statement has no subject list');
  const digests = subjects
    .map((s: unknown) => (s as { digest?: { sha256?: unknown } }).digest?.sha256)
    .filter((d): d is string => typeof d === 'string');
  if (!digests.includes(sha256)) {
    throw new TrustVerificationError(
      `the attestation is about ${digests.map((d) => `sha256:${d}`).join(', ') || 'no sha256 subject'}, not sha256:${sha256}`,
    );
  }
}

/** The predicate type of a DSSE in-toto bundle, if any. */
export function predicateTypeOf(bundle: Bundle): string | undefined {
  if (bundle.content.$case !== 'dsseEnvelope') return undefined;
  try {
    const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8')) as {
      predicateType?: unknown;
    };
    return typeof statement.predicateType === 'string' ? statement.predicateType : undefined;
  } catch {
    return undefined;
  }
}
