/**
 * `npm run emulator -- --port N [--latency MS] [--seed file.json]`: run the GitHub API emulator
 * until SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator, type SeedDocument } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    latency: { type: 'string' },
    seed: { type: 'string' },
  },
  allowPositionals: false,
});

const emulator = await startEmulator({
  port: values.port ? Number(values.port) : 0,
  latencyMs: values.latency ? Number(values.latency) : 0,
});
if (values.seed) await emulator.seed(JSON.parse(readFileSync(values.seed, 'utf8')) as SeedDocument);
console.log(`GitHub API emulator listening on ${emulator.url}`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
