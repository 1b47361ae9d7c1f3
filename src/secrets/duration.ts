import { ConfigurationError } from '../core/errors.js';

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The documented upper bounds (action.yml): a longer `max-age` would mean "never rotate"; a longer
 * `grace` keeps a replaced credential valid for years and overflows the dates it is added to.
 */
export const MAX_AGE_LIMIT_MS = 3650 * 86_400_000;
export const GRACE_LIMIT_MS = 365 * 86_400_000;

/**
 * Parses `0`, `90s`, `15m`, `12h`, `30d`, `2w` (or a sum such as `1d12h`) into milliseconds, refusing
 * anything above `limitMs` (a ConfigurationError before anything changes: a huge value would
 * otherwise become an invalid date, or a schedule that never fires).
 */
export function parseDuration(input: string, text: string, limitMs: number): number {
  const v = text.trim();
  if (v === '0') return 0;
  if (!/^(\d+[smhdw])+$/.test(v)) {
    throw new ConfigurationError(
      `Input '${input}' must be a duration such as '0', '90s', '15m', '12h', '30d' or '1d12h', not '${v}'.`,
    );
  }
  let total = 0;
  for (const m of v.matchAll(/(\d+)([smhdw])/g)) total += Number(m[1]) * (UNITS[m[2] ?? ''] ?? 0);
  if (!Number.isSafeInteger(total) || total > limitMs) {
    throw new ConfigurationError(
      `Input '${input}' is '${v}', longer than its limit of ${formatDuration(limitMs)}. Use at most ${formatDuration(limitMs)}.`,
    );
  }
  return total;
}

/** `3600000` -> `1h`, for messages. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
