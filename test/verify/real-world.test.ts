/**
 * Real signed artifacts that other projects published (test/data/real-world, format in its
 * README.md): each case runs through the committed CLI bundle (`dist/cli/index.js`) the way a user
 * would, and must give its expected verdict — a refusal must name the real reason (`reason=`).
 *
 * Where our verdict differs from sigstore-js's (`ref=`), the case's `ref_note=` says why; the test
 * checks that every such difference is explained.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CASES = join(ROOT, 'test', 'data', 'real-world');
const CLI = join(ROOT, 'dist', 'cli', 'index.js');

type Case = Readonly<Record<string, string>> & { readonly name: string; readonly dir: string };

function readCase(name: string): Case {
  const dir = join(CASES, name);
  const fields: Record<string, string> = {};
  for (const line of readFileSync(join(dir, 'case.txt'), 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { ...fields, name, dir };
}

function argsFor(c: Case): string[] {
  const args: string[] = [];
  const cmd = c.cmd ?? '';
  if (cmd !== 'verify-bundle' && cmd !== 'verify') throw new Error(`case ${c.name}: unknown cmd '${cmd}'`);
  args.push(cmd);
  if (!c.bundle || !c.subject) throw new Error(`case ${c.name}: needs bundle= and subject=`);
  args.push('--bundle', c.bundle);
  if (c.identity) args.push('--certificate-identity', c.identity);
  if (c.issuer) args.push('--certificate-oidc-issuer', c.issuer);
  if (c.key) args.push('--key', c.key);
  if (c.trusted_root) args.push('--trusted-root', c.trusted_root);
  const flags = (c.flags ?? '').split(/\s+/).filter((f) => f !== '');
  args.push(...flags);
  // No network in tests: the trusted roots shipped with the CLI, as offline users get them.
  if (cmd === 'verify' && !flags.includes('--offline')) args.push('--offline');
  args.push(c.subject);
  return args;
}

function run(c: Case): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...argsFor(c)], {
      cwd: c.dir,
      env: { ...process.env, SECURE_DEPLOY_OFFLINE: 'true', GITHUB_TOKEN: '', GH_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const names = readdirSync(CASES)
  .filter((n) => statSync(join(CASES, n)).isDirectory() && existsSync(join(CASES, n, 'case.txt')))
  .sort();
const cases = names.map(readCase);

describe('real-world signed artifacts (test/data/real-world)', () => {
  it('has the cases, each with its source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
    for (const c of cases) expect(c.source, c.name).toMatch(/\S/);
  });

  it('explains every verdict that differs from sigstore-js', () => {
    const differing = cases.filter((c) => c.ref !== undefined && c.ref !== 'skip' && c.ref !== c.expect);
    for (const c of differing) expect(c.ref_note, `${c.name}: ref=${c.ref}, expect=${c.expect}`).toMatch(/\S/);
    for (const c of cases.filter((x) => x.ref === 'skip')) expect(c.note ?? c.ref_note, c.name).toMatch(/\S/);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(existsSync(CLI), `${CLI} (npm run build -- cli)`).toBe(true);
    const { code, stdout, stderr } = await run(c);
    const output = `${stdout}${stderr}`;
    // Never a JavaScript error text or a stack, whatever the verdict.
    expect(output).not.toMatch(/Cannot read properties|is not a function|unexpected error|\n\s+at |node:internal/);
    if (c.expect === 'pass') {
      expect({ code, output }).toEqual({ code: 0, output: expect.not.stringMatching(/^FAILED/m) as unknown });
    } else {
      expect(c.expect).toBe('fail');
      expect(code, output).toBe(1);
      const reason = new RegExp(c.reason ?? '(no reason= in case.txt)', 'i');
      // The reason must be in the refusal itself, not in a warning printed beside it.
      const refusal = output
        .split('\n')
        .filter((l) => l.startsWith('FAILED'))
        .join('\n');
      expect(refusal).toMatch(reason);
    }
  });
});
