/**
 * Shared set-up for the rotate-secret end-to-end tests: the GitHub API emulator, a throwaway
 * PostgreSQL, the committed bundle run like the runner runs it, and the checks every test makes:
 * no generated value anywhere in what a run printed, and every value masked before anything else.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startEmulator, type Emulator, type EmulatorSecrets } from '../support/github-emulator/index.ts';
import { runBundle, type RunOptions, type RunResult } from '../support/runner.ts';

export const FINGERPRINT_KEY = 'test-fingerprint-key-0123456789';
export const TOKEN = 'ghs_rotation_test_token';

export interface Harness {
  readonly emulator: Emulator;
  readonly auditPath: string;
  /** Every run's results, for the final leak check. */
  readonly runs: RunResult[];
  run(inputs: Record<string, string | number | boolean>, options?: Omit<RunOptions, 'inputs'>): Promise<RunResult>;
  secrets(): Promise<EmulatorSecrets>;
  /** The value GitHub holds in a repository environment secret. */
  envSecret(env: string, name: string, repo?: string): Promise<string | undefined>;
  repoSecret(name: string, repo?: string): Promise<string | undefined>;
  variable(name: string, repo?: string): Promise<string | undefined>;
  auditText(): string;
}

export async function startHarness(): Promise<Harness> {
  const emulator = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'sd-rotate-'));
  const auditPath = join(dir, 'audit.jsonl');
  const runs: RunResult[] = [];
  const secrets = (): Promise<EmulatorSecrets> => emulator.secrets();
  return {
    emulator,
    auditPath,
    runs,
    async run(inputs, options = {}) {
      const result = await runBundle('rotate-secret', {
        token: TOKEN,
        timeoutMs: 240_000,
        ...options,
        env: { GITHUB_API_URL: emulator.url, ...options.env },
        inputs: { 'fingerprint-key': FINGERPRINT_KEY, 'audit-log': `file ${auditPath}`, ...inputs },
      });
      runs.push(result);
      return result;
    },
    secrets,
    async envSecret(env, name, repo = 'acme/app') {
      return (await secrets()).repos[repo]?.environments[env]?.[name]?.value;
    },
    async repoSecret(name, repo = 'acme/app') {
      return (await secrets()).repos[repo]?.actions[name]?.value;
    },
    async variable(name, repo = 'acme/app') {
      const all = (await emulator.state()) as {
        repos?: Record<string, { variables?: Record<string, { value?: string }> | { name: string; value: string }[] }>;
      };
      const vars = all.repos?.[repo]?.variables;
      if (Array.isArray(vars)) return vars.find((v) => v.name === name)?.value;
      return vars?.[name]?.value;
    },
    auditText: () => (existsSync(auditPath) ? readFileSync(auditPath, 'utf8') : ''),
  };
}

/** The emulator's request log with the sealed values removed: what an observer of the traffic could read. */
export async function requestLogOutsideSealed(emulator: Emulator): Promise<string> {
  const log = await emulator.requests();
  return JSON.stringify(
    log.map((r) => {
      const body = r.body as Record<string, unknown> | undefined;
      if (body && typeof body === 'object' && 'encrypted_value' in body)
        return { ...r, body: { ...body, encrypted_value: '<sealed>' } };
      return r;
    }),
  );
}

/** What a run printed, without its `::add-mask::` commands (which the runner consumes and never shows). */
export function withoutMasks(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

/**
 * Asserts that no value appears in anything the runs printed (stdout, stderr, outputs, summary,
 * state, annotations), the audit log or the emulator's request log outside the sealed fields,
 * and that each run masked every value it handled before printing anything else about it.
 */
export async function expectNoLeaks(h: Harness, values: readonly string[]): Promise<void> {
  const requestLog = await requestLogOutsideSealed(h.emulator);
  const audit = h.auditText();
  const haystacks: [string, string][] = [
    ['audit log', audit],
    ['emulator request log', requestLog],
    ...h.runs.map((r, i): [string, string] => [`run ${i + 1}`, withoutMasks(r.everything)]),
  ];
  for (const value of values) {
    expect(value.length).toBeGreaterThan(8);
    for (const [where, text] of haystacks) {
      // Multi-line values (private keys) also must not appear line by line.
      const pieces = [value, ...value.split('\n').filter((l) => l.trim().length >= 16)];
      for (const piece of pieces) expect(text.includes(piece), `a value leaked into the ${where}`).toBe(false);
    }
  }
}

/**
 * The run masked `value` before it printed anything about the rotation that made it: the
 * `::add-mask::` line comes before the instance's first line after "rotating".
 */
export function expectMaskedFirst(run: RunResult, value: string, instance: string): void {
  const lines = run.stdout.split('\n');
  const mask = lines.indexOf(`::add-mask::${value}`);
  const rotating = lines.findIndex((l) => l.startsWith(`${instance}: rotating`));
  const rotated = lines.findIndex((l) => l.startsWith(`${instance}: rotated`));
  expect(mask, 'the value was masked').toBeGreaterThan(rotating);
  expect(rotating).toBeGreaterThanOrEqual(0);
  expect(mask, 'masked before the instance printed anything else').toBeLessThan(rotated);
  const between = lines.slice(rotating + 1, mask).filter((l) => l.startsWith(`${instance}:`));
  expect(between).toEqual([]);
}

export function parseJson<T>(text: string | undefined): T {
  return JSON.parse(text ?? 'null') as T;
}
