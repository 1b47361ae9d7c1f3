#!/usr/bin/env node
// Generates the inputs/outputs tables in README.md from the action.yml files, between
// `<!-- action-table:<name>:start -->` and `<!-- action-table:<name>:end -->` markers, and
// embeds the demo's workflow files between `<!-- workflow:<file>:start/end -->` markers.
// `node scripts/readme-tables.mjs` rewrites README.md; `--check` exits 1 when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const actions = {
  'deploy-gate': 'action.yml',
  'verify-signatures': 'actions/verify-signatures/action.yml',
  'require-approval': 'actions/require-approval/action.yml',
  'rotate-secret': 'actions/rotate-secret/action.yml',
  'audit-secrets': 'actions/audit-secrets/action.yml',
};

function cell(text) {
  return String(text ?? '')
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\r?\n+/g, ' ');
}

export function table(name) {
  const yml = parse(readFileSync(join(root, actions[name]), 'utf8'));
  const lines = ['| Input | Required | Default | Description |', '| --- | --- | --- | --- |'];
  for (const [input, decl] of Object.entries(yml.inputs ?? {})) {
    const def = decl.default === undefined ? '' : `\`${cell(decl.default)}\``;
    lines.push(`| \`${input}\` | ${decl.required ? 'yes' : 'no'} | ${def} | ${cell(decl.description)} |`);
  }
  lines.push('', '| Output | Description |', '| --- | --- |');
  for (const [output, decl] of Object.entries(yml.outputs ?? {})) {
    lines.push(`| \`${output}\` | ${cell(decl.description)} |`);
  }
  return lines.join('\n');
}

/** The demo's workflow files, shown verbatim in the README (the demo runs what the README shows). */
function workflowBlock(file) {
  const text = readFileSync(join(root, 'demo', 'workflows', file), 'utf8').trimEnd();
  return ['```yaml', `# .github/workflows/${file}`, text, '```'].join('\n');
}

export function render(readme) {
  let out = readme;
  for (const file of ['release.yml', 'rotate.yml', 'audit.yml']) {
    const start = `<!-- workflow:${file}:start -->`;
    const end = `<!-- workflow:${file}:end -->`;
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md lacks the markers for workflow ${file}`);
    out = `${out.slice(0, a + start.length)}\n${workflowBlock(file)}\n${out.slice(b)}`;
  }
  for (const name of Object.keys(actions)) {
    const start = `<!-- action-table:${name}:start -->`;
    const end = `<!-- action-table:${name}:end -->`;
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md lacks the markers for ${name}`);
    out = `${out.slice(0, a + start.length)}\n${table(name)}\n${out.slice(b)}`;
  }
  return out;
}

const readmePath = join(root, 'README.md');
const current = readFileSync(readmePath, 'utf8');
const next = render(current);
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('README.md inputs/outputs tables differ from the action.yml files. Run `npm run docs`.');
    process.exit(1);
  }
  console.log('README.md tables match the action.yml files.');
} else if (next !== current) {
  writeFileSync(readmePath, next);
  console.log('README.md tables updated.');
}
