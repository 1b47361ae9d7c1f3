/**
 * `npm run bench`: every benchmark, each measured side by side with its baseline in this run,
 * printing ratios and PASS/FAIL against the targets. Exit status 1 if any target is missed.
 * Run on an otherwise idle machine; `npm run build` first if src/ changed.
 *   npm run bench [-- hash|verify|audit ...]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchHash } from './hash.ts';
import { ROOT } from './lib.ts';
import { benchVerify } from './verify.ts';

const only = new Set(process.argv.slice(2));
const want = (name: string) => only.size === 0 || only.has(name);
let ok = true;
if (want('hash')) ok = benchHash() && ok;
if (want('verify')) ok = (await benchVerify()) && ok;
if (want('audit')) {
  // The organization-scale audit prints its own table (requests, wall time, one-at-a-time baseline).
  const audit = spawnSync(process.execPath, [join(ROOT, 'bench', 'audit.ts')], { stdio: 'inherit' });
  ok = audit.status === 0 && ok;
}
process.exitCode = ok ? 0 : 1;
