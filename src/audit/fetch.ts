import { errorStatus, type GitHubClient } from '../core/github.js';

/** Octokit's retry plugin would retry 404s too (the client sets `request.retries`); the reader retries itself. */
const NO_RETRY = { retries: 0 };

/**
 * Runs at most `limit` tasks at once. Used for every API read of the audit, so that an
 * organization of a thousand repositories is read with bounded concurrency.
 */
export class Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  readonly limit: number;

  constructor(limit: number) {
    this.limit = Math.max(1, limit);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * GitHub reads for the audit: every request goes through one pool (bounded concurrency), every
 * distinct GET is made once (memoised), and requests are counted for the summary and the benchmark.
 */
export class Reader {
  readonly client: GitHubClient;
  readonly pool: Pool;
  private readonly memo = new Map<string, Promise<unknown>>();
  requests = 0;
  private readonly retries = 3;

  constructor(client: GitHubClient, concurrency: number) {
    this.client = client;
    this.pool = new Pool(concurrency);
    client.hook.before('request', () => {
      this.requests++;
    });
  }

  /**
   * Retries server errors and network failures (not 4xx: a 404 is an answer, and asking again
   * would be a repeated read). Rate limits are handled by the client's throttling plugin.
   */
  private async withRetries<R>(fn: () => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const status = errorStatus(error);
        const transient = status === undefined || status === 0 || status >= 500;
        if (!transient || attempt >= this.retries) throw error;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  /** One GET, memoised by route and parameters. */
  get<T>(route: string, params: Record<string, string | number> = {}): Promise<T> {
    const key = `${route} ${JSON.stringify(params)}`;
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = this.pool.run(
        async () =>
          (await this.withRetries(() => this.client.request(route, { ...params, request: NO_RETRY }))).data as T,
      );
      this.memo.set(key, p);
    }
    return p;
  }

  /**
   * Every item of a list endpoint, following GitHub's `Link` header (per_page=100), memoised like
   * `get`. Octokit unwraps the `{ total_count, secrets: [...] }` bodies; `pick` handles any other shape.
   */
  list<T>(route: string, params: Record<string, string | number>, pick: (body: unknown) => readonly T[]): Promise<T[]> {
    const key = `list ${route} ${JSON.stringify(params)}`;
    let p = this.memo.get(key) as Promise<T[]> | undefined;
    if (!p) {
      p = this.pool.run(async () => {
        const items = (await this.withRetries(() =>
          this.client.paginate(route, { ...params, per_page: 100, request: NO_RETRY }),
        )) as unknown;
        return [...pick(items)];
      });
      this.memo.set(key, p);
    }
    return p;
  }

  /** GET that answers undefined for 404 instead of throwing. */
  async maybe<T>(route: string, params: Record<string, string | number> = {}): Promise<T | undefined> {
    try {
      return await this.get<T>(route, params);
    } catch (error) {
      if (errorStatus(error) === 404) return undefined;
      throw error;
    }
  }
}
