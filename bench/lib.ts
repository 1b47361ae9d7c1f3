/** Small helpers shared by the benchmarks: timing a command, peak memory, medians. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const GNU_TIME = '/usr/bin/time';

export interface Measured {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command under GNU time and returns wall time, CPU time (user+sys) and peak RSS. */
export function measure(command: string, args: readonly string[], cwd?: string): Measured {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed to measure peak memory`);
  const result = spawnSync(GNU_TIME, ['-f', '@@TIME %e %U %S %M', command, ...args], {
    encoding: 'utf8',
    cwd,
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = result.stderr.split('\n').find((l) => l.startsWith('@@TIME ')) ?? '';
  const [, e = '0', u = '0', s = '0', m = '0'] = line.split(' ');
  return {
    wallSeconds: Number(e),
    cpuSeconds: Number(u) + Number(s),
    peakRssMb: Number(m) / 1024,
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr.replace(/^@@TIME .*$/m, ''),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs `a` and `b` alternately `rounds` times so that both see the same machine state. */
export function sideBySide(rounds: number, a: () => Measured, b: () => Measured): { a: Measured[]; b: Measured[] } {
  const out = { a: [] as Measured[], b: [] as Measured[] };
  for (let i = 0; i < rounds; i++) {
    out.a.push(a());
    out.b.push(b());
  }
  return out;
}

export function check(ok: boolean, line: string): boolean {
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${line}`);
  return ok;
}
