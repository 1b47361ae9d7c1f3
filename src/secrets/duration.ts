import { ConfigurationError } from '../core/errors.js';

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `0`, `90s`, `15m`, `12h`, `30d`, `2w` (or a sum such as `1d12h`) into milliseconds. */
export function parseDuration(input: string, text: string): number {
  const v = text.trim();
  if (v === '0') return 0;
  if (!/^(\d+[smhdw])+$/.test(v)) {
    throw new ConfigurationError(
      `Input '${input}' must be a duration such as '0', '90s', '15m', '12h', '30d' or '1d12h', not '${v}'.`,
    );
  }
  let total = 0;
  for (const m of v.matchAll(/(\d+)([smhdw])/g)) total += Number(m[1]) * (UNITS[m[2] ?? ''] ?? 0);
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
