import { createHash, createHmac, randomInt } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { AuditEvent, AuditSink } from './audit.js';
import { canonicalJson } from './audit.js';
import { ConfigurationError, errorMessage } from './errors.js';
import { createGitHubClient, errorStatus, isRequestError, type GitHubClient } from './github.js';
import { maskSecret, redact } from './mask.js';

/**
 * Audit sinks from the `audit-log` input, one per line: `<kind> <target> [key=value ...]`.
 * Every sink is required unless it says `required=false`: an unrecorded secret access must not pass.
 *
 *   file   audit/events.jsonl                          JSON lines appended to a file (upload it as an artifact)
 *   http   https://collector.example/audit key-env=AUDIT_HMAC_KEY [format=splunk token-env=HEC_TOKEN]
 *   syslog logs.example:6514 tls=true ca=/etc/ssl/ca.pem [facility=authpriv app=secure-deploy]
 *   github acme/audit-ledger [branch=audit-log path=ledger.jsonl token-env=AUDIT_TOKEN]
 *
 * Secrets (HMAC key, HEC token, GitHub token) are never written in the line itself: options ending
 * in `-env` name an environment variable that holds them, and the value is masked when read.
 */
export interface SinkSpec {
  readonly kind: string;
  readonly target: string;
  readonly options: Readonly<Record<string, string>>;
  readonly required: boolean;
}

export function parseSinkSpec(line: string): SinkSpec {
  const [kind = '', target = '', ...rest] = line.trim().split(/\s+/);
  if (!kind || !target) {
    throw new ConfigurationError(
      `Input 'audit-log': '${line}' is not a sink. Write one per line as '<kind> <target> [key=value ...]', e.g. 'file audit.jsonl'.`,
    );
  }
  const options: Record<string, string> = {};
  for (const pair of rest) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConfigurationError(`Input 'audit-log': option '${pair}' in '${line}' must be key=value.`);
    options[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const required = options.required === undefined ? true : options.required !== 'false';
  return { kind, target, options, required };
}

/** Things a sink needs from its surroundings; tests pass their own. */
export interface SinkEnvironment {
  /** Environment to read `*-env` options from. */
  readonly env?: NodeJS.ProcessEnv;
  /** Token for the `github` sink when the line names no `token-env`; defaults to the action's `token` input. */
  readonly token?: string;
  /** A GitHub client factory (tests); defaults to `createGitHubClient`. */
  readonly github?: (token: string, baseUrl?: string) => GitHubClient;
  /** Waits between retries; tests shorten it. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function allowOptions(spec: SinkSpec, line: string, allowed: readonly string[]): void {
  for (const key of Object.keys(spec.options)) {
    if (key !== 'required' && !allowed.includes(key)) {
      throw new ConfigurationError(
        `Input 'audit-log': '${spec.kind}' sinks take no option '${key}' (in '${line}'). Known: required, ${allowed.join(', ')}.`,
      );
    }
  }
}

function intOption(spec: SinkSpec, key: string, fallback: number, min: number, max: number): number {
  const raw = spec.options[key];
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigurationError(
      `Input 'audit-log': option '${key}=${raw}' of the ${spec.kind} sink must be a whole number from ${min} to ${max}.`,
    );
  }
  return Number(raw);
}

/** Reads a secret named by a `*-env` option, masks it, and fails with a clear message when it is empty. */
function secretFromEnv(spec: SinkSpec, key: string, env: NodeJS.ProcessEnv): string | undefined {
  const variable = spec.options[key];
  if (variable === undefined) return undefined;
  const value = env[variable];
  if (value === undefined || value === '') {
    throw new ConfigurationError(
      `Input 'audit-log': the ${spec.kind} sink reads '${key}=${variable}', but the environment variable ${variable} is empty. Set it from a secret in the step's 'env:' block.`,
    );
  }
  maskSecret(value);
  return value;
}

/** Exponential backoff with full jitter: attempt 0 waits up to `base`, then 2x, 4x, ... capped at 30 s. */
export function backoffMs(attempt: number, base: number): number {
  const cap = Math.min(30_000, base * 2 ** attempt);
  return cap <= 1 ? cap : randomInt(Math.max(1, Math.floor(cap / 2)), cap + 1);
}

/** How long one sink write may take by default (each attempt, for sinks that retry). */
export const SINK_TIMEOUT_MS = 10_000;

/**
 * Rejects with `${what} did not finish within N ms` when `work` takes longer. The work itself is
 * not cancelled (callers pass an abort signal or a non-blocking handle where they can); the step
 * stops waiting, so a sink that never answers cannot hang a deploy.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} did not finish within ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kernel interfaces, not files: writing there can block forever or do something else entirely. */
const NOT_FILES = ['/proc', '/sys', '/dev'];

/**
 * A JSON-lines file; each event is one line, appended. Only a regular file: a FIFO with no reader,
 * a device or a /proc entry would block the step or swallow the events. The file is opened
 * non-blocking (a FIFO without a reader fails at once instead of waiting for one) and each write
 * has a timeout.
 */
export class FileSink implements AuditSink {
  readonly name: string;
  readonly required: boolean;
  private readonly path: string;
  private readonly timeoutMs: number;

  constructor(path: string, required: boolean, timeoutMs = SINK_TIMEOUT_MS) {
    this.path = resolve(path);
    this.name = `file ${path}`;
    this.required = required;
    this.timeoutMs = timeoutMs;
    const root = NOT_FILES.find((dir) => this.path === dir || this.path.startsWith(`${dir}/`));
    if (root !== undefined) {
      throw new ConfigurationError(
        `Input 'audit-log': the file sink '${path}' is under ${root}, which holds kernel interfaces, not files. Name a regular file, e.g. 'file audit/events.jsonl'.`,
      );
    }
  }

  async write(events: readonly AuditEvent[]): Promise<void> {
    await withTimeout(this.append(events), this.timeoutMs, `${this.name}: writing`);
  }

  private async append(events: readonly AuditEvent[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const { O_WRONLY, O_APPEND, O_CREAT, O_NONBLOCK } = fsConstants;
    let handle;
    try {
      handle = await open(this.path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENXIO') {
        throw new Error(`${this.name} is a FIFO with no reader; name a regular file.`);
      }
      throw error;
    }
    try {
      if (!(await handle.stat()).isFile()) {
        throw new Error(`${this.name} is not a regular file (a FIFO, socket or device); name a regular file.`);
      }
      await handle.appendFile(events.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
    } finally {
      await handle.close();
    }
  }
}

export const SIGNATURE_HEADER = 'x-secure-deploy-signature';

/** `sha256=<hex>` HMAC-SHA256 of the exact body bytes, as the `http` sink sends it. */
export function signBody(key: string, body: string): string {
  return `sha256=${createHmac('sha256', key).update(body, 'utf8').digest('hex')}`;
}

export interface HttpSinkOptions {
  readonly url: string;
  readonly required: boolean;
  readonly hmacKey?: string;
  readonly format: 'json' | 'splunk';
  readonly splunkToken?: string;
  readonly retries: number;
  readonly backoffMs: number;
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * POSTs events to a collector: a JSON array (`format=json`) or Splunk HEC events, one JSON object
 * per event concatenated (`format=splunk`). With a key, the body is signed with HMAC-SHA256 in
 * `X-Secure-Deploy-Signature: sha256=<hex>`. 5xx, 408, 429 and network errors are retried with
 * exponential backoff (honouring `Retry-After`); other 4xx fail at once.
 */
export class HttpSink implements AuditSink {
  readonly name: string;
  readonly required: boolean;
  private readonly opts: HttpSinkOptions;

  constructor(opts: HttpSinkOptions) {
    this.opts = opts;
    const u = new URL(opts.url);
    this.name = `http ${u.origin}${u.pathname}`;
    this.required = opts.required;
  }

  body(events: readonly AuditEvent[]): string {
    if (this.opts.format === 'json') return JSON.stringify(events);
    return events
      .map((event) =>
        JSON.stringify({
          time: Date.parse(event.time) / 1000,
          host: hostname(),
          source: 'secure-deploy',
          sourcetype: 'secure-deploy:audit',
          event,
        }),
      )
      .join('\n');
  }

  async write(events: readonly AuditEvent[]): Promise<void> {
    const body = this.body(events);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'secure-deploy/0.1' };
    if (this.opts.hmacKey) headers[SIGNATURE_HEADER] = signBody(this.opts.hmacKey, body);
    if (this.opts.splunkToken) headers.authorization = `Splunk ${this.opts.splunkToken}`;
    const sleep = this.opts.sleep ?? defaultSleep;
    let last = '';
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      let wait = backoffMs(attempt, this.opts.backoffMs);
      try {
        const response = await fetch(this.opts.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        last = `HTTP ${response.status} ${response.statusText}`;
        const retriable = response.status >= 500 || response.status === 408 || response.status === 429;
        if (!retriable) break;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.min(30_000, retryAfter * 1000);
      } catch (error) {
        last = errorMessage(error);
      }
      if (attempt < this.opts.retries) await sleep(wait);
    }
    throw new Error(
      `${this.name} did not accept ${events.length} event(s) after ${this.opts.retries + 1} attempt(s): ${redact(last)}`,
    );
  }
}

/** RFC 5424 facilities by name. */
const FACILITIES: Readonly<Record<string, number>> = {
  kern: 0,
  user: 1,
  daemon: 3,
  auth: 4,
  syslog: 5,
  authpriv: 10,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};

/** An SD-ID in the example enterprise-number space, as RFC 5424 section 7.2.2 allows for private use. */
export const SD_ID = 'secure-deploy@32473';

function sdEscape(value: string): string {
  return value.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

function headerField(value: string, max: number): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return printable === '' ? '-' : printable;
}

/**
 * One RFC 5424 message for an event: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] BOM{json}`.
 * Severity is informational for success and warning otherwise; MSGID is the event's action.
 */
export function formatRfc5424(event: AuditEvent, facility: number, app: string, host = hostname()): string {
  const severity = event.outcome === 'success' || event.outcome === 'skipped' ? 6 : 4;
  const sd =
    `[${SD_ID} id="${sdEscape(event.id)}" action="${sdEscape(event.action)}" outcome="${sdEscape(event.outcome)}"` +
    ` repository="${sdEscape(event.repository)}" hash="${sdEscape(event.hash)}"]`;
  return `<${facility * 8 + severity}>1 ${event.time} ${headerField(host, 255)} ${headerField(app, 48)} ${headerField(String(process.pid), 128)} ${headerField(event.action, 32)} ${sd} \ufeff${JSON.stringify(event)}`;
}

/** Octet-counting framing (RFC 6587 section 3.4.1): `<length in bytes> <message>`. */
export function frameOctetCounted(message: string): string {
  return `${Buffer.byteLength(message, 'utf8')} ${message}`;
}

export interface SyslogSinkOptions {
  readonly host: string;
  readonly port: number;
  readonly required: boolean;
  readonly tls: boolean;
  readonly ca?: string;
  readonly servername?: string;
  readonly facility: number;
  readonly app: string;
  readonly retries: number;
  readonly backoffMs: number;
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** RFC 5424 messages over TCP (RFC 6587 octet counting), optionally TLS (RFC 5425) verified against a CA file. */
export class SyslogSink implements AuditSink {
  readonly name: string;
  readonly required: boolean;
  private readonly opts: SyslogSinkOptions;

  constructor(opts: SyslogSinkOptions) {
    this.opts = opts;
    this.name = `syslog ${opts.host}:${opts.port}${opts.tls ? ' (tls)' : ''}`;
    this.required = opts.required;
  }

  private async connect(): Promise<Socket> {
    const { host, port, timeoutMs } = this.opts;
    const socket = this.opts.tls
      ? tlsConnect({
          host,
          port,
          servername: this.opts.servername ?? (/^[\d.:]+$/.test(host) ? undefined : host),
          ca: this.opts.ca ? await readFile(this.opts.ca, 'utf8') : undefined,
          rejectUnauthorized: true,
        })
      : netConnect({ host, port });
    socket.setTimeout(timeoutMs);
    await new Promise<void>((ok, fail) => {
      socket.once(this.opts.tls ? 'secureConnect' : 'connect', () => ok());
      socket.once('error', fail);
      socket.once('timeout', () => fail(new Error(`timed out after ${timeoutMs} ms`)));
    });
    return socket;
  }

  async write(events: readonly AuditEvent[]): Promise<void> {
    const data = events.map((e) => frameOctetCounted(formatRfc5424(e, this.opts.facility, this.opts.app))).join('');
    const sleep = this.opts.sleep ?? defaultSleep;
    let last = '';
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      try {
        const socket = await this.connect();
        await new Promise<void>((ok, fail) => {
          socket.once('error', fail);
          // The socket timeout (set in connect) also covers a server that stops reading.
          socket.once('timeout', () => {
            socket.destroy();
            fail(new Error(`sending did not finish within ${this.opts.timeoutMs} ms`));
          });
          socket.end(data, () => ok());
        });
        socket.destroySoon();
        return;
      } catch (error) {
        last = errorMessage(error);
      }
      if (attempt < this.opts.retries) await sleep(backoffMs(attempt, this.opts.backoffMs));
    }
    throw new Error(`${this.name} could not be written after ${this.opts.retries + 1} attempt(s): ${redact(last)}`);
  }
}

/**
 * Answers that are part of the protocol (404: no branch or file yet; 422: the ref moved) must not
 * be retried as if they were faults; the sink decides what to do with them, and `write` retries
 * server errors and dropped connections itself (bounded, with backoff).
 */
const NO_RETRY = { retries: 0 };

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** A server error (5xx; Octokit reports a failed connection as 500 too) or a dropped connection. */
export function isTransientGitHubError(error: unknown): boolean {
  if (isRequestError(error)) return error.status === 0 || error.status >= 500;
  const e = error as { code?: unknown; cause?: { code?: unknown }; name?: unknown; message?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (NETWORK_CODES.has(String(e.code)) || NETWORK_CODES.has(String(e.cause?.code))) return true;
  return e.name === 'TypeError' && e.message === 'fetch failed';
}

/** One line of the central ledger: the event, its position, and a hash chaining it to the line before. */
export interface LedgerEntry {
  readonly ledger: 1;
  readonly seq: number;
  readonly prev: string | null;
  readonly event: AuditEvent;
  readonly hash: string;
}

/** The hash of a ledger line: SHA-256 over the canonical JSON of everything but `hash`. */
export function ledgerHash(entry: Omit<LedgerEntry, 'hash'>): string {
  const { ledger, seq, prev, event } = entry;
  return createHash('sha256').update(canonicalJson({ ledger, seq, prev, event })).digest('hex');
}

/** Appends events to ledger text, continuing its chain from the last line. */
export function appendLedger(text: string, events: readonly AuditEvent[]): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  let seq = 0;
  let prev: string | null = null;
  const lastLine = lines.at(-1);
  if (lastLine !== undefined) {
    let last: Partial<LedgerEntry>;
    try {
      last = JSON.parse(lastLine) as Partial<LedgerEntry>;
    } catch {
      throw new Error('the ledger is not JSON lines: its last line does not parse; refusing to append');
    }
    if (typeof last.seq !== 'number' || typeof last.hash !== 'string') {
      throw new Error('the ledger is not a secure-deploy ledger: its last line has no seq/hash; refusing to append');
    }
    seq = last.seq + 1;
    prev = last.hash;
  }
  const out: string[] = [];
  for (const event of events) {
    const base = { ledger: 1 as const, seq, prev, event };
    const entry: LedgerEntry = { ...base, hash: ledgerHash(base) };
    out.push(JSON.stringify(entry));
    prev = entry.hash;
    seq++;
  }
  const prefix = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${prefix}${out.join('\n')}\n`;
}

export interface GitHubLedgerOptions {
  readonly owner: string;
  readonly repo: string;
  readonly branch: string;
  readonly path: string;
  readonly required: boolean;
  readonly attempts: number;
  readonly backoffMs: number;
  /** How many server errors (5xx) or network failures to retry, with backoff, per write. */
  readonly retries?: number;
  /** How long one append attempt (read, tree, commit, ref) may take; default 60 s. */
  readonly timeoutMs?: number;
  readonly client: GitHubClient;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The central ledger: an append-only, hash-chained JSON-lines file on a branch of an audit
 * repository, written through the git data API (blob, tree, commit, then a non-forced ref update).
 * When another writer moved the ref first, GitHub answers 422 and the append is redone on top of
 * the new head, so concurrent writers lose nothing and keep one unbroken chain.
 */
export class GitHubLedgerSink implements AuditSink {
  readonly name: string;
  readonly required: boolean;
  private readonly opts: GitHubLedgerOptions;
  /** How many times a write had to start over because the ref moved (for tests and the summary). */
  conflicts = 0;
  /** How many times a write was retried after a server error or a network failure. */
  faults = 0;

  constructor(opts: GitHubLedgerOptions) {
    this.opts = opts;
    this.name = `github ${opts.owner}/${opts.repo}@${opts.branch}:${opts.path}`;
    this.required = opts.required;
  }

  private async head(): Promise<{ commit: string; tree: string } | undefined> {
    const { client, owner, repo, branch } = this.opts;
    try {
      const ref = await client.rest.git.getRef({ owner, repo, ref: `heads/${branch}`, request: NO_RETRY });
      const commit = await client.rest.git.getCommit({ owner, repo, commit_sha: ref.data.object.sha });
      return { commit: ref.data.object.sha, tree: commit.data.tree.sha };
    } catch (error) {
      if (errorStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /** The ledger file at a commit: the contents API (one request), the blob API past its 1 MB limit. */
  private async currentText(commit: string): Promise<string> {
    const { client, owner, repo, path } = this.opts;
    let file: { type?: string; content?: string; encoding?: string; sha?: string; size?: number };
    try {
      file = (await client.rest.repos.getContent({ owner, repo, path, ref: commit, request: NO_RETRY }))
        .data as typeof file;
    } catch (error) {
      if (errorStatus(error) === 404) return '';
      throw error;
    }
    if (file.type !== 'file') throw new Error(`${path} in ${owner}/${repo} is not a file`);
    if (file.encoding === 'base64' && typeof file.content === 'string' && (file.content !== '' || file.size === 0)) {
      return Buffer.from(file.content, 'base64').toString('utf8');
    }
    const blob = await client.rest.git.getBlob({ owner, repo, file_sha: file.sha ?? '' });
    return Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  }

  /** One attempt; returns false when the ref moved (or the branch appeared) under us. */
  private async tryAppend(events: readonly AuditEvent[]): Promise<boolean> {
    const { client, owner, repo, branch, path } = this.opts;
    const head = await this.head();
    const text = head ? await this.currentText(head.commit) : '';
    // An earlier attempt whose ref update failed with a server error may have gone through
    // (GitHub did it, we never heard): the events are already there, and must not be appended twice.
    if (events.length > 0 && events.every((e) => text.includes(`"id":${JSON.stringify(e.id)}`))) return true;
    const next = appendLedger(text, events);
    // The file goes inline in the tree: one content-creating request fewer than blob + tree, which
    // matters because Octokit paces content-creating requests to one a second per client.
    const tree = await client.rest.git.createTree({
      owner,
      repo,
      ...(head ? { base_tree: head.tree } : {}),
      tree: [{ path, mode: '100644', type: 'blob', content: next }],
    });
    const message = `audit: ${events.map((e) => e.action).join(', ')} (${events.length} event${events.length === 1 ? '' : 's'})`;
    const commit = await client.rest.git.createCommit({
      owner,
      repo,
      message,
      tree: tree.data.sha,
      parents: head ? [head.commit] : [],
    });
    try {
      if (head) {
        await client.rest.git.updateRef({
          owner,
          repo,
          ref: `heads/${branch}`,
          sha: commit.data.sha,
          force: false,
          request: NO_RETRY,
        });
      } else {
        await client.rest.git.createRef({
          owner,
          repo,
          ref: `refs/heads/${branch}`,
          sha: commit.data.sha,
          request: NO_RETRY,
        });
      }
      return true;
    } catch (error) {
      if (errorStatus(error) === 422 || errorStatus(error) === 409) return false;
      throw error;
    }
  }

  async write(events: readonly AuditEvent[]): Promise<void> {
    const sleep = this.opts.sleep ?? defaultSleep;
    const retries = this.opts.retries ?? 5;
    let faults = 0;
    for (let attempt = 0; attempt < this.opts.attempts; attempt++) {
      let appended: boolean;
      try {
        appended = await withTimeout(
          this.tryAppend(events),
          this.opts.timeoutMs ?? 60_000,
          `${this.name}: an append (read, tree, commit, ref update)`,
        );
      } catch (error) {
        // A server error or a dropped connection is retried (bounded, with backoff); anything else
        // (403, a ledger that is not JSON lines) is an answer and fails at once.
        if (!isTransientGitHubError(error) || faults >= retries) throw error;
        this.faults++;
        await sleep(backoffMs(Math.min(faults++, 6), Math.max(this.opts.backoffMs, 100)));
        continue;
      }
      if (appended) return;
      this.conflicts++;
      await sleep(backoffMs(Math.min(attempt, 6), this.opts.backoffMs));
    }
    throw new Error(
      `${this.name}: the branch kept moving under ${this.opts.attempts} attempts to append; too many concurrent writers.`,
    );
  }
}

const KINDS = ['file', 'http', 'syslog', 'github'] as const;

function httpSink(spec: SinkSpec, line: string, environment: SinkEnvironment): HttpSink {
  allowOptions(spec, line, ['key-env', 'format', 'token-env', 'retries', 'backoff-ms', 'timeout-ms']);
  let url: URL;
  try {
    url = new URL(spec.target);
  } catch {
    throw new ConfigurationError(`Input 'audit-log': '${spec.target}' in '${line}' is not a URL.`);
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '::1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new ConfigurationError(
      `Input 'audit-log': the http sink '${url.origin}' must use https:// (plain http is only allowed on loopback).`,
    );
  }
  if (url.username || url.password) {
    throw new ConfigurationError(
      `Input 'audit-log': do not put credentials in the http sink URL; use token-env=VARIABLE and key-env=VARIABLE.`,
    );
  }
  const format = spec.options.format ?? 'json';
  if (format !== 'json' && format !== 'splunk') {
    throw new ConfigurationError(`Input 'audit-log': option 'format' of the http sink must be 'json' or 'splunk'.`);
  }
  const env = environment.env ?? process.env;
  return new HttpSink({
    url: url.toString(),
    required: spec.required,
    hmacKey: secretFromEnv(spec, 'key-env', env),
    splunkToken: secretFromEnv(spec, 'token-env', env),
    format,
    retries: intOption(spec, 'retries', 4, 0, 10),
    backoffMs: intOption(spec, 'backoff-ms', 500, 0, 60_000),
    timeoutMs: intOption(spec, 'timeout-ms', 10_000, 100, 120_000),
    sleep: environment.sleep,
  });
}

function syslogSink(spec: SinkSpec, line: string, environment: SinkEnvironment): SyslogSink {
  allowOptions(spec, line, ['tls', 'ca', 'servername', 'facility', 'app', 'retries', 'backoff-ms', 'timeout-ms']);
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(spec.target);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    throw new ConfigurationError(`Input 'audit-log': the syslog sink target '${spec.target}' must be host:port.`);
  }
  const tls = spec.options.tls === 'true' || spec.options.ca !== undefined;
  if (spec.options.tls !== undefined && !['true', 'false'].includes(spec.options.tls)) {
    throw new ConfigurationError(`Input 'audit-log': option 'tls' of the syslog sink must be true or false.`);
  }
  const facilityName = spec.options.facility ?? 'authpriv';
  const facility = FACILITIES[facilityName];
  if (facility === undefined) {
    throw new ConfigurationError(
      `Input 'audit-log': unknown syslog facility '${facilityName}'. Known: ${Object.keys(FACILITIES).join(', ')}.`,
    );
  }
  return new SyslogSink({
    host: (m[1] ?? '').replace(/^\[|\]$/g, ''),
    port: Number(m[2]),
    required: spec.required,
    tls,
    ca: spec.options.ca,
    servername: spec.options.servername,
    facility,
    app: spec.options.app ?? 'secure-deploy',
    retries: intOption(spec, 'retries', 3, 0, 10),
    backoffMs: intOption(spec, 'backoff-ms', 500, 0, 60_000),
    timeoutMs: intOption(spec, 'timeout-ms', 10_000, 100, 120_000),
    sleep: environment.sleep,
  });
}

function githubSink(spec: SinkSpec, line: string, environment: SinkEnvironment): GitHubLedgerSink {
  allowOptions(spec, line, [
    'branch',
    'path',
    'token-env',
    'attempts',
    'retries',
    'backoff-ms',
    'timeout-ms',
    'api-url',
  ]);
  const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(spec.target);
  if (!m) {
    throw new ConfigurationError(
      `Input 'audit-log': the github sink target '${spec.target}' must be owner/repository.`,
    );
  }
  const env = environment.env ?? process.env;
  const token = secretFromEnv(spec, 'token-env', env) ?? environment.token ?? env.INPUT_TOKEN ?? '';
  if (!token) {
    throw new ConfigurationError(
      `Input 'audit-log': the github sink '${spec.target}' has no token: give the action a 'token' that can write contents of ${spec.target}, or name one with token-env=VARIABLE.`,
    );
  }
  const path = spec.options.path ?? 'ledger.jsonl';
  if (path.startsWith('/') || path.split('/').includes('..')) {
    throw new ConfigurationError(`Input 'audit-log': the github sink path '${path}' must be relative, without '..'.`);
  }
  const client = (environment.github ?? ((t: string, baseUrl?: string) => createGitHubClient(t, { baseUrl })))(
    token,
    spec.options['api-url'],
  );
  return new GitHubLedgerSink({
    owner: m[1] ?? '',
    repo: m[2] ?? '',
    branch: spec.options.branch ?? 'audit-log',
    path,
    required: spec.required,
    attempts: intOption(spec, 'attempts', 40, 1, 200),
    retries: intOption(spec, 'retries', 5, 0, 20),
    backoffMs: intOption(spec, 'backoff-ms', 100, 0, 60_000),
    timeoutMs: intOption(spec, 'timeout-ms', 60_000, 1000, 600_000),
    client,
    sleep: environment.sleep,
  });
}

export function auditSinks(lines: readonly string[], environment: SinkEnvironment = {}): AuditSink[] {
  return lines.map((line) => {
    const spec = parseSinkSpec(line);
    switch (spec.kind) {
      case 'file':
        allowOptions(spec, line, ['timeout-ms']);
        return new FileSink(spec.target, spec.required, intOption(spec, 'timeout-ms', SINK_TIMEOUT_MS, 100, 120_000));
      case 'http':
        return httpSink(spec, line, environment);
      case 'syslog':
        return syslogSink(spec, line, environment);
      case 'github':
        return githubSink(spec, line, environment);
      default:
        throw new ConfigurationError(
          `Input 'audit-log': unknown sink kind '${spec.kind}' in '${line}'. Known kinds: ${KINDS.join(', ')}.`,
        );
    }
  });
}
