/**
 * Hashing benchmarks for verify-signatures:
 * - one 1 GiB artifact through `secure-deploy verify` (pinned checksum, so hashing dominates)
 *   against `openssl dgst -sha256` on the same file: wall time within 1.15x, peak RSS < 150 MB;
 * - eight 128 MiB artifacts in one call: CPU time over wall time shows both cores at work.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CLI, check, measure, median, sideBySide } from './lib.ts';

function makeFile(path: string, mib: number, seed: number): string {
  const block = Buffer.alloc(1024 * 1024);
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  for (let i = 0; i < mib; i++) {
    block.writeUInt32LE(seed, 0);
    block.writeUInt32LE(i, 4);
    for (let j = 8; j < block.length; j += 4096) block[j] = (i * 31 + j + seed) & 0xff;
    writeSync(fd, block);
    hash.update(block);
  }
  closeSync(fd);
  return hash.digest('hex');
}

export function benchHash(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'sd-bench-hash-'));
  let ok = true;
  try {
    const big = join(dir, 'artifact-1g.bin');
    const digest = makeFile(big, 1024, 1);
    const sums = join(dir, 'SHA256SUMS');
    writeFileSync(sums, `${digest}  ${basename(big)}\n`);
    execFileSync('sync');
    const ours = () =>
      measure(
        process.execPath,
        [CLI, 'verify', '--offline', '--checksums', sums, '--reason', 'benchmark', basename(big)],
        dir,
      );
    const openssl = () => measure('openssl', ['dgst', '-sha256', big]);
    ours(); // warm the page cache for both
    const runs = sideBySide(3, ours, openssl);
    for (const r of runs.a)
      if (r.status !== 0) throw new Error(`secure-deploy verify failed:\n${r.stdout}\n${r.stderr}`);
    const oursWall = median(runs.a.map((r) => r.wallSeconds));
    const opensslWall = median(runs.b.map((r) => r.wallSeconds));
    const ratio = oursWall / opensslWall;
    const rss = Math.max(...runs.a.map((r) => r.peakRssMb));
    console.log(
      `hash 1 GiB: secure-deploy verify ${oursWall.toFixed(2)} s, openssl dgst -sha256 ${opensslWall.toFixed(2)} s`,
    );
    ok = check(ratio <= 1.15, `hash 1 GiB wall-time ratio ${ratio.toFixed(3)}x (target <= 1.15x)`) && ok;
    ok = check(rss < 150, `hash 1 GiB peak RSS ${rss.toFixed(0)} MB (target < 150 MB)`) && ok;
    rmSync(big);

    const files: string[] = [];
    const lines: string[] = [];
    for (let i = 0; i < 8; i++) {
      const f = join(dir, `part-${i}.bin`);
      lines.push(`${makeFile(f, 128, 100 + i)}  ${basename(f)}`);
      files.push(f);
    }
    writeFileSync(sums, lines.join('\n') + '\n');
    const many = measure(
      process.execPath,
      [CLI, 'verify', '--offline', '--checksums', sums, '--reason', 'benchmark', ...files.map((f) => basename(f))],
      dir,
    );
    if (many.status !== 0) throw new Error(`secure-deploy verify failed:\n${many.stdout}\n${many.stderr}`);
    const cores = many.cpuSeconds / many.wallSeconds;
    console.log(`hash 8 x 128 MiB: wall ${many.wallSeconds.toFixed(2)} s, CPU ${many.cpuSeconds.toFixed(2)} s`);
    ok = check(cores >= 1.5, `hash 8 artifacts uses ${cores.toFixed(2)} cores on average (target >= 1.5 of 2)`) && ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return ok;
}
