/**
 * Runs a committed action bundle the way the GitHub Actions runner does: `node <main>` from the
 * action.yml, inputs as `INPUT_<NAME>` variables with action.yml defaults filled in, and the
 * runner's command files. Returns what a test needs to assert on.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type ActionName = 'deploy-gate' | 'verify-signatures' | 'require-approval' | 'rotate-secret' | 'audit-secrets';

export interface ActionYml {
  name: string;
  description: string;
  inputs?: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description: string }>;
  runs: { using: string; main: string; post?: string };
  branding?: { icon: string; color: string };
}

/** The action.yml of an action: the root one for the deploy gate, `actions/<name>/` for the others. */
export function actionYmlPath(name: ActionName): string {
  return name === 'deploy-gate' ? join(REPO_ROOT, 'action.yml') : join(REPO_ROOT, 'actions', name, 'action.yml');
}

export function loadActionYml(name: ActionName): ActionYml {
  return parseYaml(readFileSync(actionYmlPath(name), 'utf8')) as ActionYml;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  annotations: Annotation[];
  errors: string[];
  warnings: string[];
  masks: string[];
  debug: string[];
  summary: string;
  state: Record<string, string>;
  env: Record<string, string>;
  /** The GITHUB_PATH file as the run left it. */
  pathFile: string;
  /**
   * Files the run created or changed under RUNNER_TEMP and the workspace (read before the harness
   * removes its directories), for leak checks.
   */
  leftovers: { path: string; text: string }[];
  /**
   * Everything the run printed or wrote (stdout, stderr, outputs, summary, state, env and path
   * files, files left under RUNNER_TEMP and the workspace), for grepping for values that must never
   * appear. `::add-mask::` lines are in it: use `assertNoLeaks`, which leaves them out.
   */
  everything: string;
}

export interface RunOptions {
  inputs?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  event?: Record<string, unknown>;
  eventName?: string;
  /** Value the runner substitutes for `${{ github.token }}` defaults. */
  token?: string;
  cwd?: string;
  timeoutMs?: number;
  /** Called with the child process once started (e.g. to kill it mid-run). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

/** The runner's input variable name: upper-cased, spaces to `_`, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

/** Parses `::command key=value,...::message` lines from stdout. */
export function parseWorkflowCommands(
  stdout: string,
): { command: string; properties: Record<string, string>; message: string }[] {
  const out: { command: string; properties: Record<string, string>; message: string }[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    out.push({ command: m[1] ?? '', properties, message: unescapeData(m[3] ?? '') });
  }
  return out;
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV file (`name<<delimiter` blocks or `name=value` lines). */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter = ''] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++] ?? '');
      if (i >= lines.length) throw new Error(`Unterminated value for '${name}' in command file`);
      out[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function defaultValue(value: string, token: string, env: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.token') return token;
    if (expr === 'github.workspace') return env.GITHUB_WORKSPACE ?? '';
    if (expr === 'github.repository') return env.GITHUB_REPOSITORY ?? '';
    if (expr === 'github.ref') return env.GITHUB_REF ?? '';
    if (expr === 'runner.temp') return env.RUNNER_TEMP ?? '';
    throw new Error(`The harness cannot evaluate the default expression '${expr}'`);
  });
}

/** Runs `node <main>` of an action's committed bundle as the runner would. */
export async function runBundle(name: ActionName, options: RunOptions = {}): Promise<RunResult> {
  const yml = loadActionYml(name);
  const main = resolve(dirname(actionYmlPath(name)), yml.runs.main);
  const work = mkdtempSync(join(tmpdir(), 'sd-run-'));
  const files = {
    output: join(work, 'output'),
    summary: join(work, 'summary'),
    state: join(work, 'state'),
    env: join(work, 'env'),
    path: join(work, 'path'),
    event: join(work, 'event.json'),
  };
  for (const f of [files.output, files.summary, files.state, files.env, files.path]) writeFileSync(f, '');
  writeFileSync(files.event, JSON.stringify(options.event ?? {}));
  const runnerTemp = join(work, 'runner-temp');
  // The runner creates RUNNER_TEMP before a job starts (and empties it after).
  mkdirSync(runnerTemp);
  const workspace = options.cwd ?? work;
  const before = snapshot([workspace, runnerTemp]);
  const token = options.token ?? 'ghs_harness_token';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? work,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_ACTOR: 'octo-releaser',
    GITHUB_TRIGGERING_ACTOR: 'octo-releaser',
    GITHUB_REF: 'refs/tags/v1.0.0',
    GITHUB_REF_NAME: 'v1.0.0',
    GITHUB_REF_TYPE: 'tag',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_WORKFLOW: 'release',
    GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/release.yml@refs/tags/v1.0.0',
    GITHUB_JOB: 'deploy',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: options.cwd ?? work,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ENVIRONMENT: 'github-hosted',
    // GitHub wants writes spaced a second apart; a loopback emulator does not.
    SECURE_DEPLOY_WRITE_INTERVAL_MS: '0',
    ...options.env,
  };
  for (const [input, decl] of Object.entries(yml.inputs ?? {})) {
    if (decl.default !== undefined) env[inputEnvName(input)] = defaultValue(decl.default, token, env);
  }
  for (const [input, value] of Object.entries(options.inputs ?? {})) {
    if (!(input in (yml.inputs ?? {}))) {
      // The runner warns about undeclared inputs and still passes them; tests should not rely on that.
      throw new Error(`Test passes input '${input}', which ${name}'s action.yml does not declare`);
    }
    env[inputEnvName(input)] = String(value);
  }

  const child = spawn(process.execPath, [main], {
    cwd: options.cwd ?? work,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timeoutMs = options.timeoutMs ?? 120_000;
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolvePromise, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${name} did not finish within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      }, timeoutMs);
      child.on('error', reject);
      child.on('close', (c, s) => {
        clearTimeout(timer);
        resolvePromise({ code: c, signal: s });
      });
    },
  );
  const commands = parseWorkflowCommands(stdout);
  const annotations: Annotation[] = commands
    .filter((c) => c.command === 'error' || c.command === 'warning' || c.command === 'notice')
    .map((c) => ({ level: c.command as Annotation['level'], message: c.message, properties: c.properties }));
  const outputsText = readFileSync(files.output, 'utf8');
  const summary = readFileSync(files.summary, 'utf8');
  const stateText = readFileSync(files.state, 'utf8');
  const envText = readFileSync(files.env, 'utf8');
  const pathText = readFileSync(files.path, 'utf8');
  const commandFiles = new Set(Object.values(files));
  const after = snapshot([workspace, runnerTemp]);
  const leftovers: RunResult['leftovers'] = [];
  for (const [path, entry] of after) {
    if (commandFiles.has(path) || before.get(path)?.hash === entry.hash) continue;
    leftovers.push({ path, text: entry.text });
  }
  rmSync(work, { recursive: true, force: true });
  const result: RunResult = {
    exitCode: code,
    signal,
    stdout,
    stderr,
    outputs: parseCommandFile(outputsText),
    annotations,
    errors: annotations.filter((a) => a.level === 'error').map((a) => a.message),
    warnings: annotations.filter((a) => a.level === 'warning').map((a) => a.message),
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
    debug: commands.filter((c) => c.command === 'debug').map((c) => c.message),
    summary,
    state: parseCommandFile(stateText),
    env: parseCommandFile(envText),
    pathFile: pathText,
    leftovers,
    everything: '',
  };
  result.everything = [
    stdout,
    stderr,
    outputsText,
    summary,
    stateText,
    envText,
    pathText,
    ...leftovers.map((f) => f.text),
  ].join('\n');
  return result;
}

const SNAPSHOT_MAX_FILES = 5000;
const SNAPSHOT_MAX_BYTES = 64 * 1024 * 1024;

/** Every regular file under `roots` (not following links; skipping .git and node_modules): its hash and text. */
function snapshot(roots: readonly string[]): Map<string, { hash: string; text: string }> {
  const out = new Map<string, { hash: string; text: string }>();
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name === '.git' || name === 'node_modules') continue;
      const path = join(dir, name);
      const stat = lstatSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && !out.has(path)) {
        if (out.size >= SNAPSHOT_MAX_FILES || stat.size > SNAPSHOT_MAX_BYTES) {
          throw new Error(
            `Leak check: ${path} is past what the harness reads (${SNAPSHOT_MAX_FILES} files, ${SNAPSHOT_MAX_BYTES} bytes each)`,
          );
        }
        const bytes = readFileSync(path);
        out.set(path, { hash: createHash('sha256').update(bytes).digest('hex'), text: bytes.toString('latin1') });
      }
    }
  };
  for (const root of roots) walk(root);
  return out;
}

/** What a run printed, without its `::add-mask::` commands (the runner consumes them and never shows them). */
export function withoutMaskCommands(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

export interface LeakCheck {
  /**
   * The sensitive values the run handled — tokens, generated secrets, fingerprint keys, admin
   * passwords — named for the failure message (the message never repeats a value); a plain list
   * is named `value 1`, `value 2`, ...
   */
  values: Readonly<Record<string, string>> | readonly string[];
  /** The runs to check: stdout, stderr, annotations, outputs, state, env/path files, summary, leftovers. */
  runs?: readonly RunResult[];
  run?: RunResult;
  /** The emulator whose request log (request bodies, with base64 `content` decoded) must not hold a value. */
  emulator?: { requests(): Promise<readonly { body: unknown; path: string; query: unknown }[]> };
  /** Files the run wrote outside RUNNER_TEMP and the workspace: file and syslog sinks, a server log. */
  files?: readonly string[];
  /** Other captured text by name, e.g. the bodies an http sink received. */
  texts?: Readonly<Record<string, string>>;
}

/** Forms a value takes when written: as is, JSON-escaped, URL-encoded, base64 — and each long line of a multi-line value. */
function leakForms(value: string): string[] {
  const forms = new Set<string>([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
  forms.add(Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, ''));
  for (const line of value.split('\n')) if (line.trim().length >= 16) forms.add(line.trim());
  return [...forms];
}

function decodedContents(body: unknown, out: string[]): void {
  if (Array.isArray(body)) for (const item of body) decodedContents(item, out);
  else if (body && typeof body === 'object') {
    for (const [key, item] of Object.entries(body)) {
      if (key === 'content' && typeof item === 'string') out.push(Buffer.from(item, 'base64').toString('utf8'));
      else decodedContents(item, out);
    }
  }
}

/**
 * Throws when any sensitive value appears in anything the runs left behind: stdout and stderr
 * (apart from `::add-mask::` commands, which the runner consumes), annotations, outputs, state, the
 * env and path files, the summary, files created or changed under RUNNER_TEMP and the workspace,
 * the given sink and log files and texts, and the emulator's request log.
 */
export async function assertNoLeaks(check: LeakCheck): Promise<void> {
  const haystacks: [string, string][] = [];
  const runs = [...(check.runs ?? []), ...(check.run ? [check.run] : [])];
  runs.forEach((r, i) =>
    haystacks.push([`run ${i + 1} (stdout, stderr, command files, leftovers)`, withoutMaskCommands(r.everything)]),
  );
  for (const path of check.files ?? []) {
    let text = '';
    try {
      text = readFileSync(path, 'latin1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    haystacks.push([path, text]);
  }
  for (const [name, text] of Object.entries(check.texts ?? {})) haystacks.push([name, text]);
  if (check.emulator) {
    const log = await check.emulator.requests();
    const decoded: string[] = [];
    for (const entry of log) decodedContents(entry.body, decoded);
    haystacks.push(
      ['emulator request log', JSON.stringify(log)],
      ['emulator request log (decoded content)', decoded.join('\n')],
    );
  }
  if (haystacks.length === 0) throw new Error('assertNoLeaks: nothing to search');
  const found: string[] = [];
  const named = Array.isArray(check.values)
    ? (check.values as readonly string[]).map((v, i): [string, string] => [`value ${i + 1}`, v])
    : Object.entries(check.values);
  for (const [name, value] of named) {
    if (value.length < 8)
      throw new Error(`assertNoLeaks: value '${name}' is too short to search for (under 8 characters)`);
    const forms = leakForms(value);
    for (const [where, text] of haystacks) if (forms.some((f) => text.includes(f))) found.push(`${name} in ${where}`);
  }
  if (found.length > 0) throw new Error(`Sensitive values leaked: ${found.join('; ')}`);
}

/** A fresh random id, for unique names in tests. */
export function uniqueId(): string {
  return randomUUID().slice(0, 8);
}
