/**
 * Shared set-up for the rotate-secret end-to-end tests: the GitHub API emulator, a throwaway
 * PostgreSQL, the committed bundle run like the runner runs it, and the checks every test makes:
 * no generated value anywhere in what a run printed, and every value masked before anything else.
 */
import { createServer, type Server } from 'node:http';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  existsSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startEmulator, type Emulator, type EmulatorSecrets } from '../support/github-emulator/index.ts';
import type { PostgresServer } from '../support/postgres.ts';
import { startRsyslog, type Rsyslog } from '../support/rsyslog.ts';
import { runBundle, type RunOptions, type RunResult } from '../support/runner.ts';

export const FINGERPRINT_KEY = 'test-fingerprint-key-0123456789';
export const TOKEN = 'ghs_rotation_test_token';
/** Secrets of the audit sinks (harness option `sinks`): the http sink's HMAC key, the ledger's token. */
export const AUDIT_HMAC_KEY = 'audit-hmac-key-rotation-0123456789';
export const LEDGER_TOKEN = 'ghs_rotation_ledger_token_0123456789';

/** An http audit collector on loopback: every request body it received. */
export interface HttpCollector {
  readonly url: string;
  bodies(): string[];
  close(): Promise<void>;
}

export async function startHttpCollector(): Promise<HttpCollector> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/audit`,
    bodies: () => [...bodies],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Audit sinks every run writes to, besides the audit file. */
export interface Sinks {
  readonly http: HttpCollector;
  readonly syslog: Rsyslog;
  /** The ledger repository of the `github` sink. */
  readonly ledgerRepo: string;
}

export interface Harness {
  readonly emulator: Emulator;
  readonly auditPath: string;
  /** Every run's RUNNER_TEMP, workspace and GITHUB_PATH file live under here, kept for the leak check. */
  readonly dir: string;
  readonly sinks?: Sinks;
  /** Every run's results, for the final leak check. */
  readonly runs: RunResult[];
  run(inputs: Record<string, string | number | boolean>, options?: Omit<RunOptions, 'inputs'>): Promise<RunResult>;
  secrets(): Promise<EmulatorSecrets>;
  /** The value GitHub holds in a repository environment secret. */
  envSecret(env: string, name: string, repo?: string): Promise<string | undefined>;
  repoSecret(name: string, repo?: string): Promise<string | undefined>;
  variable(name: string, repo?: string): Promise<string | undefined>;
  auditText(): string;
  /** Closes the emulator and the sinks, removes the runs' directories. */
  close(): Promise<void>;
}

/**
 * The emulator and the bundle runner. With `sinks`, every run also audits to an http collector, a
 * real rsyslog and a `github` ledger (acme/audit-log in the emulator), for the leak check.
 */
export async function startHarness(options: { sinks?: boolean } = {}): Promise<Harness> {
  const emulator = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'sd-rotate-'));
  const auditPath = join(dir, 'audit.jsonl');
  const runs: RunResult[] = [];
  const secrets = (): Promise<EmulatorSecrets> => emulator.secrets();
  let sinks: Sinks | undefined;
  if (options.sinks) {
    const [http, syslog] = await Promise.all([startHttpCollector(), startRsyslog()]);
    sinks = { http, syslog, ledgerRepo: 'acme/audit-log' };
    await emulator.seed({
      repos: ['acme/audit-log'],
      tokens: [{ token: LEDGER_TOKEN, login: 'ledger-writer', permissions: { contents: 'write' } }],
    });
  }
  const auditLines = (): string =>
    [
      `file ${auditPath}`,
      ...(sinks
        ? [
            `http ${sinks.http.url} key-env=AUDIT_HMAC_KEY`,
            `syslog 127.0.0.1:${sinks.syslog.tcpPort}`,
            `github ${sinks.ledgerRepo} token-env=AUDIT_LEDGER_TOKEN`,
          ]
        : []),
    ].join('\n');
  return {
    emulator,
    auditPath,
    dir,
    ...(sinks ? { sinks } : {}),
    runs,
    async run(inputs, runOptions = {}) {
      // What the runner leaves for a step, kept after the run for the leak check.
      const own = join(dir, `run-${runs.length + 1}-${Math.random().toString(36).slice(2, 8)}`);
      const workspace = join(own, 'workspace');
      mkdirSync(join(own, 'temp'), { recursive: true });
      mkdirSync(workspace, { recursive: true });
      writeFileSync(join(own, 'path'), '');
      const result = await runBundle('rotate-secret', {
        token: TOKEN,
        timeoutMs: 240_000,
        cwd: workspace,
        ...runOptions,
        env: {
          GITHUB_API_URL: emulator.url,
          RUNNER_TEMP: join(own, 'temp'),
          GITHUB_PATH: join(own, 'path'),
          ...(sinks ? { AUDIT_HMAC_KEY, AUDIT_LEDGER_TOKEN: LEDGER_TOKEN } : {}),
          ...runOptions.env,
        },
        inputs: { 'fingerprint-key': FINGERPRINT_KEY, 'audit-log': auditLines(), ...inputs },
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
    async close() {
      await emulator.close();
      await sinks?.http.close();
      await sinks?.syslog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every file under `root` (name and content), recursively. */
export function filesUnder(root: string): [string, string][] {
  const out: [string, string][] = [];
  if (!existsSync(root)) return out;
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push([path, readFileSync(path, 'utf8')]);
  }
  return out;
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

/** Base64 `content` of ledger commits (and any other body field) decoded, so a leak there is found too. */
async function decodedContents(emulator: Emulator): Promise<string> {
  const log = await emulator.requests();
  return log
    .map((r) => {
      const body = r.body as Record<string, unknown> | undefined;
      return body && typeof body.content === 'string' ? Buffer.from(body.content, 'base64').toString('utf8') : '';
    })
    .join('\n');
}

/**
 * Asserts that no value appears in anything the runs printed or left behind: stdout, stderr,
 * outputs, summary, state and env files (the runner's `everything`), the files each run left in
 * its RUNNER_TEMP, workspace and GITHUB_PATH (and the audit file), the emulator's request log
 * outside the sealed fields (ledger commits decoded), every audit sink (http collector, rsyslog),
 * and the PostgreSQL server log. Besides `values` (what the runs generated), the secrets every run
 * handles are searched too: the token, the fingerprint key, the sinks' secrets and, with `pg`, the
 * PostgreSQL admin password.
 */
export async function expectNoLeaks(
  h: Harness,
  values: readonly string[],
  extra: { pg?: PostgresServer } = {},
): Promise<void> {
  const requestLog = await requestLogOutsideSealed(h.emulator);
  const haystacks: [string, string][] = [
    ['emulator request log', requestLog],
    ['ledger commits', await decodedContents(h.emulator)],
    ...filesUnder(h.dir).map(([path, text]): [string, string] => [`file ${path}`, text]),
    ...h.runs.map((r, i): [string, string] => [`run ${i + 1}`, withoutMasks(r.everything)]),
  ];
  if (h.sinks) {
    haystacks.push(['http audit sink', h.sinks.http.bodies().join('\n')]);
    haystacks.push(['syslog audit sink', h.sinks.syslog.raw().join('\n')]);
  }
  if (extra.pg) haystacks.push(['PostgreSQL server log', extra.pg.log()]);
  const handled = [
    TOKEN,
    FINGERPRINT_KEY,
    ...(h.sinks ? [AUDIT_HMAC_KEY, LEDGER_TOKEN] : []),
    ...(extra.pg ? [extra.pg.adminPassword] : []),
  ];
  // The leak check must have looked at something: the runs, and the sinks' events.
  expect(h.runs.length).toBeGreaterThan(0);
  expect(h.auditText().length).toBeGreaterThan(0);
  if (h.sinks) expect(h.sinks.http.bodies().length).toBeGreaterThan(0);
  for (const value of [...values, ...handled]) {
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
