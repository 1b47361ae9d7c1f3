#!/usr/bin/env node
// Bundles every action entry (src/actions/<name>.ts, not *.inputs.ts: the input declarations) and the CLI (src/cli/index.ts)
// with @vercel/ncc into dist/<name>/index.js, each with its licenses.txt.
// `npm run build` builds all; `npm run build -- verify-signatures cli` builds only those.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

const entries = Object.fromEntries(
  readdirSync(join(root, 'src', 'actions'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.inputs.ts'))
    .map((f) => [f.replace(/\.ts$/, ''), join('src', 'actions', f)]),
);
entries.cli = join('src', 'cli', 'index.ts');

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in entries)) {
    console.error(`Unknown entry '${name}'. Known: ${Object.keys(entries).join(', ')}`);
    process.exit(1);
  }
}
const names = wanted.length > 0 ? wanted : Object.keys(entries);

function build(name) {
  const out = join('dist', name);
  rmSync(join(root, out), { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [ncc, 'build', entries[name], '-o', out, '--license', 'licenses.txt', '--transpile-only', '--quiet'],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ncc failed for ${name} (exit ${code})`));
      const index = join(root, out, 'index.js');
      if (name === 'cli') {
        const code = readFileSync(index, 'utf8');
        if (!code.startsWith('#!')) writeFileSync(index, `#!/usr/bin/env node\n${code}`, { mode: 0o755 });
      }
      if (!existsSync(index)) return reject(new Error(`ncc wrote no ${index}`));
      console.log(`built ${out}/index.js`);
      resolve();
    });
  });
}

// Two at a time: the machines this runs on have two cores.
const queue = [...names];
async function worker() {
  while (queue.length > 0) await build(queue.shift());
}
try {
  await Promise.all([worker(), worker()]);
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
