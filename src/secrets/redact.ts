/**
 * Redaction of structured data (outputs, audit details) string by string, before serialisation:
 * `redact(JSON.stringify(x))` misses a masked value holding a quote or a backslash, because
 * JSON.stringify escapes it and the escaped text no longer contains the value.
 */
import { redact } from '../core/mask.js';

export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [redact(k), redactDeep(v)]),
    ) as T;
  }
  return value;
}
