#!/usr/bin/env node
// Dist freshness: delete dist/, build, and require `git status --porcelain dist` to be empty,
// so that the committed bundles are exactly what the source builds (new untracked chunks included).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
const status = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { cwd: root, encoding: 'utf8' });
if (status.trim() !== '') {
  console.error('dist/ differs from a fresh build of src/. Run `npm run build` and commit dist/:\n' + status);
  process.exit(1);
}
console.log('dist/ matches a fresh build.');
