// A service with its own credential store, as a `command` rotation target for the fault tests:
// `node command-target.mjs <dir>` keeps, per instance, `<dir>/<instance>.json` mapping each
// accepted value's fingerprint to the SHA-256 of the value (never the value). `set` adds the new
// value next to the current one, `test` checks that it is accepted, `finish` removes the retired
// fingerprints: like a second deploy key, every accepted value works until it is retired.
//
// Fault injection (tests only): with ROTATE_TEST_PAUSE=<instance>:<phase>:<before|after>, the
// script writes its pid to `$ROTATE_TEST_DIR/paused` at that point and waits until it is killed,
// so a test can kill the action while its target command runs, before or after it changed the store.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setInterval } from 'node:timers';

const [dir] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(0, 'utf8'));
const sha = (v) => createHash('sha256').update(v).digest('hex');

async function pause(when) {
  if (process.env.ROTATE_TEST_PAUSE !== `${doc.instance}:${doc.phase}:${when}`) return;
  writeFileSync(join(process.env.ROTATE_TEST_DIR, 'paused'), String(process.pid));
  await new Promise(() => setInterval(() => undefined, 60_000));
}

await pause('before');
const file = join(dir, `${doc.instance}.json`);
const store = JSON.parse(readFileSync(file, 'utf8'));
const save = () => {
  writeFileSync(`${file}.tmp`, JSON.stringify(store));
  renameSync(`${file}.tmp`, file);
};
if (doc.phase === 'set') {
  store[doc.fingerprint] = sha(doc.value);
  save();
} else if (doc.phase === 'test') {
  if (!Object.values(store).includes(sha(doc.value))) process.exit(3);
} else if (doc.phase === 'finish') {
  for (const r of doc.retire) delete store[r.fingerprint];
  save();
}
await pause('after');
