/** Reading Sigstore bundles from files: size cap, JSON or JSON lines, known media types only. */
import { open } from 'node:fs/promises';
import {
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  type Bundle,
  bundleFromJSON,
} from '@sigstore/bundle';
import { errorMessage } from '../core/errors.js';
import { ArtifactError, UnexpectedArtifactError } from './types.js';
import { checkJsonNesting } from '../core/nesting.js';

export type { Bundle };

/** Bundles larger than this are refused before they are parsed. */
export const MAX_BUNDLE_BYTES = 10 * 1024 * 1024;

export const KNOWN_MEDIA_TYPES: readonly string[] = [
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
];

/** A parsed bundle and where it came from (file and line, or an attestation). */
export interface LoadedBundle {
  readonly bundle: Bundle;
  readonly source: string;
  /** Read from cosign's legacy blob-bundle format (`base64Signature`, `cert`, `rekorBundle`). */
  readonly legacy?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Is this cosign's legacy `sign-blob --bundle` format rather than a Sigstore bundle? */
function isLegacyCosign(json: Record<string, unknown>): boolean {
  return json.mediaType === undefined && typeof json.base64Signature === 'string';
}

/** PEM (or base64 of PEM, as cosign writes `cert`) to DER. */
function certificateDer(value: string, source: string): Buffer {
  const text = value.includes('-----BEGIN') ? value : Buffer.from(value, 'base64').toString('utf8');
  const match = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(text);
  if (!match?.[1]) throw new ArtifactError(`legacy cosign bundle ${source}: 'cert' is not a PEM certificate`);
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/**
 * Converts cosign's legacy blob bundle into the equivalent Sigstore bundle v0.1: the signature
 * over the artifact's digest (the one the Rekor entry records), the certificate (or a key, when
 * signed with one), and the Rekor entry with its signed entry timestamp as the inclusion promise.
 * That is what cosign itself checks for this format (cosign pkg/cosign/verify.go, VerifyBundle:
 * the SET over {body, integratedTime, logIndex, logID}) and how sigstore-go's and cosign's
 * new-bundle code map a Rekor entry to a bundle's TransparencyLogEntry. The converted bundle is
 * then verified like any other, with the same policy and thresholds.
 */
function legacyCosignToBundle(json: Record<string, unknown>, source: string): unknown {
  const fail = (why: string): never => {
    throw new ArtifactError(`legacy cosign bundle ${source}: ${why}`);
  };
  const signature = json.base64Signature;
  if (typeof signature !== 'string' || signature === '') fail("'base64Signature' is empty");
  const rekor = json.rekorBundle;
  if (!isRecord(rekor)) {
    return fail("it has no 'rekorBundle' (no transparency-log entry): it cannot be verified");
  }
  const set = rekor.SignedEntryTimestamp;
  const payload = rekor.Payload;
  if (typeof set !== 'string' || set === '') fail("'rekorBundle' has no SignedEntryTimestamp");
  if (!isRecord(payload)) return fail("'rekorBundle' has no Payload");
  const { body, integratedTime, logIndex, logID } = payload;
  if (typeof body !== 'string') fail("'rekorBundle.Payload' has no body");
  if (typeof integratedTime !== 'number' || !Number.isSafeInteger(integratedTime)) {
    fail("'rekorBundle.Payload' has no integratedTime");
  }
  if (typeof logIndex !== 'number' || !Number.isSafeInteger(logIndex) || logIndex < 0) {
    fail("'rekorBundle.Payload' has no logIndex");
  }
  if (typeof logID !== 'string' || !/^[0-9a-f]{64}$/i.test(logID)) fail("'rekorBundle.Payload' has no logID");
  let entry: unknown;
  try {
    entry = JSON.parse(Buffer.from(body as string, 'base64').toString('utf8'));
  } catch {
    fail("the Rekor entry in 'rekorBundle' is not valid JSON");
  }
  if (!isRecord(entry) || entry.kind !== 'hashedrekord' || typeof entry.apiVersion !== 'string') {
    fail(
      `the Rekor entry is of kind '${String(isRecord(entry) ? entry.kind : undefined)}': only hashedrekord (cosign sign-blob) is read`,
    );
  }
  const spec = isRecord((entry as Record<string, unknown>).spec)
    ? ((entry as Record<string, unknown>).spec as Record<string, unknown>)
    : {};
  const data = isRecord(spec.data) ? spec.data : {};
  const hash = isRecord(data.hash) ? data.hash : {};
  const algorithms: Record<string, string> = { sha256: 'SHA2_256', sha384: 'SHA2_384', sha512: 'SHA2_512' };
  const algorithm = typeof hash.algorithm === 'string' ? algorithms[hash.algorithm] : undefined;
  if (!algorithm || typeof hash.value !== 'string' || !/^[0-9a-f]+$/i.test(hash.value)) {
    fail('the Rekor entry records no artifact digest');
  }
  const cert = json.cert;
  const material =
    typeof cert === 'string' && cert !== ''
      ? { x509CertificateChain: { certificates: [{ rawBytes: certificateDer(cert, source).toString('base64') }] } }
      : { publicKey: { hint: '' } };
  return {
    mediaType: BUNDLE_V01_MEDIA_TYPE,
    verificationMaterial: {
      ...material,
      tlogEntries: [
        {
          logIndex: String(logIndex),
          logId: { keyId: Buffer.from(logID as string, 'hex').toString('base64') },
          kindVersion: { kind: 'hashedrekord', version: (entry as { apiVersion: string }).apiVersion },
          integratedTime: String(integratedTime),
          inclusionPromise: { signedEntryTimestamp: set },
          canonicalizedBody: body,
        },
      ],
    },
    messageSignature: {
      messageDigest: { algorithm, digest: Buffer.from(hash.value as string, 'hex').toString('base64') },
      signature,
    },
  };
}

/** @sigstore/bundle's validation error, with the fields it found missing or wrong (`invalid v0.2 bundle` alone says little). */
function validationReason(error: unknown): string {
  const fields = (error as { fields?: unknown }).fields;
  const names = Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [];
  return names.length > 0 ? `${errorMessage(error)}: missing or invalid ${names.join(', ')}` : errorMessage(error);
}

/**
 * The first field of a bundle's JSON whose type @sigstore/bundle would trip over (it reads
 * `tlogEntries: [null]` as "Cannot read properties of null"): objects and lists where the bundle
 * format has them, named by their path. `null` stands for an absent field (protobuf JSON).
 */
function shapeProblem(json: Record<string, unknown>): string | undefined {
  const objectAt = (value: unknown, path: string): string | undefined =>
    value === undefined || value === null || isRecord(value) ? undefined : `${path} is not an object`;
  const listOfObjects = (value: unknown, path: string): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) return `${path} is not a list`;
    const i = value.findIndex((v) => !isRecord(v));
    return i >= 0 ? `${path}[${i}] is not an object` : undefined;
  };
  // Bytes are base64 text in the JSON form; @sigstore/bundle hands anything else to Buffer.from.
  const text = (value: unknown, path: string): string | undefined =>
    value === undefined || value === null || typeof value === 'string' ? undefined : `${path} is not a string`;
  const field = (record: unknown, key: string): unknown => (isRecord(record) ? record[key] : undefined);
  const first = (...checks: (() => string | undefined)[]): string | undefined => {
    for (const check of checks) {
      const problem = check();
      if (problem) return problem;
    }
    return undefined;
  };

  const material = json.verificationMaterial;
  const envelope = json.dsseEnvelope;
  const message = json.messageSignature;
  const chain = field(material, 'x509CertificateChain');
  const timestamps = field(material, 'timestampVerificationData');
  const entries = field(material, 'tlogEntries');
  const problem = first(
    () => objectAt(material, 'verificationMaterial'),
    () => objectAt(envelope, 'dsseEnvelope'),
    () => objectAt(message, 'messageSignature'),
    () => text(field(envelope, 'payload'), 'dsseEnvelope.payload'),
    () => listOfObjects(field(envelope, 'signatures'), 'dsseEnvelope.signatures'),
    () => objectAt(field(message, 'messageDigest'), 'messageSignature.messageDigest'),
    () => text(field(field(message, 'messageDigest'), 'digest'), 'messageSignature.messageDigest.digest'),
    () => text(field(message, 'signature'), 'messageSignature.signature'),
    () => objectAt(field(material, 'certificate'), 'verificationMaterial.certificate'),
    () => text(field(field(material, 'certificate'), 'rawBytes'), 'verificationMaterial.certificate.rawBytes'),
    () => objectAt(field(material, 'publicKey'), 'verificationMaterial.publicKey'),
    () => objectAt(chain, 'verificationMaterial.x509CertificateChain'),
    () => listOfObjects(field(chain, 'certificates'), 'verificationMaterial.x509CertificateChain.certificates'),
    () => objectAt(timestamps, 'verificationMaterial.timestampVerificationData'),
    () =>
      listOfObjects(
        field(timestamps, 'rfc3161Timestamps'),
        'verificationMaterial.timestampVerificationData.rfc3161Timestamps',
      ),
    () => listOfObjects(entries, 'verificationMaterial.tlogEntries'),
  );
  if (problem) return problem;
  const signatures = field(envelope, 'signatures');
  const certificates = field(chain, 'certificates');
  const stamps = field(timestamps, 'rfc3161Timestamps');
  const each = (list: unknown, check: (item: unknown, i: number) => string | undefined): string | undefined =>
    Array.isArray(list) ? first(...list.map((item, i) => () => check(item, i))) : undefined;
  return first(
    () => each(signatures, (s, i) => text(field(s, 'sig'), `dsseEnvelope.signatures[${i}].sig`)),
    () =>
      each(certificates, (c, i) =>
        text(field(c, 'rawBytes'), `verificationMaterial.x509CertificateChain.certificates[${i}].rawBytes`),
      ),
    () =>
      each(stamps, (t, i) =>
        text(
          field(t, 'signedTimestamp'),
          `verificationMaterial.timestampVerificationData.rfc3161Timestamps[${i}].signedTimestamp`,
        ),
      ),
    () =>
      each(entries, (entry, i) => {
        const at = `verificationMaterial.tlogEntries[${i}]`;
        const proof = field(entry, 'inclusionProof');
        const hashes = field(proof, 'hashes');
        return first(
          () => objectAt(field(entry, 'logId'), `${at}.logId`),
          () => text(field(field(entry, 'logId'), 'keyId'), `${at}.logId.keyId`),
          () => objectAt(field(entry, 'kindVersion'), `${at}.kindVersion`),
          () => text(field(entry, 'canonicalizedBody'), `${at}.canonicalizedBody`),
          () => objectAt(field(entry, 'inclusionPromise'), `${at}.inclusionPromise`),
          () =>
            text(
              field(field(entry, 'inclusionPromise'), 'signedEntryTimestamp'),
              `${at}.inclusionPromise.signedEntryTimestamp`,
            ),
          () => objectAt(proof, `${at}.inclusionProof`),
          () => text(field(proof, 'rootHash'), `${at}.inclusionProof.rootHash`),
          () => objectAt(field(proof, 'checkpoint'), `${at}.inclusionProof.checkpoint`),
          () =>
            hashes === undefined || hashes === null || Array.isArray(hashes)
              ? undefined
              : `${at}.inclusionProof.hashes is not a list`,
          () => each(hashes, (h, j) => text(h, `${at}.inclusionProof.hashes[${j}]`)),
        );
      }),
  );
}

/** Parses one bundle from JSON already read; throws ArtifactError with the reason. */
export function bundleFromValue(json: unknown, source: string): LoadedBundle {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ArtifactError(`bundle ${source} is not a JSON object`);
  }
  if (isLegacyCosign(json as Record<string, unknown>)) {
    const converted = legacyCosignToBundle(json as Record<string, unknown>, source);
    try {
      return { bundle: bundleFromJSON(converted), source: `${source} (legacy cosign bundle)`, legacy: true };
    } catch (error) {
      throw new ArtifactError(`legacy cosign bundle ${source} cannot be read: ${validationReason(error)}`);
    }
  }
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string' || !KNOWN_MEDIA_TYPES.includes(mediaType)) {
    throw new ArtifactError(
      `bundle ${source} has unknown media type '${String(mediaType)}' (known: Sigstore bundle v0.1, v0.2, v0.3, and cosign's legacy blob bundle)`,
    );
  }
  const material = (json as { verificationMaterial?: unknown }).verificationMaterial;
  if (
    (mediaType === BUNDLE_V03_MEDIA_TYPE || mediaType === BUNDLE_V03_LEGACY_MEDIA_TYPE) &&
    isRecord(material) &&
    material.x509CertificateChain !== undefined
  ) {
    throw new ArtifactError(
      `bundle ${source} is v0.3 but carries a certificate chain: a v0.3 bundle carries the signing certificate alone ('certificate'), its chain comes from the trusted root`,
    );
  }
  const shape = shapeProblem(json as Record<string, unknown>);
  if (shape) throw new ArtifactError(`bundle ${source} is not a valid Sigstore bundle: ${shape}`);
  try {
    return { bundle: bundleFromJSON(json), source };
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      // Not foreseen by the shape check above: fail closed, name the error's class, not its JavaScript text.
      throw new UnexpectedArtifactError(
        `bundle ${source} is not a valid Sigstore bundle: unexpected error while reading the bundle (${error.constructor.name})`,
      );
    }
    throw new ArtifactError(`bundle ${source} is not a valid Sigstore bundle: ${validationReason(error)}`);
  }
}

/** Parses bundle text: one JSON object, or JSON lines with one bundle per line. */
export function parseBundles(text: string, source: string): LoadedBundle[] {
  try {
    checkJsonNesting(text, `bundle ${source}`);
  } catch (error) {
    throw new ArtifactError(errorMessage(error));
  }
  try {
    return [bundleFromValue(JSON.parse(text) as unknown, source)];
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) {
    let reason = 'empty file';
    try {
      JSON.parse(text);
    } catch (error) {
      reason = errorMessage(error);
    }
    throw new ArtifactError(`bundle ${source} is not valid JSON (${reason})`);
  }
  return lines.map((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new ArtifactError(`bundle ${source}, line ${i + 1}, is not valid JSON (${errorMessage(error)})`);
    }
    return bundleFromValue(json, `${source}:${i + 1}`);
  });
}

/** Reads a bundle file, refusing files over 10 MB before reading them whole. */
export async function readBundleFile(path: string, label = path): Promise<LoadedBundle[]> {
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new ArtifactError(`bundle ${label} is not a file`);
      if (info.size > MAX_BUNDLE_BYTES) {
        throw new ArtifactError(`bundle ${label} is ${info.size} bytes, over the ${MAX_BUNDLE_BYTES}-byte limit`);
      }
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    throw new ArtifactError(`cannot read bundle ${label}: ${errorMessage(error)}`);
  }
  return parseBundles(text, label);
}
