/**
 * Streamed hashing. Files are read in 1 MiB chunks (a 1 GiB artifact never sits in memory), and
 * several files hash at once in a pool of worker threads, so both cores of a runner are used.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from './types.js';

export type DigestMap = Partial<Record<HashAlgorithm, string>>;

const CHUNK = 1024 * 1024;

/**
 * Hashes a file on the current thread, streaming through two reused 1 MiB buffers: the next read
 * is in flight while the current chunk is hashed, so reading costs no time of its own, and memory
 * stays flat however large the file.
 */
export async function hashFileHere(path: string, algorithms: readonly HashAlgorithm[]): Promise<DigestMap> {
  const hashes = algorithms.map((a) => [a, createHash(a)] as const);
  // Two buffers: the next read fills one while the other is hashed.
  let current = Buffer.allocUnsafe(CHUNK);
  let next = Buffer.allocUnsafe(CHUNK);
  const handle = await open(path, 'r');
  try {
    let pending = handle.read(current, 0, CHUNK, null);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      pending = handle.read(next, 0, CHUNK, null);
      const chunk = current.subarray(0, bytesRead);
      for (const [, h] of hashes) h.update(chunk);
      [current, next] = [next, current];
    }
  } finally {
    await handle.close();
  }
  const out: DigestMap = {};
  for (const [a, h] of hashes) out[a] = h.digest('hex');
  return out;
}

// The worker's code is inline (eval) so that the single-file action bundle needs no extra file.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { open } = require('node:fs/promises');
const buffers = [Buffer.allocUnsafe(${CHUNK}), Buffer.allocUnsafe(${CHUNK})];
parentPort.on('message', async ({ id, path, algorithms }) => {
  try {
    const hashes = algorithms.map((a) => [a, createHash(a)]);
    const handle = await open(path, 'r');
    try {
      let turn = 0;
      let pending = handle.read(buffers[0], 0, ${CHUNK}, null);
      for (;;) {
        const { bytesRead, buffer } = await pending;
        if (bytesRead === 0) break;
        turn ^= 1;
        pending = handle.read(buffers[turn], 0, ${CHUNK}, null);
        const chunk = buffer.subarray(0, bytesRead);
        for (const [, h] of hashes) h.update(chunk);
      }
    } finally {
      await handle.close();
    }
    parentPort.postMessage({ id, digests: Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])) });
  } catch (error) {
    parentPort.postMessage({ id, error: error && error.message ? error.message : String(error) });
  }
});
`;

interface Job {
  readonly id: number;
  readonly path: string;
  readonly algorithms: readonly HashAlgorithm[];
  resolve(d: DigestMap): void;
  reject(e: Error): void;
}

interface WorkerReply {
  readonly id: number;
  readonly digests?: DigestMap;
  readonly error?: string;
}

/** A small pool of hashing threads; `close()` ends them. */
export class HashPool {
  private readonly size: number;
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 0;

  constructor(size = Math.max(1, Math.min(availableParallelism(), 8))) {
    this.size = size;
  }

  hash(path: string, algorithms: readonly HashAlgorithm[] = ['sha256']): Promise<DigestMap> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, path, algorithms, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on('message', (reply: WorkerReply) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      if (job) {
        if (reply.error !== undefined || !reply.digests) job.reject(new Error(reply.error ?? 'no digest'));
        else job.resolve(reply.digests);
      }
      this.idle.push(worker);
      this.pump();
    });
    worker.on('error', (error: Error) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      job?.reject(error);
      const i = this.all.indexOf(worker);
      if (i >= 0) this.all.splice(i, 1);
      this.pump();
    });
    this.all.push(worker);
    return worker;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.all.length >= this.size) return;
        worker = this.spawn();
      }
      const job = this.queue.shift();
      if (!job) {
        this.idle.push(worker);
        return;
      }
      this.running.set(worker, job);
      worker.postMessage({ id: job.id, path: job.path, algorithms: job.algorithms });
    }
  }

  async close(): Promise<void> {
    const workers = this.all.splice(0);
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Hashes many files: one file hashes on this thread (no worker start-up cost), several go to the pool.
 * Returns one settled result per path, in order, so that one unreadable file does not hide the others.
 */
/** Below this size a file hashes faster here than the round trip to a worker thread costs. */
const SMALL_FILE = 4 * 1024 * 1024;

/**
 * Hashes many files: small ones on this thread (microseconds each), large ones on a pool of worker
 * threads so that several large artifacts hash on all cores at once.
 */
export async function hashFiles(
  paths: readonly string[],
  algorithms: readonly HashAlgorithm[] = ['sha256'],
): Promise<PromiseSettledResult<DigestMap>[]> {
  const sizes = await Promise.all(
    paths.map((p) =>
      stat(p).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const large = paths.filter((_, i) => (sizes[i] ?? 0) >= SMALL_FILE);
  const pool =
    large.length > 1
      ? new HashPool(Math.min(large.length, Math.max(1, Math.min(availableParallelism(), 8))))
      : undefined;
  try {
    return await Promise.allSettled(
      paths.map((p, i) =>
        pool && (sizes[i] ?? 0) >= SMALL_FILE ? pool.hash(p, algorithms) : hashFileHere(p, algorithms),
      ),
    );
  } finally {
    await pool?.close();
  }
}
