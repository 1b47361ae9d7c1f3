/**
 * Downloads an attestation's bundle from its `bundle_url`: GitHub's attestations API answers
 * `"bundle": null` with a pre-signed blob-storage URL serving the bundle snappy-compressed
 * (`application/x-snappy`). gh does the same (cli/cli pkg/cmd/attestation/api/client.go,
 * `fetchBundleFromAttestations` / `getBundle`: a separate HTTP client for non-API hosts, snappy
 * block decoding, 5xx answers retried with a constant back-off up to three times).
 *
 * What this adds to gh's fetch:
 * - no credential of any kind: a plain `fetch` (never the Octokit client), no Authorization header,
 *   no cookies; the URL is pre-signed, so the GitHub token would only leak to the blob host;
 * - redirects are refused (`redirect: 'manual'`, then a 3xx is a failure): the pre-signed URL is
 *   served directly, and a redirect would send us to a host GitHub did not name;
 * - `https:` only (plain `http:` only on a loopback host, for local emulators), no user:password;
 * - a time limit per attempt, bounded retries of transient failures (network errors, time-outs,
 *   429 and 5xx), and a time budget for all of a run's downloads (DownloadBudget): 100 URLs that
 *   never answer would otherwise hold a run for 100 × 4 attempts × 30 s / 4 at a time ≈ 50 minutes;
 *   once the budget is spent, the downloads still running are aborted and the rest are not
 *   started, each failing closed with that reason;
 * - the compressed size capped while reading (Content-Length first), the uncompressed size capped
 *   from the snappy preamble before anything is allocated (decodeBlock);
 * - the snappy framing format and plain JSON are read too (by content type and magic bytes).
 * Error messages name the URL without its query string: that holds the pre-signed signature.
 */
import { errorMessage } from '../core/errors.js';
import { USER_AGENT } from '../core/github.js';
import { MAX_BUNDLE_BYTES } from './bundle.js';
import { decodeBlock, decodeFramed, FRAMED_MAGIC, SnappyError } from './snappy.js';

export interface DownloadOptions {
  /** Per attempt, covering the headers and the whole body (default 30 s; SECURE_DEPLOY_BUNDLE_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Further attempts after a transient failure (default 3, as gh). */
  readonly retries?: number;
  /** Wait before a retry, multiplied by the attempt number (default 200 ms, gh's interval). */
  readonly retryDelayMs?: number;
  /** Cap on the bytes read from the network and on the decoded bundle (default MAX_BUNDLE_BYTES). */
  readonly maxBytes?: number;
  /** The time budget shared by all of a run's downloads (see DownloadBudget). */
  readonly budget?: DownloadBudget;
  /** For tests: the fetch to use. */
  readonly fetch?: typeof fetch;
}

/** Default time budget for all of one run's bundle downloads: 5 minutes (SECURE_DEPLOY_DOWNLOAD_BUDGET_MS). */
export const DEFAULT_DOWNLOAD_BUDGET_MS = 5 * 60_000;

/**
 * A time budget shared by the downloads of one run, started by the first download. Once spent, a
 * download under way is aborted and no further one starts: each fails closed, naming the budget.
 */
export class DownloadBudget {
  readonly ms: number;
  #signal: AbortSignal | undefined;

  /** `signal` (for tests): ends the budget when aborted, instead of a timer of `ms`. */
  constructor(ms: number, signal?: AbortSignal) {
    this.ms = ms;
    this.#signal = signal;
  }

  /** The budget from SECURE_DEPLOY_DOWNLOAD_BUDGET_MS, else the default. */
  static fromEnvironment(): DownloadBudget {
    const value = process.env.SECURE_DEPLOY_DOWNLOAD_BUDGET_MS;
    const ms = value && /^\d{1,8}$/.test(value) && Number(value) > 0 ? Number(value) : DEFAULT_DOWNLOAD_BUDGET_MS;
    return new DownloadBudget(ms);
  }

  /** Aborts when the budget is spent; the clock starts at the first call. */
  get signal(): AbortSignal {
    this.#signal ??= AbortSignal.timeout(this.ms);
    return this.#signal;
  }

  get spent(): boolean {
    return this.#signal?.aborted ?? false;
  }

  get reason(): string {
    return `the run's time budget for downloading attestation bundles (${this.ms / 1000} s, SECURE_DEPLOY_DOWNLOAD_BUDGET_MS) is spent; refused`;
  }
}

/** A download that failed; `transient` ones are retried. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  readonly transient: boolean;
  constructor(message: string, transient = false) {
    super(message);
    this.transient = transient;
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL without query or fragment: what a message may show (the query is the pre-signed signature). */
export function displayUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** Checks a bundle_url before anything is sent to it. */
export function checkBundleUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DownloadError('bundle_url is not a URL');
  }
  if (url.username || url.password) throw new DownloadError('bundle_url carries a user name or password; refused');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new DownloadError(`bundle_url ${displayUrl(raw)} is not https; refused`);
  }
  return url;
}

function envTimeout(): number | undefined {
  const value = process.env.SECURE_DEPLOY_BUNDLE_TIMEOUT_MS;
  return value && /^\d{1,7}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a response body, stopping as soon as it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(`the bundle is ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new DownloadError(`the bundle is over the ${maxBytes}-byte limit`);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

function looksLikeJson(body: Buffer): boolean {
  for (const byte of body) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x7b;
  }
  return false;
}

/**
 * The bundle JSON in a downloaded body: snappy framed (by its stream identifier), plain JSON (by
 * a JSON content type, or no snappy content type and a body that starts with `{`), else a snappy
 * block. A snappy block can itself start with `{` (a 123-byte payload), so the content type wins.
 */
export function decodeBundleBody(body: Buffer, contentType: string, maxBytes: number): unknown {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  let text: Buffer;
  try {
    if (body.subarray(0, FRAMED_MAGIC.length).equals(FRAMED_MAGIC)) text = decodeFramed(body, maxBytes);
    else if (type === 'application/json' || (!type.includes('snappy') && looksLikeJson(body))) text = body;
    else text = decodeBlock(body, maxBytes);
  } catch (error) {
    if (error instanceof SnappyError) throw new DownloadError(error.message);
    throw error;
  }
  try {
    return JSON.parse(text.toString('utf8')) as unknown;
  } catch (error) {
    throw new DownloadError(`the downloaded bundle is not valid JSON (${errorMessage(error)})`);
  }
}

type Settings = Required<Omit<DownloadOptions, 'fetch' | 'budget'>> & { readonly budget?: DownloadBudget };

async function attempt(url: URL, options: Settings, f: typeof fetch) {
  const budget = options.budget;
  const perAttempt = AbortSignal.timeout(options.timeoutMs);
  const signal = budget ? AbortSignal.any([perAttempt, budget.signal]) : perAttempt;
  let response: Response;
  try {
    response = await f(url, {
      method: 'GET',
      // Nothing but what a blob host needs: no Authorization, no cookies, no redirects.
      headers: { accept: 'application/x-snappy, application/json;q=0.9', 'user-agent': USER_AGENT },
      credentials: 'omit',
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    if (budget?.spent) throw new DownloadError(budget.reason);
    const timedOut = (error as { name?: unknown }).name === 'TimeoutError';
    throw new DownloadError(
      timedOut
        ? `no answer within ${options.timeoutMs} ms`
        : `request failed (${errorMessage((error as { cause?: unknown }).cause ?? error)})`,
      true,
    );
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    let target: string;
    try {
      target = location ? displayUrl(new URL(location, url).toString()) : '(no location)';
    } catch {
      throw new DownloadError(`it answered ${response.status}; redirects are refused (unparseable location)`);
    }
    throw new DownloadError(`it answered ${response.status} redirecting to ${target}; redirects are refused`);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    const transient = response.status >= 500 || response.status === 429;
    throw new DownloadError(`it answered ${response.status}`, transient);
  }
  let body: Buffer;
  try {
    body = await readCapped(response, options.maxBytes);
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    if (budget?.spent) throw new DownloadError(budget.reason);
    const timedOut = (error as { name?: unknown }).name === 'TimeoutError';
    throw new DownloadError(
      timedOut
        ? `the body did not arrive within ${options.timeoutMs} ms`
        : `reading it failed (${errorMessage(error)})`,
      true,
    );
  }
  return decodeBundleBody(body, response.headers.get('content-type') ?? '', options.maxBytes);
}

/** Downloads and decodes one bundle; throws DownloadError with the reason (never the URL's query). */
export async function downloadBundle(raw: string, options: DownloadOptions = {}): Promise<unknown> {
  const url = checkBundleUrl(raw);
  const settings = {
    timeoutMs: options.timeoutMs ?? envTimeout() ?? 30_000,
    retries: options.retries ?? 3,
    retryDelayMs: options.retryDelayMs ?? 200,
    maxBytes: options.maxBytes ?? MAX_BUNDLE_BYTES,
    ...(options.budget ? { budget: options.budget } : {}),
  };
  const f = options.fetch ?? fetch;
  for (let n = 0; ; n++) {
    try {
      if (options.budget?.spent) throw new DownloadError(options.budget.reason);
      return await attempt(url, settings, f);
    } catch (error) {
      const transient = error instanceof DownloadError && error.transient;
      if (!transient || n >= settings.retries) {
        const tries = n > 0 ? ` (after ${n + 1} attempts)` : '';
        throw new DownloadError(`downloading ${displayUrl(raw)} failed: ${errorMessage(error)}${tries}`);
      }
      await sleep(settings.retryDelayMs * (n + 1));
    }
  }
}
