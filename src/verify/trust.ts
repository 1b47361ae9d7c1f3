/**
 * Trust material: the trusted root (a file, the Sigstore public-good root refreshed through TUF, or
 * the copy shipped in @sigstore/tuf) and user-supplied public keys.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { getTrustedRoot } from '@sigstore/tuf';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { checkJsonNesting } from '../core/nesting.js';

export type { TrustedRoot };

const MAX_ROOT_BYTES = 10 * 1024 * 1024;
const PUBLIC_GOOD_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';

/**
 * Rejects a trusted root the library would accept but should not: an authority or log whose
 * validity has no start (the library reads that as "since the beginning of time"), or no CA at all.
 */
export function checkTrustedRoot(root: TrustedRoot, source: string): void {
  const problems: string[] = [];
  const check = (kind: string, list: readonly { validFor?: { start?: Date } }[], name: (i: number) => string) => {
    list.forEach((item, i) => {
      if (!item.validFor?.start) problems.push(`${kind} ${name(i)} has a validity period without a start`);
    });
  };
  check(
    'transparency log',
    root.tlogs.map((t) => t.publicKey ?? {}),
    (i) => root.tlogs[i]?.baseUrl || `#${i}`,
  );
  check(
    'certificate transparency log',
    root.ctlogs.map((t) => t.publicKey ?? {}),
    (i) => root.ctlogs[i]?.baseUrl || `#${i}`,
  );
  check('certificate authority', root.certificateAuthorities, (i) => root.certificateAuthorities[i]?.uri || `#${i}`);
  check('timestamp authority', root.timestampAuthorities, (i) => root.timestampAuthorities[i]?.uri || `#${i}`);
  root.tlogs.forEach((t, i) => {
    if (!t.publicKey?.rawBytes || t.publicKey.rawBytes.length === 0) problems.push(`transparency log #${i} has no key`);
  });
  if (problems.length > 0) {
    throw new ConfigurationError(`Trusted root ${source} is malformed: ${problems.join('; ')}.`);
  }
}

/** Parses trusted-root JSON text into a checked TrustedRoot. */
export function parseTrustedRoot(text: string, source: string): TrustedRoot {
  let json: unknown;
  checkJsonNesting(text, `Trusted root ${source}`);
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`Trusted root ${source} is not valid JSON: ${errorMessage(error)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigurationError(`Trusted root ${source} is not a JSON object.`);
  }
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
    throw new ConfigurationError(
      `Trusted root ${source} has media type '${String(mediaType)}', not application/vnd.dev.sigstore.trustedroot+json.`,
    );
  }
  let root: TrustedRoot;
  try {
    root = TrustedRoot.fromJSON(json);
  } catch (error) {
    throw new ConfigurationError(`Trusted root ${source} cannot be read: ${errorMessage(error)}`);
  }
  checkTrustedRoot(root, source);
  return root;
}

export async function loadTrustedRootFile(path: string): Promise<TrustedRoot> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_ROOT_BYTES) throw new Error(`it is larger than ${MAX_ROOT_BYTES} bytes`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`Cannot read trusted root ${path}: ${errorMessage(error)}`);
  }
  return parseTrustedRoot(text, path);
}

interface SeedFile {
  readonly [mirror: string]: { readonly 'root.json': string; readonly targets: Readonly<Record<string, string>> };
}

/** The public-good trusted root shipped with @sigstore/tuf, and a sentence saying how old it is. */
export function shippedTrustedRoot(now: Date = new Date()): { root: TrustedRoot; age: string } {
  const seed = (seeds as SeedFile)[PUBLIC_GOOD_MIRROR];
  const target = seed?.targets['trusted_root.json'];
  if (!seed || !target) throw new Error('@sigstore/tuf ships no trusted root for the public-good instance');
  const root = parseTrustedRoot(Buffer.from(target, 'base64').toString('utf8'), 'shipped with @sigstore/tuf');
  const starts = [
    ...root.tlogs.map((t) => t.publicKey?.validFor?.start),
    ...root.ctlogs.map((t) => t.publicKey?.validFor?.start),
    ...root.certificateAuthorities.map((c) => c.validFor?.start),
    ...root.timestampAuthorities.map((c) => c.validFor?.start),
  ].filter((d): d is Date => d instanceof Date);
  const newest = new Date(Math.max(...starts.map((d) => d.getTime())));
  const days = Math.floor((now.getTime() - newest.getTime()) / 86_400_000);
  let expires = '';
  try {
    const tufRoot = JSON.parse(Buffer.from(seed['root.json'], 'base64').toString('utf8')) as {
      signed?: { version?: number; expires?: string };
    };
    expires = ` (TUF root version ${tufRoot.signed?.version ?? '?'}, expires ${tufRoot.signed?.expires ?? '?'})`;
  } catch {
    // the age below is still accurate
  }
  return {
    root,
    age: `its newest key dates from ${newest.toISOString().slice(0, 10)}, ${days} days ago${expires}`,
  };
}

export interface DefaultRootOptions {
  readonly offline: boolean;
  readonly timeoutMs?: number;
  /** Another TUF mirror and its initial root.json (tests); default: the public-good repository. */
  readonly mirror?: { readonly url: string; readonly rootPath: string; readonly cachePath: string };
  readonly warn: (message: string) => void;
}

/** The public-good root: a TUF refresh capped at 5 s, else the shipped copy with a warning saying how old it is. */
export async function publicGoodTrustedRoot(options: DefaultRootOptions): Promise<TrustedRoot> {
  if (!options.offline) {
    const timeoutMs = options.timeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const refreshed = await Promise.race([
        getTrustedRoot({
          cachePath: options.mirror?.cachePath ?? join(tmpdir(), 'secure-deploy-tuf'),
          ...(options.mirror ? { mirrorURL: options.mirror.url, rootPath: options.mirror.rootPath } : {}),
          timeout: timeoutMs,
          retry: false,
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
          timer.unref();
        }),
      ]);
      checkTrustedRoot(refreshed, 'from the Sigstore TUF repository');
      return refreshed;
    } catch (error) {
      const { root, age } = shippedTrustedRoot();
      options.warn(
        `Could not refresh the Sigstore trusted root through TUF (${errorMessage(error)}); using the copy shipped with this action: ${age}.`,
      );
      return root;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
  const { root, age } = shippedTrustedRoot();
  options.warn(`offline: using the Sigstore trusted root shipped with this action, not refreshed: ${age}.`);
  return root;
}

const ALLOWED_CURVES = new Set(['prime256v1', 'secp384r1']);

/** Reads a PEM public key: ECDSA P-256/P-384, Ed25519 or RSA (at least 2048 bits). */
export function parsePublicKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new ConfigurationError(`Key ${source} is not a PEM public key: ${errorMessage(error)}`);
  }
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec' && details.namedCurve && ALLOWED_CURVES.has(details.namedCurve)) return key;
  if (type === 'ed25519') return key;
  if (type === 'rsa' && (details.modulusLength ?? 0) >= 2048) return key;
  throw new ConfigurationError(
    `Key ${source} is ${type ?? 'unknown'}${details.namedCurve ? ` (${details.namedCurve})` : ''}${details.modulusLength ? ` (${details.modulusLength} bits)` : ''}: use ECDSA P-256/P-384, Ed25519 or RSA of at least 2048 bits.`,
  );
}

export async function loadPublicKey(path: string): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`Cannot read key ${path}: ${errorMessage(error)}`);
  }
  return parsePublicKey(pem, path);
}

/** Trust material for the verifier; key-signed bundles are checked against `key` whatever hint they carry. */
export function trustMaterial(root: TrustedRoot, key?: KeyObject): TrustMaterial {
  return toTrustMaterial(root, (hint: string) => {
    if (!key) {
      throw new KeyRequiredError(
        `the bundle is signed with a key${hint ? ` (hint ${hint})` : ''}, not a certificate: pass the public key with 'key'`,
      );
    }
    return { publicKey: key, validFor: () => true };
  });
}

/** How many independent proofs a Sigstore bundle must carry (sigstore-js `VerifierOptions`). */
export interface Thresholds {
  /** Transparency-log entries whose inclusion verifies. */
  readonly tlogThreshold: number;
  /** Signed certificate timestamps from trusted CT logs (certificate-signed bundles). */
  readonly ctlogThreshold: number;
  /** Trusted times (transparency-log integrated times and RFC 3161 timestamps). */
  readonly timestampThreshold: number;
}

/** One of each: what `cosign verify-blob` and `gh attestation verify` demand by default. */
export const DEFAULT_THRESHOLDS: Thresholds = { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 };

/**
 * Checks user-chosen thresholds: a timestamp is always required (without one the certificate's
 * validity would be checked at no time at all); dropping the transparency or CT log requirement is
 * allowed for private Sigstore deployments that run without them, with a warning.
 */
export function checkThresholds(t: Partial<Thresholds>, warn: (message: string) => void): Thresholds {
  const merged = { ...DEFAULT_THRESHOLDS, ...t };
  for (const [name, value] of Object.entries(merged)) {
    if (!Number.isInteger(value) || value < 0 || value > 16) {
      throw new ConfigurationError(
        `Threshold ${thresholdInput(name)} must be a whole number from 0 to 16, got ${value}.`,
      );
    }
  }
  if (merged.timestampThreshold < 1) {
    throw new ConfigurationError(
      "'timestamp-threshold' must be at least 1: without a trusted time a certificate's validity cannot be checked.",
    );
  }
  if (merged.tlogThreshold === 0) {
    warn(
      "'tlog-threshold' is 0: bundles are accepted without a transparency-log entry; signatures are not publicly auditable.",
    );
  }
  if (merged.ctlogThreshold === 0) {
    warn("'ctlog-threshold' is 0: signing certificates are accepted without a certificate-transparency proof.");
  }
  return merged;
}

function thresholdInput(name: string): string {
  return `'${name.replace('Threshold', '')}-threshold'`;
}

export class KeyRequiredError extends Error {
  override readonly name = 'KeyRequiredError';
}
