/** The user's public key for key-signed bundles (`key` / `--key`). */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigurationError, errorMessage } from '../core/errors.js';

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
