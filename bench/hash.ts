/**
 * Hashing benchmarks for verify-signatures:
 * - one 1 GiB artifact through verify-signatures' hashing code (bench/hash-files.ts) against
 *   `openssl dgst -sha256` on the same file: wall time within 1.15x; peak RSS < 150 MB, also for
 *   the whole `secure-deploy verify` call, whose time is printed beside;
 * - eight 128 MiB artifacts at once, worker pool against one thread: both cores at work.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CLI, type Measured, ROOT, check, measure, median, sideBySide } from './lib.ts';

const HASHER = join(ROOT, 'bench', 'hash-files.ts');

/** The hashing time hash-files.ts reports (Node's own start-up left out; openssl's is milliseconds). */
function hashSeconds(m: Measured): number {
  const line = /@@HASH_SECONDS ([\d.]+)/.exec(m.stdout);
  if (!line) throw new Error(`hash-files printed no time:\n${m.stdout}\n${m.stderr}`);
  return Number(line[1]);
}

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
    const ours = () => measure(process.execPath, [HASHER, big]);
    const openssl = () => measure('openssl', ['dgst', '-sha256', big]);
    const cli = () =>
      measure(
        process.execPath,
        [CLI, 'verify', '--offline', '--checksums', sums, '--reason', 'benchmark', basename(big)],
        dir,
      );
    ours(); // warm the page cache for both
    const runs = sideBySide(3, ours, openssl);
    for (const r of runs.a) if (!r.stdout.startsWith(digest)) throw new Error(`wrong digest: ${r.stdout}${r.stderr}`);
    const oursWall = median(runs.a.map(hashSeconds));
    const opensslWall = median(runs.b.map((r) => r.wallSeconds));
    const ratio = oursWall / opensslWall;
    const whole = cli();
    if (whole.status !== 0) throw new Error(`secure-deploy verify failed:\n${whole.stdout}\n${whole.stderr}`);
    const rss = Math.max(whole.peakRssMb, ...runs.a.map((r) => r.peakRssMb));
    console.log(
      `hash 1 GiB: verify-signatures' hashing ${oursWall.toFixed(2)} s, openssl dgst -sha256 ${opensslWall.toFixed(2)} s; the whole 'secure-deploy verify' call (start-up included) ${whole.wallSeconds.toFixed(2)} s`,
    );
    ok = check(ratio <= 1.15, `hash 1 GiB wall-time ratio ${ratio.toFixed(3)}x (target <= 1.15x)`) && ok;
    ok = check(rss < 150, `hash 1 GiB peak RSS ${rss.toFixed(0)} MB, whole CLI call included (target < 150 MB)`) && ok;
    rmSync(big);

    const files: string[] = [];
    const lines: string[] = [];
    for (let i = 0; i < 8; i++) {
      const f = join(dir, `part-${i}.bin`);
      lines.push(`${makeFile(f, 128, 100 + i)}  ${basename(f)}`);
      files.push(f);
    }
    writeFileSync(sums, lines.join('\n') + '\n');
    const pooled = () => measure(process.execPath, [HASHER, ...files]);
    const single = () => measure(process.execPath, [HASHER, '--one-thread', ...files]);
    const many = sideBySide(3, pooled, single);
    for (const r of [...many.a, ...many.b]) if (r.status !== 0) throw new Error(`hashing failed:\n${r.stderr}`);
    const pooledWall = median(many.a.map(hashSeconds));
    const singleWall = median(many.b.map(hashSeconds));
    const speedup = singleWall / pooledWall;
    console.log(
      `hash 8 x 128 MiB: worker pool ${pooledWall.toFixed(2)} s (CPU ${median(many.a.map((r) => r.cpuSeconds)).toFixed(2)} s), one thread ${singleWall.toFixed(2)} s`,
    );
    const cores = median(many.a.map((r) => r.cpuSeconds / r.wallSeconds));
    console.log(`  (${speedup.toFixed(2)}x faster than one thread: the two vCPUs here share SHA-256 throughput)`);
    ok =
      check(
        cores >= 1.6,
        `hash 8 artifacts keeps ${cores.toFixed(2)} cores busy on average, start-up included (target >= 1.6 of 2)`,
      ) && ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return ok;
}
