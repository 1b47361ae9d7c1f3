/** The HTTP server: routing, auth, permissions, faults, OpenAPI validation, request log, control API. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sodiumReady } from './crypto.ts';
import { HttpError } from './errors.ts';
import { GitStore } from './git.ts';
import { dumpSecrets, secretRoutesAll } from './handlers-secrets.ts';
import { gitRoutes } from './handlers-git.ts';
import { miscRoutes } from './handlers-misc.ts';
import { attestationBlob, BLOB_ROUTE, findAttestation } from './blobs.ts';
import { repoRoutes } from './handlers-repos.ts';
import { formatAjvErrors, getSpec, isObject, type CompiledOperation } from './openapi.ts';
import { checkLinkHeader, checkRateLimitHeaders } from './headers.ts';
import type { Ctx, Level, Result, Route } from './routes.ts';
import { applySeed, type SeedDocument } from './seed.ts';
import { Books } from './books.ts';
import { graphqlRequest } from './graphql.ts';
import { State } from './state.ts';

export const VIOLATION_PREFIX = "emulator: request does not match GitHub's OpenAPI description:";
const DOCS = 'https://docs.github.com/rest';

export interface FaultSpec {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /**
   * Path template as in GitHub's description (`/repos/{owner}/{repo}/actions/secrets/{secret_name}`)
   * or a literal path (`/repos/o/r/actions/secrets/FOO`). Any route when omitted (with no pathPattern).
   */
  route?: string;
  /** Regular expression (source) tested against the request path. */
  pathPattern?: string;
  /** How many matching requests it applies to (default 1; `Infinity`/-1 for all). */
  times?: number;
  /** What to do. */
  kind: 'status' | 'secondary-rate-limit' | 'rate-limit' | 'latency' | 'hold' | 'redirect' | 'body';
  /** kind 'status': 500, 502, 503 (or any status). kind 'rate-limit': 429 (default) or 403. */
  status?: number;
  /** kind 'secondary-rate-limit' / 'rate-limit' (429): seconds in `retry-after` (default 1). */
  retryAfter?: number;
  /** kind 'latency': added delay in ms. */
  latencyMs?: number;
  /**
   * kind 'hold': 'before' (default) holds the request unprocessed; on release it is processed
   * (even if the client has gone) and answered if still connected. 'after' processes the request
   * at once (state changes apply) and holds only the response. `close()` drops held requests
   * ('before': never processed).
   */
  when?: 'before' | 'after';
  /** Override the error message. */
  message?: string;
  /** kind 'redirect': the `Location` of the 302 (default: another blob path on the emulator). */
  location?: string;
  /** kind 'body': answer 200 with these bytes (base64) instead of the real body. */
  bodyBase64?: string;
  /** kind 'body': its content type (default application/x-snappy). */
  contentType?: string;
}

/** A replacement handler for one operation (test hook); `original` runs the emulator's own. */
export type HandlerOverride = (ctx: Ctx, original: (ctx: Ctx) => Result) => Result;

interface Fault extends FaultSpec {
  id: number;
  remaining: number;
}

export interface RequestLogEntry {
  id: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Matched operation (`GET /repos/{owner}/{repo}`), or null (control API / unknown route). */
  operation: string | null;
  status: number;
  /** Parsed JSON request body as sent (secret `encrypted_value`s are ciphertext). */
  body: unknown;
  /** Fault applied to this request, if any. */
  fault?: string;
  /** Login the request's token acts as (absent when unauthenticated). */
  login?: string;
  /** True when the request carried an Authorization header or a cookie (blob requests must not). */
  credentialed: boolean;
  durationMs: number;
}

export interface Violation {
  /**
   * request: the request does not match the description; response: the emulator's answer does not
   * (an emulator bug); unrouted: no such operation is emulated (the message says whether GitHub's
   * description has it).
   */
  kind: 'request' | 'response' | 'unrouted';
  method: string;
  path: string;
  operation: string;
  status?: number;
  errors: string[];
  message: string;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
  literalSegments: number;
}

const greedy = new Set(['ref', 'path']);

function compileRoutes(routes: Route[]): CompiledRoute[] {
  const out = routes.map((r, index) => {
    const names: string[] = [];
    // A trailing `/{path}` may be absent (`GET /repos/o/r/contents` lists the root).
    const source = r.template
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\/\{(\w+)\}/g, (_m, name: string, offset: number, whole: string) => {
        names.push(name);
        if (name === 'path' && offset + _m.length === whole.length) return '(?:/(.*))?';
        return greedy.has(name) ? '/(.*)' : '/([^/]+)';
      });
    const literalSegments = r.template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length;
    return { ...r, regex: new RegExp(`^${source}/?$`), names, literalSegments, index };
  });
  out.sort((a, b) => b.literalSegments - a.literalSegments || a.index - b.index);
  return out;
}

const allRoutes = (): Route[] => [...repoRoutes(), ...secretRoutesAll(), ...gitRoutes(), ...miscRoutes()];

const levelRank: Record<string, number> = { none: 0, read: 1, write: 2, admin: 3 };

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const payload = status === 204 || body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': `EMU:${Math.random().toString(16).slice(2, 10).toUpperCase()}`,
    ...headers,
  });
  res.end(payload);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? (all[0] ?? '') : all;
  }
  return out;
}

/** JSON-safe dump of the state (Maps → objects; key pairs → public part only; git → refs). */
export function dumpState(state: State): unknown {
  return JSON.parse(
    JSON.stringify(
      {
        users: state.users,
        orgs: state.orgs,
        repos: state.repos,
        tokens: state.tokens,
        clock: state.clock ?? null,
      },
      function (key, value: unknown) {
        if (value instanceof Map) return Object.fromEntries(value as Map<string, unknown>);
        if (value instanceof GitStore) return { refs: Object.fromEntries(value.refs), objects: value.objects.size };
        if (isObject(value) && 'privateKey' in value && 'keyId' in value)
          return { key_id: value.keyId, key: value.key };
        return value;
      },
    ),
  ) as unknown;
}

export class EmulatorServer {
  readonly state = new State();
  /** Rate-limit budgets, ETags and 304s (books.ts). */
  readonly books = new Books();
  readonly server: Server;
  latencyMs = 0;
  private readonly routes = compileRoutes(allRoutes());
  private faults: Fault[] = [];
  private faultId = 0;
  private requestLog: RequestLogEntry[] = [];
  /** Primary rate-limit windows per token (not enforced: use a 'rate-limit' fault for that). */
  private readonly overrides = new Map<string, HandlerOverride>();
  /** Pending `until` waits, re-checked whenever a request is held or logged. */
  private waiters: { check: () => boolean }[] = [];
  private requestId = 0;
  /** API requests being answered now, and the most at once since the request log was cleared. */
  private inFlight = 0;
  private peakInFlight = 0;
  private violationList: Violation[] = [];
  private recordViolation(v: Violation): void {
    this.violationList.push(v);
  }
  private held: (() => void)[] = [];
  private closing = false;
  /** Token values sent in an Authorization header since the last reset: a credential wherever else they appear. */
  private readonly seenTokens = new Set<string>();
  baseUrl = '';

  constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        const message = `emulator internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
        // An emulator bug: make the test that triggered it fail.
        this.recordViolation({
          kind: 'response',
          method: req.method ?? '',
          path: req.url ?? '',
          operation: '',
          status: 500,
          errors: [message],
          message,
        });
        json(res, 500, { message });
      });
    });
  }

  async listen(port = 0): Promise<string> {
    // Idle keep-alive connections stay open longer than clients keep them (undici: 4 s), so the
    // client, never the server, closes an idle one: a server-side close racing a reused socket
    // would surface as a spurious ECONNRESET (e.g. after a test kept the event loop busy).
    this.server.keepAliveTimeout = 60_000;
    await sodiumReady();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.releaseAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /**
   * Test hook: answer `METHOD /template` with `handler` (which may call the emulator's own) until
   * the returned function is called. Its answers are validated like any other — this is how a
   * test proves that a handler answering what GitHub never would fails the test (strict.test.ts).
   */
  overrideHandler(method: string, template: string, handler: HandlerOverride): () => void {
    const key = `${method.toUpperCase()} ${template}`;
    if (!this.routes.some((r) => `${r.method} ${r.template}` === key)) throw new Error(`emulator: no route ${key}`);
    this.overrides.set(key, handler);
    return () => {
      if (this.overrides.get(key) === handler) this.overrides.delete(key);
    };
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => !w.check());
  }

  /**
   * Resolves once `condition` holds, checked now and whenever a request is held or logged — an
   * explicit event to wait for instead of a fixed sleep. Rejects after `timeoutMs` (a deadline for
   * a test that would otherwise hang, not a timing assumption).
   */
  until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`emulator: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter = {
        check: (): boolean => {
          if (!condition()) return false;
          clearTimeout(timer);
          resolve();
          return true;
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves once at least `count` requests are held by `hold` faults. */
  waitForHeld(count = 1, timeoutMs?: number): Promise<void> {
    return this.until(() => this.held.length >= count, `${count} held request(s)`, timeoutMs);
  }

  /** Resolves with the first logged request (answered, or dropped) matching `predicate`. */
  async waitForRequest(
    predicate: (entry: RequestLogEntry) => boolean,
    what = 'a matching request',
    timeoutMs?: number,
  ): Promise<RequestLogEntry> {
    let found: RequestLogEntry | undefined;
    await this.until(
      () => {
        found = this.requestLog.find(predicate);
        return found !== undefined;
      },
      what,
      timeoutMs,
    );
    return { ...(found as RequestLogEntry) };
  }

  /** The routes the emulator serves (for checks that each exists in the description). */
  routeList(): { method: string; template: string; spec: string; permissions: Record<string, string> }[] {
    return this.routes.map((r) => ({
      method: r.method,
      template: r.template,
      spec: r.spec ?? 'api.github.com',
      permissions: { ...(r.perm ?? {}) },
    }));
  }

  reset(): void {
    const fresh = new State();
    Object.assign(this.state, fresh);
    this.faults = [];
    this.peakInFlight = this.inFlight;
    this.requestLog = [];
    this.violationList = [];
    this.overrides.clear();
    this.seenTokens.clear();
    this.books.reset();
    this.releaseAll();
  }

  seed(doc: SeedDocument): void {
    applySeed(this.state, doc);
  }

  addFault(spec: FaultSpec): number {
    const times = spec.times === undefined ? 1 : spec.times < 0 ? Infinity : spec.times;
    if (spec.pathPattern !== undefined) new RegExp(spec.pathPattern); // throws early on a bad pattern
    const fault: Fault = { ...spec, id: ++this.faultId, remaining: times };
    this.faults.push(fault);
    return fault.id;
  }

  clearFaults(): void {
    this.faults = [];
  }

  faultList(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Answer held requests (processing them normally). Returns how many were released. */
  release(): number {
    return this.releaseAll();
  }

  heldCount(): number {
    return this.held.length;
  }

  private releaseAll(): number {
    const list = this.held;
    this.held = [];
    for (const r of list) r();
    return list.length;
  }

  requests(): RequestLogEntry[] {
    return this.requestLog.map((r) => ({ ...r }));
  }

  clearRequests(): void {
    this.requestLog = [];
    this.peakInFlight = this.inFlight;
  }

  /** Concurrency seen by the server: API requests in flight now, and the peak since `clearRequests`. */
  stats(): { inFlight: number; peakInFlight: number } {
    return { inFlight: this.inFlight, peakInFlight: this.peakInFlight };
  }

  violations(): Violation[] {
    return this.violationList.map((v) => ({ ...v, errors: [...v.errors] }));
  }

  clearViolations(): void {
    this.violationList = [];
  }

  secrets(): unknown {
    return dumpSecrets(this.state);
  }

  private match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => {
        const raw = m[i + 1] ?? '';
        try {
          params[name] = decodeURIComponent(raw);
        } catch {
          params[name] = raw;
        }
      });
      return { route: r, params };
    }
    return undefined;
  }

  private findFault(method: string, path: string, template: string | undefined): Fault | undefined {
    for (const f of this.faults) {
      if (f.remaining <= 0) continue;
      if (f.method && f.method.toUpperCase() !== method) continue;
      if (f.route && f.route !== template && f.route !== path) continue;
      if (f.pathPattern && !new RegExp(f.pathPattern).test(path)) continue;
      f.remaining -= 1;
      if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
      return f;
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // GitHub Enterprise Server style base URLs (`http://127.0.0.1:PORT/api/v3`) work too.
    const viaGhesPrefix = url.pathname.startsWith('/api/v3/');
    if (viaGhesPrefix) url.pathname = url.pathname.slice('/api/v3'.length);
    const path = url.pathname;
    const raw = await readBody(req);
    let body: unknown;
    let bodyParseError = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8')) as unknown;
      } catch {
        bodyParseError = true;
        body = raw.toString('utf8');
      }
    }

    if (path.startsWith('/_emulator/') || path === '/_emulator') {
      const result = this.control(method, path, body, url);
      json(res, result.status, result.body, result.headers);
      return;
    }

    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    res.once('close', () => {
      this.inFlight--;
    });

    const credentialed = this.carriesCredential(req.headers, url);
    const who: { login?: string } = {};
    const log = (status: number, operation: string | null, fault?: string): void => {
      this.requestLog.push({
        id: ++this.requestId,
        time: new Date(started).toISOString(),
        method,
        path,
        query: queryObject(url),
        operation,
        status,
        body,
        ...(fault ? { fault } : {}),
        ...(who.login ? { login: who.login } : {}),
        credentialed,
        durationMs: Date.now() - started,
      });
      this.notify();
    };

    if (this.latencyMs > 0) await sleep(this.latencyMs);

    const blob = path.startsWith('/_blobs/');
    const matched = blob ? undefined : this.match(method, path);
    const operationName = blob
      ? `${method} ${BLOB_ROUTE}`
      : matched
        ? `${matched.route.method} ${matched.route.template}`
        : null;

    const fault = this.findFault(method, path, blob ? BLOB_ROUTE : matched?.route.template);
    if (fault) {
      const label = `${fault.kind}#${fault.id}`;
      switch (fault.kind) {
        case 'redirect': {
          if (!res.destroyed) {
            res.writeHead(302, { location: fault.location ?? `${this.baseUrl}/_blobs/moved${url.search}` });
            res.end();
          }
          log(302, operationName, label);
          return;
        }
        case 'body': {
          if (!res.destroyed) {
            res.writeHead(200, { 'content-type': fault.contentType ?? 'application/x-snappy' });
            res.end(Buffer.from(fault.bodyBase64 ?? '', 'base64'));
          }
          log(200, operationName, label);
          return;
        }
        case 'latency':
          await sleep(fault.latencyMs ?? 0);
          break;
        case 'hold':
          if (fault.when === 'after') break;
          await new Promise<void>((resolve) => {
            this.held.push(resolve);
            this.notify();
            this.notify();
          });
          if (this.closing) {
            log(0, operationName, label);
            return;
          }
          break;
        case 'status': {
          const status = fault.status ?? 500;
          const message =
            fault.message ?? (status === 503 ? 'Service Unavailable' : status === 502 ? 'Bad Gateway' : 'Server Error');
          json(res, status, { message, documentation_url: DOCS, status: String(status) });
          log(status, operationName, label);
          return;
        }
        case 'secondary-rate-limit': {
          const retryAfter = fault.retryAfter ?? 1;
          json(
            res,
            403,
            {
              message:
                fault.message ??
                'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID EMU.',
              documentation_url:
                'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
              status: '403',
            },
            { 'retry-after': String(retryAfter) },
          );
          log(403, operationName, label);
          return;
        }
        case 'rate-limit': {
          const retryAfter = fault.retryAfter ?? 1;
          const reset = Math.floor(Date.now() / 1000) + retryAfter;
          const status = fault.status === 403 ? 403 : 429;
          json(
            res,
            status,
            {
              message: fault.message ?? 'API rate limit exceeded for installation.',
              documentation_url:
                'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits',
              status: String(status),
            },
            {
              'retry-after': String(retryAfter),
              'x-ratelimit-limit': '5000',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-used': '5000',
              'x-ratelimit-reset': String(reset),
              'x-ratelimit-resource': 'core',
            },
          );
          log(status, operationName, label);
          return;
        }
      }
    }
    const faultLabel = fault ? `${fault.kind}#${fault.id}` : undefined;

    if (blob) {
      const answer = this.blob(method, path, req.headers);
      if (!res.destroyed) {
        res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': answer.data.length });
        res.end(method === 'HEAD' ? undefined : answer.data);
      }
      log(answer.status, operationName, faultLabel);
      return;
    }

    // GitHub's GraphQL API, on its published schema, with point costs (graphql.ts).
    if (method === 'POST' && path === '/graphql') {
      const answer = graphqlRequest(this.state, this.books, req.headers.authorization, body);
      json(res, answer.status, answer.body, answer.headers);
      log(answer.status, 'POST /graphql', faultLabel);
      return;
    }

    if (!matched) {
      const known = getSpec('api.github.com').findTemplate(method, path);
      const why = known
        ? `GitHub's description has ${method} ${known}, but the emulator does not emulate it`
        : `GitHub's description (api.github.com) has no such operation`;
      this.recordViolation({
        kind: 'unrouted',
        method,
        path,
        operation: known ? `${method} ${known}` : '',
        errors: [why],
        message: `emulator: no route for ${method} ${path}: ${why}`,
      });
      json(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      log(404, null, faultLabel);
      return;
    }
    const { route, params } = matched;

    // Authentication
    const auth = req.headers.authorization ?? '';
    const tokenMatch = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(auth);
    if (!tokenMatch?.[1]) {
      json(res, 401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
      log(401, operationName, faultLabel);
      return;
    }
    const token = this.state.tokenInfo(tokenMatch[1]);
    who.login = token.login;
    // The token's budget as it stands (books.ts); `admit` below counts this request.
    const rateHeaders = this.books.headersFor(tokenMatch[1]);
    const expired = token.expiresAt !== undefined && Date.parse(token.expiresAt) <= Date.now();
    if (token.invalid || expired) {
      json(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      log(401, operationName, faultLabel);
      return;
    }
    const refused = route.template === '/rate_limit' ? undefined : this.books.admit(tokenMatch[1]);
    if (refused) {
      json(res, refused.status, refused.body, refused.headers);
      log(refused.status, operationName, faultLabel);
      return;
    }
    // github-facts: token-expiration-header
    const expiryHeader: Record<string, string> = token.expiresAt
      ? { 'github-authentication-token-expiration': tokenExpirationHeader(token.expiresAt) }
      : {};

    // Validation against the OpenAPI description
    const spec = getSpec(route.spec ?? 'api.github.com');
    const op = spec.operation(route.method, route.template);
    const query: Record<string, unknown> = { ...queryObject(url) };
    const pathParams: Record<string, unknown> = { ...params };
    const errors: string[] = [];
    let bodyError = false;
    if (!op.validatePath(pathParams)) errors.push(...formatAjvErrors(op.validatePath.errors, 'path'));
    if (!op.validateQuery(query)) errors.push(...formatAjvErrors(op.validateQuery.errors, 'query'));
    if (bodyParseError) {
      json(res, 400, { message: 'Problems parsing JSON', documentation_url: op.documentationUrl, status: '400' });
      log(400, operationName, faultLabel);
      return;
    }
    if (op.validateBody) {
      if (body === undefined && op.bodyRequired) {
        errors.push('body is required');
        if (!op.validateBody({})) errors.push(...formatAjvErrors(op.validateBody.errors, 'body'));
        bodyError = true;
      } else if (body !== undefined) {
        const copy = structuredClone(body);
        if (!op.validateBody(copy)) {
          errors.push(...formatAjvErrors(op.validateBody.errors, 'body'));
          bodyError = true;
        }
      }
    }
    if (errors.length > 0) {
      const message = `${VIOLATION_PREFIX} ${operationName ?? ''}: ${errors.join('; ')}`;
      this.recordViolation({ kind: 'request', method, path, operation: operationName ?? '', errors, message });
      const status = bodyError && op.declares422 ? 422 : 400;
      json(res, status, { message, documentation_url: op.documentationUrl, status: String(status) }, rateHeaders);
      log(status, operationName, faultLabel);
      return;
    }

    // Permissions
    if (route.perm && token.permissions) {
      const perms = token.permissions;
      const missing = Object.entries(route.perm).filter(([name, level]: [string, Level]) => {
        const have = perms[name] ?? (name === 'metadata' ? 'read' : 'none');
        return (levelRank[have] ?? 0) < (levelRank[level] ?? 0);
      });
      if (missing.length > 0) {
        const accepted = Object.entries(route.perm)
          .map(([n, l]) => `${n}=${l}`)
          .join(',');
        json(
          res,
          403,
          { message: 'Resource not accessible by integration', documentation_url: op.documentationUrl, status: '403' },
          { ...rateHeaders, 'x-accepted-github-permissions': accepted },
        );
        log(403, operationName, faultLabel);
        return;
      }
    }

    // Handler
    const apiBase = viaGhesPrefix ? `${this.baseUrl}/api/v3` : this.baseUrl;
    const ctx: Ctx = {
      state: this.state,
      // URLs in answers (and Link headers) are under the API root the client used.
      api: apiBase,
      rate: this.books.window(tokenMatch[1]),
      method,
      path,
      params: pathParams,
      query,
      body,
      token,
      url,
      headers: req.headers,
    };
    let result: Result;
    try {
      const override = this.overrides.get(operationName ?? '');
      result = override ? override(ctx, (c) => route.handle(c)) : route.handle(ctx);
    } catch (error) {
      if (error instanceof HttpError) {
        result = {
          status: error.status,
          body: {
            message: error.message,
            documentation_url: op.documentationUrl,
            status: String(error.status),
            ...error.extra,
          },
        };
      } else {
        throw error;
      }
    }
    if (fault?.kind === 'hold' && fault.when === 'after') {
      await new Promise<void>((resolve) => {
        this.held.push(resolve);
        this.notify();
      });
      if (this.closing) {
        log(0, operationName, faultLabel);
        return;
      }
    }
    if (result.raw) {
      if (!res.destroyed) {
        res.writeHead(result.status, {
          'content-type': result.raw.contentType,
          ...rateHeaders,
          ...(result.headers ?? {}),
        });
        res.end(result.raw.data);
      }
      log(result.status, operationName, faultLabel);
      return;
    }
    const books = this.books.answer(tokenMatch[1], method, result.status, result.body, req.headers['if-none-match']);
    const headers = { ...books.headers, ...expiryHeader, ...(result.headers ?? {}) };
    this.checkResponse(op, method, path, result, headers, { url, apiBase });
    if (books.notModified) {
      if (!res.destroyed) {
        res.writeHead(304, { ...books.headers, ...expiryHeader });
        res.end();
      }
      log(304, operationName, faultLabel);
      return;
    }
    json(res, result.status, result.body, headers);
    log(result.status, operationName, faultLabel);
  }

  /**
   * Whether a request carries a credential: an Authorization header or a cookie, or a token value
   * (one seeded, or one sent earlier in an Authorization header) anywhere else in its headers, its
   * path or its query — so "no credential reached the blob route" also covers a token leaked through
   * another header (`x-github-token`, a proxy header) or a query parameter. Values shorter than 8
   * characters are not looked for (they would match by chance).
   */
  private carriesCredential(headers: IncomingMessage['headers'], url: URL): boolean {
    const auth = headers.authorization;
    const sent = auth ? /^(?:token|bearer|basic)\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
    if (sent) this.seenTokens.add(sent);
    if (auth !== undefined || headers.cookie !== undefined) return true;
    const known = [...this.state.tokens.keys(), ...this.seenTokens].filter((t) => t.length >= 8);
    if (known.length === 0) return false;
    let target = `${url.pathname}${url.search}`;
    try {
      target += `\n${decodeURIComponent(target)}`;
    } catch {
      // a malformed escape: the raw form is searched
    }
    const values = Object.values(headers).flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
    return known.some((t) => target.includes(t) || values.some((v) => v.includes(t)));
  }

  /**
   * The blob route (blobs.ts): GET/HEAD only, no credential allowed. Answers like blob storage
   * (XML errors), not like the API: it is not part of GitHub's REST description.
   */
  private blob(
    method: string,
    path: string,
    headers: IncomingMessage['headers'],
  ): { status: number; contentType: string; data: Buffer } {
    const error = (status: number, code: string, message: string) => ({
      status,
      contentType: 'application/xml',
      data: Buffer.from(
        `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
      ),
    });
    if (method !== 'GET' && method !== 'HEAD') return error(405, 'UnsupportedHttpVerb', 'GET only');
    if (headers.authorization !== undefined || headers.cookie !== undefined) {
      return error(403, 'AuthenticationFailed', 'A pre-signed URL takes no Authorization header or cookie.');
    }
    const m = /^\/_blobs\/attestations\/(\d+)$/.exec(path);
    const attestation = m ? findAttestation(this.state, Number(m[1])) : undefined;
    if (!attestation) return error(404, 'BlobNotFound', 'The specified blob does not exist.');
    const { contentType, data } = attestationBlob(attestation);
    return { status: 200, contentType, data };
  }

  /**
   * Validate an answer against the description, strictly: the status must be one the operation
   * declares (or that a fact in github-facts.ts declares for it), the body must match that
   * status's schema as the handler produced it (nothing is filled in), and the headers must be
   * well formed (rate-limit headers consistent; a `Link` header only where the description declares
   * one, pointing back at the emulator with consistent page/per_page or cursors). A mismatch is
   * recorded as a `response` violation (an emulator bug), which fails the test that caused it.
   */
  private checkResponse(
    op: CompiledOperation,
    method: string,
    path: string,
    result: Result,
    headers: Record<string, string>,
    request: { url: URL; apiBase: string },
  ): void {
    const operation = `${op.method} ${op.template}`;
    const errors: string[] = [];
    const declared = op.responseSchema(result.status);
    if (!declared.declared) {
      errors.push(
        `status ${result.status} is not declared (declared: ${op.responseStatuses.join(', ')}); if GitHub really sends it, declare it with a fact in github-facts.ts`,
      );
    } else if (declared.schema === undefined) {
      if (result.body !== undefined && result.status !== 204)
        errors.push(`status ${result.status} declares no body, but one was sent`);
    } else if (declared.validate && !declared.validate(result.body)) {
      errors.push(...formatAjvErrors(declared.validate.errors, 'response'));
    }
    // Handlers that keep their own books on the emulator's clock (the audit log's hourly limit) and the
    // books on real time may both answer: a reset is in the past only when it is for both clocks.
    errors.push(...checkRateLimitHeaders(headers, Math.min(Date.now(), Date.parse(this.state.now())) / 1000));
    errors.push(...checkLinkHeader(op, result, headers, request));
    if (errors.length > 0) this.recordResponse(method, path, operation, result.status, errors);
  }

  private recordResponse(method: string, path: string, operation: string, status: number, errors: string[]): void {
    this.recordViolation({
      kind: 'response',
      method,
      path,
      operation,
      status,
      errors,
      message: `emulator: response does not match GitHub's OpenAPI description: ${operation} → ${status}: ${errors.join('; ')}`,
    });
  }

  /** The control API under /_emulator/. */
  private control(method: string, path: string, body: unknown, url: URL): Result {
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    const booked = this.books.control(method, path, body);
    if (booked) return booked;
    try {
      switch (route) {
        case 'POST /_emulator/reset':
          this.reset();
          return { status: 200, body: { ok: true } };
        case 'POST /_emulator/seed':
          if (!isObject(body)) return { status: 400, body: { message: 'seed: expected a JSON object' } };
          this.seed(body);
          return { status: 200, body: { ok: true } };
        case 'GET /_emulator/state':
          return { status: 200, body: dumpState(this.state) };
        case 'GET /_emulator/secrets':
          return { status: 200, body: this.secrets() };
        case 'GET /_emulator/environments':
        case 'GET /_emulator/deployments':
        case 'GET /_emulator/issues':
        case 'GET /_emulator/variables':
        case 'GET /_emulator/runs': {
          const key = path.split('/')[2] ?? '';
          const dump = dumpState(this.state) as { repos: Record<string, Record<string, unknown>> };
          const out: Record<string, unknown> = {};
          for (const [name, repo] of Object.entries(dump.repos)) out[name] = repo[key];
          return { status: 200, body: out };
        }
        case 'GET /_emulator/faults':
          return { status: 200, body: this.faultList() };
        case 'POST /_emulator/faults': {
          const list = Array.isArray(body) ? (body as unknown[]) : [body];
          const ids = list.map((f) => {
            if (!isObject(f) || typeof f.kind !== 'string') throw new Error('fault: expected { kind, ... }');
            return this.addFault(f as unknown as FaultSpec);
          });
          return { status: 201, body: { ids } };
        }
        case 'DELETE /_emulator/faults':
          this.clearFaults();
          return { status: 204 };
        case 'POST /_emulator/release':
          return { status: 200, body: { released: this.release() } };
        case 'GET /_emulator/requests':
          return { status: 200, body: this.requests() };
        case 'DELETE /_emulator/requests':
          this.clearRequests();
          return { status: 204 };
        case 'GET /_emulator/stats':
          return { status: 200, body: this.stats() };
        case 'GET /_emulator/violations':
          return { status: 200, body: this.violations() };
        case 'DELETE /_emulator/violations':
          this.clearViolations();
          return { status: 204 };
        case 'GET /_emulator/settings':
          return { status: 200, body: { latencyMs: this.latencyMs } };
        case 'POST /_emulator/settings':
          if (isObject(body) && typeof body.latencyMs === 'number') this.latencyMs = body.latencyMs;
          return { status: 200, body: { latencyMs: this.latencyMs } };
        case 'GET /_emulator/routes':
          return { status: 200, body: this.routeList() };
        default:
          return { status: 404, body: { message: `emulator: no control endpoint ${route}`, query: url.search } };
      }
    } catch (error) {
      return { status: 400, body: { message: error instanceof Error ? error.message : String(error) } };
    }
  }
}

/** `2026-01-01 13:00:00 UTC`: the form GitHub uses in `github-authentication-token-expiration`. */
function tokenExpirationHeader(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
