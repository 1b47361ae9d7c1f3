/**
 * Hashes files with verify-signatures' own hashing code (src/verify/hash.ts: streamed, small files
 * here, large ones on a worker pool), printing `<sha256>  <path>` like sha256sum, then the time
 * the hashing took. The hashing benchmark compares it with `openssl dgst -sha256`.
 */
import { hashFileHere, hashFiles } from '../src/verify/hash.ts';

// --one-thread: the baseline, every file in turn on the main thread.
const oneThread = process.argv[2] === '--one-thread';
const paths = process.argv.slice(oneThread ? 3 : 2);
const started = performance.now();
const results = oneThread
  ? await (async () => {
      const out: PromiseSettledResult<Awaited<ReturnType<typeof hashFileHere>>>[] = [];
      for (const p of paths) out.push({ status: 'fulfilled', value: await hashFileHere(p, ['sha256']) });
      return out;
    })()
  : await hashFiles(paths, ['sha256']);
const elapsed = performance.now() - started;
results.forEach((r, i) => {
  if (r.status === 'rejected') throw r.reason;
  console.log(`${r.value.sha256 ?? ''}  ${paths[i] ?? ''}`);
});
// Hashing time alone, without Node's start-up (openssl's start-up is a few milliseconds).
console.log(`@@HASH_SECONDS ${(elapsed / 1000).toFixed(4)}`);
