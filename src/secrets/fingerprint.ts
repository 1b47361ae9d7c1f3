import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 of a value under the `fingerprint-key`, as `hmac-sha256:<hex>`. Lets the audit see
 * that two instances share a value, or that a destination holds the expected one, without anyone
 * seeing values. Without the key a fingerprint cannot be used to guess a value.
 */
export function fingerprint(key: string, value: string): string {
  return `hmac-sha256:${createHmac('sha256', key).update(value, 'utf8').digest('hex')}`;
}

/** Constant-time comparison of two fingerprints. */
export function sameFingerprint(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The first 12 hex digits, for titles and tables. */
export function shortFingerprint(fp: string): string {
  return fp.replace(/^hmac-sha256:/, '').slice(0, 12);
}
