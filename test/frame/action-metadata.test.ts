/**
 * Every action.yml declares exactly the inputs and outputs its code reads and sets (with the same
 * defaults), documents each of them, runs on the same runtime, and points at a committed bundle.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputSpec, InputSpecs } from '../../src/core/inputs.ts';
import { type ActionName, REPO_ROOT, actionYmlPath, loadActionYml } from '../support/runner.ts';

const ACTIONS: readonly ActionName[] = [
  'deploy-gate',
  'verify-signatures',
  'require-approval',
  'rotate-secret',
  'audit-secrets',
];

interface SpecModule {
  inputs: InputSpecs;
  outputs: readonly string[];
}

async function loadSpec(name: ActionName): Promise<SpecModule> {
  return (await import(`../../src/actions/${name}.inputs.ts`)) as SpecModule;
}

/** The default the action.yml must show for a spec, as the runner would pass it. */
function ymlDefault(spec: InputSpec): string | undefined {
  switch (spec.type) {
    case 'boolean':
      return String(spec.default);
    case 'integer':
      return spec.default === undefined ? undefined : String(spec.default);
    case 'choice':
      return spec.default;
    case 'string':
      return spec.default;
    case 'list':
      return undefined;
  }
}

function committedFiles(): Set<string> {
  const out = execFileSync('git', ['ls-files'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return new Set(out.split('\n').filter(Boolean));
}

describe.each(ACTIONS)('%s action.yml', (name) => {
  const yml = loadActionYml(name);

  it('declares exactly the inputs the code reads, with the same defaults', async () => {
    const spec = await loadSpec(name);
    expect(Object.keys(yml.inputs ?? {}).sort()).toEqual(Object.keys(spec.inputs).sort());
    for (const [input, decl] of Object.entries(spec.inputs)) {
      const declared = yml.inputs?.[input];
      expect(declared, input).toBeDefined();
      expect(declared?.default, `default of '${input}'`).toBe(ymlDefault(decl));
      const required = (decl.type === 'string' || decl.type === 'integer') && decl.required === true;
      expect(declared?.required ?? false, `required of '${input}'`).toBe(required);
    }
  });

  it('declares exactly the outputs the code sets', async () => {
    const spec = await loadSpec(name);
    expect(Object.keys(yml.outputs ?? {}).sort()).toEqual([...spec.outputs].sort());
  });

  it('documents itself, every input and every output', () => {
    expect(yml.name).toMatch(/\S/);
    expect(yml.description.length).toBeGreaterThan(40);
    expect(yml.branding?.icon).toMatch(/\S/);
    expect(yml.branding?.color).toMatch(/\S/);
    for (const [input, decl] of Object.entries(yml.inputs ?? {})) {
      expect(decl.description.length, `description of input '${input}'`).toBeGreaterThan(10);
    }
    for (const [output, decl] of Object.entries(yml.outputs ?? {})) {
      expect(decl.description.length, `description of output '${output}'`).toBeGreaterThan(10);
    }
  });

  it('runs on node24 from its committed bundle', () => {
    expect(yml.runs.using).toBe('node24');
    const main = resolve(dirname(actionYmlPath(name)), yml.runs.main);
    expect(relative(REPO_ROOT, main)).toBe(join('dist', name, 'index.js'));
    expect(committedFiles().has(relative(REPO_ROOT, main)), `${relative(REPO_ROOT, main)} is committed`).toBe(true);
  });
});

describe('source', () => {
  function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
    });
  }

  it('reads inputs and sets outputs only through the declared specs', () => {
    const offenders = sourceFiles(join(REPO_ROOT, 'src'))
      .filter((f) => !f.includes(`${join('src', 'core')}`))
      .filter((f) => /\b(getInput|getBooleanInput|getMultilineInput|setOutput)\s*\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(REPO_ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('has one entry and one spec per action, and every action uses the same runtime', () => {
    const entries = readdirSync(join(REPO_ROOT, 'src', 'actions')).sort();
    for (const name of ACTIONS) {
      expect(entries).toContain(`${name}.ts`);
      expect(entries).toContain(`${name}.inputs.ts`);
    }
    expect(new Set(ACTIONS.map((n) => loadActionYml(n).runs.using))).toEqual(new Set(['node24']));
  });
});
