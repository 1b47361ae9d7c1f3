/**
 * Verifies one bundle for one subject: @sigstore/verify for the cryptography (certificate chain,
 * SCTs, transparency-log inclusion, SET, checkpoints, RFC 3161 timestamps, signature), plus what it
 * leaves to the caller: that the bundle covers *this* artifact (message digest, in-toto subject),
 * the predicate type, and the signer's identity and workflow claims, matched exactly or anchored.
 */
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { RFC3161Timestamp, X509Certificate } from '@sigstore/core';
import { HashAlgorithm as ProtoHash } from '@sigstore/protobuf-specs';
import { type SignedEntity, toSignedEntity } from '@sigstore/verify';
import { errorMessage } from '../core/errors.js';
import type { Bundle, LoadedBundle } from './bundle.js';
import { type CertificateClaims, certificateClaims } from './claims.js';
import { hashFileHere } from './hash.js';
import { checkCarriedChain, type TrustRoots } from './instances.js';
import { type IdentityPolicy, namesSigner, policyViolations } from './policy.js';
import { describePredicate, predicateMatches } from '../core/predicates.js';
import { verifyPrehashed } from './prehashed.js';
import { ArtifactError, type HashAlgorithm, type Subject, UnexpectedArtifactError } from './types.js';

/** Artifacts up to this size are handed to the library in memory; larger ones are verified streaming. */
const IN_MEMORY_LIMIT = 64 * 1024 * 1024;

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const IN_TOTO_STATEMENT_TYPES = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];

export interface VerifyContext {
  /** Chooses the trusted root and policy for each bundle from its signing certificate. */
  readonly roots: TrustRoots;
  /** The user's public key: key-signed bundles must verify with it. */
  readonly key?: KeyObject;
}

/** What a verified bundle says, for the results. */
export interface BundleFacts {
  readonly keySigned: boolean;
  readonly signerIdentity?: string;
  readonly issuer?: string;
  readonly claims: CertificateClaims;
  readonly logIndex?: string;
  readonly signingTime?: string;
  readonly predicateType?: string;
  /** The Sigstore instance whose root verified it: public-good, github, or custom (a root the user gave). */
  readonly instance?: string;
}

/** The hash algorithm a bundle names for its message digest (unspecified means sha256). */
export const NODE_HASH: Partial<Record<ProtoHash, HashAlgorithm>> = {
  [ProtoHash.HASH_ALGORITHM_UNSPECIFIED]: 'sha256',
  [ProtoHash.SHA2_256]: 'sha256',
  [ProtoHash.SHA2_384]: 'sha384',
  [ProtoHash.SHA2_512]: 'sha512',
};

/** A digest of the subject by algorithm: given, or computed (streamed) from its file. */
export async function digestOf(subject: Subject, algorithm: HashAlgorithm): Promise<string | undefined> {
  const known = subject.digests[algorithm];
  if (known) return known;
  if (!subject.path) return undefined;
  const computed = await hashFileHere(subject.path, [algorithm]);
  return computed[algorithm];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks that an in-toto statement names this subject and has the wanted predicate type. */
async function checkStatement(payload: Buffer, subject: Subject, predicateType: string | undefined): Promise<string> {
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new ArtifactError(`the attestation's in-toto statement is not valid JSON (${errorMessage(error)})`);
  }
  if (
    !isRecord(statement) ||
    typeof statement._type !== 'string' ||
    !IN_TOTO_STATEMENT_TYPES.includes(statement._type)
  ) {
    throw new ArtifactError('the attestation is not an in-toto statement (v0.1 or v1)');
  }
  const subjects = Array.isArray(statement.subject) ? statement.subject.filter(isRecord) : [];
  if (subjects.length === 0) throw new ArtifactError('the attestation names no subject');
  const wanted: { alg: HashAlgorithm; hex: string }[] = [];
  for (const s of subjects) {
    const digest = isRecord(s.digest) ? s.digest : {};
    for (const alg of ['sha256', 'sha384', 'sha512'] as const) {
      const hex = digest[alg];
      if (typeof hex === 'string') wanted.push({ alg, hex: hex.toLowerCase() });
    }
  }
  let matched = false;
  for (const alg of ['sha256', 'sha512', 'sha384'] as const) {
    const candidates = wanted.filter((w) => w.alg === alg);
    if (candidates.length === 0) continue;
    const ours = await digestOf(subject, alg);
    if (ours !== undefined && candidates.some((c) => c.hex === ours)) {
      matched = true;
      break;
    }
  }
  if (!matched) {
    const names = subjects
      .map((s) => {
        const d = isRecord(s.digest) ? s.digest : {};
        const first = Object.entries(d).find(([, v]) => typeof v === 'string');
        return `${typeof s.name === 'string' ? s.name : '(unnamed)'}${first ? ` ${first[0]}:${String(first[1])}` : ''}`;
      })
      .join(', ');
    throw new ArtifactError(
      `the attestation is for ${names}, not this artifact (sha256:${subject.digests.sha256 ?? '?'})`,
    );
  }
  const actualType = typeof statement.predicateType === 'string' ? statement.predicateType : '';
  if (predicateType && !predicateMatches(predicateType, actualType)) {
    throw new ArtifactError(
      `the attestation's predicate type ${actualType || '(none)'} is not ${describePredicate(predicateType)}`,
    );
  }
  return actualType;
}

/** The public key a bundle's signature should verify with: the leaf certificate's, or the user's key. */
function candidateKey(bundle: Bundle, ctx: VerifyContext): KeyObject | undefined {
  const material = bundle.verificationMaterial.content;
  switch (material.$case) {
    case 'publicKey':
      return ctx.key;
    case 'certificate':
      return createPublicKey({
        key: X509Certificate.parse(Buffer.from(material.certificate.rawBytes)).publicKey,
        format: 'der',
        type: 'spki',
      });
    case 'x509CertificateChain': {
      const leaf = material.x509CertificateChain.certificates[0];
      if (!leaf) return undefined;
      return createPublicKey({
        key: X509Certificate.parse(Buffer.from(leaf.rawBytes)).publicKey,
        format: 'der',
        type: 'spki',
      });
    }
  }
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}

/** Streams a file through a signature verifier (the signature covers the file's bytes). */
async function verifyFileSignature(
  path: string,
  key: KeyObject,
  algorithm: HashAlgorithm,
  signature: Buffer,
): Promise<boolean> {
  if (key.asymmetricKeyType === 'ed25519') {
    // Ed25519 cannot be streamed; such artifacts are read whole (only reached above the in-memory limit).
    const { verify } = await import('node:crypto');
    return verify(null, await readFile(path), key, signature);
  }
  const verifier = createVerify(algorithm);
  await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), verifier);
  return verifier.verify(key, signature);
}

/**
 * The signed entity for a message-signature bundle. Small files go to the library as bytes; for
 * large files and bare digests the signature check is done first (streamed, or over the digest) and
 * the library's call is answered from that result, only for the very key it was computed with.
 */
async function messageEntity(bundle: Bundle, subject: Subject, ctx: VerifyContext): Promise<SignedEntity> {
  if (bundle.content.$case !== 'messageSignature') throw new Error('not a message signature');
  const message = bundle.content.messageSignature;
  if (!message.messageDigest) throw new ArtifactError('the bundle has no message digest');
  const algorithm = NODE_HASH[message.messageDigest.algorithm];
  if (!algorithm) throw new ArtifactError('the bundle uses a hash algorithm this verifier does not accept');
  const ours = await digestOf(subject, algorithm);
  if (ours === undefined) {
    throw new ArtifactError(`the bundle signs a ${algorithm} digest; give the artifact file, not its sha256 digest`);
  }
  const signed = Buffer.from(message.messageDigest.digest).toString('hex');
  if (signed !== ours) {
    throw new ArtifactError(`the bundle signs ${algorithm}:${signed}, not this artifact (${algorithm}:${ours})`);
  }
  if (subject.path && (subject.size ?? Infinity) <= IN_MEMORY_LIMIT) {
    return toSignedEntity(bundle, await readFile(subject.path));
  }
  const entity = toSignedEntity(bundle, Buffer.alloc(0));
  const key = candidateKey(bundle, ctx);
  let ok = false;
  if (key) {
    const signature = Buffer.from(message.signature);
    ok = subject.path
      ? await verifyFileSignature(subject.path, key, algorithm, signature)
      : await verifyPrehashed(key, Buffer.from(ours, 'hex'), algorithm, signature);
  }
  const original = entity.signature;
  return {
    ...entity,
    signature: {
      signature: original.signature,
      compareSignature: (s) => original.compareSignature(s),
      compareDigest: (d) => original.compareDigest(d),
      compareSignedDigest: (d) => original.compareSignedDigest(d),
      verifySignature: (k) => ok && key !== undefined && sameKey(k, key),
    },
  };
}

function earliestTime(entity: SignedEntity): string | undefined {
  const times: number[] = [];
  for (const t of entity.timestamps) {
    if (t.$case === 'transparency-log') {
      const seconds = Number(t.tlogEntry.integratedTime);
      if (Number.isFinite(seconds) && seconds > 0) times.push(seconds * 1000);
    } else {
      times.push(t.timestamp.signingTime.getTime());
    }
  }
  return times.length === 0 ? undefined : new Date(Math.min(...times)).toISOString();
}

/**
 * The refusal for an error nobody foresaw while reading or verifying the bundle: fail closed, name
 * the error's class (never its JavaScript text, which names no field and may mislead), and mark it
 * as unexpected. The named checks below run first, so a malformed field is refused by name.
 */
function unexpectedError(error: unknown): UnexpectedArtifactError {
  const kind = error instanceof Error ? error.constructor.name || 'Error' : typeof error;
  return new UnexpectedArtifactError(
    `unexpected error while reading the bundle (${kind}): refused; if the bundle looks well-formed, this is a bug to report`,
    // Kept for a debugger, never put in the message: the JavaScript text names no field.
    { cause: error },
  );
}

function libraryReason(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  const code = typeof e.code === 'string' ? ` [${e.code}]` : '';
  return `${message}${cause}${code}`;
}

const DIGITS = /^\d+$/;

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/**
 * Refuses, by field name, a bundle whose structure the verifier would trip over: content, the DSSE
 * envelope or message signature, the verification material and its certificate(s), and the RFC 3161
 * timestamps (each must parse). Bundles read from JSON were already checked by @sigstore/bundle;
 * these checks hold for any bundle handed to the engine, and cover what that library does not check.
 */
function checkBundleStructure(bundle: Bundle): void {
  const fail: (why: string) => never = (why) => {
    throw new ArtifactError(`the bundle is malformed: ${why}`);
  };
  const content = (bundle as { content?: Bundle['content'] }).content;
  if (!content) fail('it has neither a DSSE envelope (dsseEnvelope) nor a message signature (messageSignature)');
  if (content.$case === 'dsseEnvelope') {
    const envelope = content.dsseEnvelope;
    if (!isBytes(envelope.payload) || envelope.payload.length === 0) fail('dsseEnvelope.payload is empty');
    if (!Array.isArray(envelope.signatures) || envelope.signatures.length !== 1) {
      fail(`dsseEnvelope.signatures must hold exactly one signature`);
    }
    const sig = envelope.signatures[0]?.sig;
    if (!isBytes(sig) || sig.length === 0) fail('dsseEnvelope.signatures[0].sig is empty');
  } else if (content.$case === 'messageSignature') {
    const message = content.messageSignature;
    if (!isBytes(message.signature) || message.signature.length === 0) fail('messageSignature.signature is empty');
    if (!message.messageDigest) fail('messageSignature.messageDigest is missing');
    if (!isBytes(message.messageDigest.digest) || message.messageDigest.digest.length === 0) {
      fail('messageSignature.messageDigest.digest is empty');
    }
  } else {
    fail('it has neither a DSSE envelope (dsseEnvelope) nor a message signature (messageSignature)');
  }
  const material = (bundle as { verificationMaterial?: Bundle['verificationMaterial'] }).verificationMaterial;
  if (!material) fail('verificationMaterial is missing');
  const signer = (material as { content?: Bundle['verificationMaterial']['content'] }).content;
  if (!signer) fail('verificationMaterial has no certificate, certificate chain or public key');
  if (signer.$case === 'certificate') {
    const raw = signer.certificate?.rawBytes;
    if (!isBytes(raw) || raw.length === 0) fail('verificationMaterial.certificate.rawBytes is empty');
  } else if (signer.$case === 'x509CertificateChain') {
    const certificates = signer.x509CertificateChain?.certificates;
    if (!Array.isArray(certificates) || certificates.length === 0) {
      fail('verificationMaterial.x509CertificateChain.certificates is empty (an empty certificate chain)');
    }
    certificates.forEach((c, i) => {
      if (!isBytes(c?.rawBytes) || c.rawBytes.length === 0) {
        fail(`verificationMaterial.x509CertificateChain.certificates[${i}].rawBytes is empty`);
      }
    });
  } else if (signer.$case !== 'publicKey') {
    fail('verificationMaterial has no certificate, certificate chain or public key');
  }
  if (!Array.isArray(material.tlogEntries)) fail('verificationMaterial.tlogEntries is not a list');
  const timestamps = material.timestampVerificationData?.rfc3161Timestamps ?? [];
  if (!Array.isArray(timestamps))
    fail('verificationMaterial.timestampVerificationData.rfc3161Timestamps is not a list');
  timestamps.forEach((t, i) => {
    const field = `verificationMaterial.timestampVerificationData.rfc3161Timestamps[${i}].signedTimestamp`;
    const der = (t as { signedTimestamp?: unknown } | undefined)?.signedTimestamp;
    if (!isBytes(der) || der.length === 0) fail(`${field} is empty`);
    try {
      RFC3161Timestamp.parse(Buffer.from(der));
    } catch (error) {
      fail(`${field} is not an RFC 3161 timestamp (${error instanceof Error ? error.message : String(error)})`);
    }
  });
}

/**
 * Refuses transparency-log entries the verifier would trip over: each needs a numeric log index, a
 * log id, its body, and an inclusion proof with its checkpoint or an inclusion promise.
 */
function checkTlogEntries(bundle: Bundle): void {
  bundle.verificationMaterial.tlogEntries.forEach((entry, i) => {
    const which = bundle.verificationMaterial.tlogEntries.length > 1 ? ` #${i + 1}` : '';
    if (typeof entry !== 'object' || entry === null) {
      throw new ArtifactError(`the bundle's transparency-log entry${which} is not an object`);
    }
    if (!DIGITS.test(entry.logIndex)) {
      throw new ArtifactError(
        `the bundle's transparency-log entry${which} has an invalid log index '${entry.logIndex}'`,
      );
    }
    if (!entry.logId?.keyId || entry.logId.keyId.length === 0) {
      throw new ArtifactError(`the bundle's transparency-log entry${which} has no log id`);
    }
    if (!entry.kindVersion)
      throw new ArtifactError(`the bundle's transparency-log entry${which} has no kind and version`);
    if (!entry.canonicalizedBody || entry.canonicalizedBody.length === 0) {
      throw new ArtifactError(`the bundle's transparency-log entry${which} has no body`);
    }
    const proof = entry.inclusionProof;
    if (!proof && !entry.inclusionPromise) {
      throw new ArtifactError(
        `the bundle's transparency-log entry${which} has neither an inclusion proof nor an inclusion promise`,
      );
    }
    if (!DIGITS.test(entry.integratedTime)) {
      throw new ArtifactError(
        `the bundle's transparency-log entry${which} has an invalid integrated time '${entry.integratedTime}'`,
      );
    }
    if (proof && !proof.checkpoint?.envelope) {
      throw new ArtifactError(
        `the bundle's transparency-log entry${which} has an inclusion proof without a checkpoint`,
      );
    }
    if (proof) {
      const bad: (what: string) => never = (what) => {
        throw new ArtifactError(`the bundle's transparency-log entry${which} has an inclusion proof ${what}`);
      };
      if (!DIGITS.test(proof.logIndex)) bad(`with an invalid log index '${proof.logIndex}'`);
      if (!DIGITS.test(proof.treeSize) || proof.treeSize === '0') bad('without a tree size');
      if (!isBytes(proof.rootHash) || proof.rootHash.length === 0) bad('without a root hash');
      if (!Array.isArray(proof.hashes)) bad('whose hashes are not a list');
    }
    if (!proof && entry.inclusionPromise) {
      const set = entry.inclusionPromise.signedEntryTimestamp;
      if (!isBytes(set) || set.length === 0) {
        throw new ArtifactError(
          `the bundle's transparency-log entry${which} has an inclusion promise without a signed entry timestamp`,
        );
      }
    }
  });
}

/** What a caller (not the user's policy) requires of a bundle. */
export interface BundleOptions {
  /**
   * Refuse a bundle from the Sigstore public-good instance, giving this reason. GitHub signs its release attestations
   * with its own instance, and `gh release verify-asset` verifies them with `NoPublicGood: true`
   * (cli/cli pkg/cmd/release/shared/attestation.go), which refuses a public-good certificate even
   * with a custom trusted root (pkg/cmd/attestation/verification/sigstore.go, chooseVerifier).
   */
  readonly refusePublicGood?: string;
}

/**
 * Verifies one bundle against one subject and policy; throws ArtifactError with the reason. Malformed
 * fields are refused by name first; a TypeError or RangeError nobody foresaw is still that bundle's
 * refusal (fail closed), as an UnexpectedArtifactError naming the error's class, never its
 * JavaScript text, and never a crash of the run.
 */
export async function verifyBundle(
  loaded: LoadedBundle,
  subject: Subject,
  ctx: VerifyContext,
  policy: IdentityPolicy,
  options: BundleOptions = {},
): Promise<BundleFacts> {
  try {
    return await verifyLoadedBundle(loaded, subject, ctx, policy, options);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw unexpectedError(error);
    throw error;
  }
}

async function verifyLoadedBundle(
  loaded: LoadedBundle,
  subject: Subject,
  ctx: VerifyContext,
  policy: IdentityPolicy,
  options: BundleOptions,
): Promise<BundleFacts> {
  const { bundle } = loaded;
  checkBundleStructure(bundle);
  const material = bundle.verificationMaterial.content;
  const keySigned = material.$case === 'publicKey';
  if (ctx.key && !keySigned) {
    throw new ArtifactError('a key was given but the bundle is signed with a certificate, not with that key');
  }
  if (material.$case === 'x509CertificateChain' && material.x509CertificateChain.certificates.length === 0) {
    throw new ArtifactError('the bundle has an empty certificate chain');
  }
  const chosen = await ctx.roots.choose(bundle);
  if (options.refusePublicGood && chosen.instance === 'public-good') {
    throw new ArtifactError(
      `the signing certificate comes from the Sigstore public-good instance, not from GitHub's: ${options.refusePublicGood}`,
    );
  }
  checkCarriedChain(bundle, chosen);
  checkTlogEntries(bundle);

  let entity: SignedEntity;
  let predicateType: string | undefined;
  try {
    if (bundle.content.$case === 'dsseEnvelope') {
      const envelope = bundle.content.dsseEnvelope;
      if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
        throw new ArtifactError(
          `the DSSE envelope's payload type is ${envelope.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}: it cannot name this artifact`,
        );
      }
      predicateType = await checkStatement(Buffer.from(envelope.payload), subject, policy.predicateType);
      entity = toSignedEntity(bundle);
    } else {
      entity = await messageEntity(bundle, subject, ctx);
    }
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    if (error instanceof TypeError || error instanceof RangeError) throw error;
    throw new ArtifactError(`the bundle cannot be read: ${errorMessage(error)}`);
  }

  if (chosen.requireSignedTimestamp && !entity.timestamps.some((t) => t.$case === 'timestamp-authority')) {
    throw new ArtifactError(
      `the bundle has no RFC 3161 signed timestamp, which ${chosen.title} requires (its instance keeps no transparency log)`,
    );
  }
  let signer;
  try {
    signer = chosen.verifier.verify(entity);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw unexpectedError(error);
    throw new ArtifactError(`signature verification failed: ${libraryReason(error)}`);
  }

  const logIndex = bundle.verificationMaterial.tlogEntries[0]?.logIndex;
  const signingTime = earliestTime(entity);
  const instance = chosen.instance;
  if (keySigned) return { keySigned, claims: {}, logIndex, signingTime, predicateType, instance };

  const leaf = entity.key.$case === 'certificate' ? entity.key.certificate : undefined;
  const claims = leaf ? certificateClaims(leaf) : {};
  const identity = signer.identity?.subjectAlternativeName;
  const issuer = claims.issuer ?? signer.identity?.extensions?.issuer;
  const facts: BundleFacts = {
    keySigned,
    signerIdentity: identity,
    issuer,
    claims: { ...claims, issuer },
    logIndex,
    signingTime,
    predicateType,
    instance,
  };
  if (!namesSigner(policy)) {
    throw new ArtifactError(
      `no signer policy: the bundle is signed by ${identity ?? '(no identity)'}; set certificate-identity, certificate-identity-regexp or source-repository`,
    );
  }
  const violations = policyViolations(policy, { identity, claims: facts.claims });
  if (violations.length > 0) throw new ArtifactError(violations.join('; '));
  return facts;
}
