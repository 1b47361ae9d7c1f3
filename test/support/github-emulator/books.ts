/**
 * The emulator keeps GitHub's books: per-token hourly budgets with moving `x-ratelimit-*` headers,
 * `ETag`s derived from the answer body and the token (so they change only when the resource
 * changes, and differ between tokens, as GitHub's do: fact etag-per-token), and
 * conditional requests answered `304 Not Modified` without counting.
 *
 * Sources (GitHub REST docs):
 * - "Rate limits for the REST API" (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 *   5,000 requests an hour for a personal access token or a GitHub App installation, 1,000 an hour
 *   per repository for a workflow's GITHUB_TOKEN; every answer carries `x-ratelimit-limit`,
 *   `-remaining`, `-used`, `-reset` (epoch seconds) and `-resource`; past the limit GitHub answers
 *   403 or 429 with `x-ratelimit-remaining: 0`. `GET /rate_limit` does not count.
 * - "Best practices for using the REST API", "Use conditional requests if appropriate"
 *   (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate):
 *   most endpoints return an `etag` header; a request with `if-none-match` whose data has not
 *   changed gets `304 Not Modified`, and "making a conditional request does not count against your
 *   primary rate limit if a 304 response is returned and the request was made while correctly
 *   authorized with an Authorization header".
 */
import { createHash } from 'node:crypto';
import { fact } from './github-facts.ts';
import { isObject } from './openapi.ts';
import type { RateWindow } from './headers.ts';
import type { Result } from './routes.ts';

// The behaviours modelled here, with their sources (github-facts.ts).
fact('conditional-get-304');
fact('rest-hourly-budget');
fact('etag-per-token');

const HOUR_SECONDS = 3600;
const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits';

interface Account {
  resource: 'core' | 'graphql';
  limit: number;
  used: number;
  /** Epoch seconds when the window ends and `used` returns to 0. */
  reset: number;
}

export interface BooksSummary {
  /** Requests that counted against a budget (every authorized API request except 304s). */
  counted: number;
  /** Conditional requests answered 304 (not counted). */
  notModified: number;
  /** Requests refused because the token's budget was spent. */
  refused: number;
  /** GraphQL points charged (their own budget, `x-ratelimit-resource: graphql`). */
  graphqlPoints: number;
  /** Per token (by the first 8 hex digits of its SHA-256, never the token): limit, used, remaining. */
  tokens: Record<string, { limit: number; used: number; remaining: number; reset: number }>;
}

/** A token is known by a digest in the books and the control API: tokens never appear there. */
function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 8);
}

/** Canonical JSON of an answer body: the same resource gives the same bytes, whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class Books {
  private accounts = new Map<string, Account>();
  /** Configured hourly limits by token id (seeded GITHUB_TOKENs: 1,000; default 5,000). */
  private limits = new Map<string, number>();
  defaultLimit = 5000;
  counted = 0;
  notModified = 0;
  refused = 0;

  reset(): void {
    this.accounts.clear();
    this.limits.clear();
    this.defaultLimit = 5000;
    this.clearCounts();
  }

  clearCounts(): void {
    this.counted = 0;
    this.notModified = 0;
    this.refused = 0;
    this.graphqlPoints = 0;
  }

  private account(token: string, resource: 'core' | 'graphql' = 'core'): Account {
    const id = resource === 'core' ? tokenId(token) : `${tokenId(token)}:${resource}`;
    const now = Math.floor(Date.now() / 1000);
    let a = this.accounts.get(id);
    if (!a || now >= a.reset) {
      a = { limit: this.limits.get(id) ?? this.defaultLimit, used: 0, reset: now + HOUR_SECONDS, resource };
      this.accounts.set(id, a);
    }
    return a;
  }

  /** A token's budget as it stands (nothing counted), for `GET /rate_limit`. */
  window(token: string): RateWindow {
    const a = this.account(token);
    return { limit: a.limit, used: a.used, reset: a.reset, resource: 'core' };
  }

  /** The `x-ratelimit-*` headers for a token's budget as it stands (nothing counted). */
  headersFor(token: string): Record<string, string> {
    return this.headers(this.account(token));
  }

  private headers(a: Account): Record<string, string> {
    return {
      'x-ratelimit-limit': String(a.limit),
      'x-ratelimit-remaining': String(Math.max(0, a.limit - a.used)),
      'x-ratelimit-used': String(a.used),
      'x-ratelimit-reset': String(a.reset),
      'x-ratelimit-resource': a.resource,
    };
  }

  /** GraphQL points: charged per query (queryCost in graphql.ts), from the token's separate 5,000-point budget. */
  graphqlPoints = 0;

  chargeGraphql(
    token: string,
    cost: number,
  ): {
    ok: boolean;
    headers: Record<string, string>;
    rateLimit: { limit: number; remaining: number; used: number; resetAt: string };
  } {
    const a = this.account(token, 'graphql');
    const ok = a.used + cost <= a.limit;
    if (ok) {
      a.used += cost;
      this.graphqlPoints += cost;
    } else {
      this.refused++;
    }
    return {
      ok,
      headers: this.headers(a),
      rateLimit: {
        limit: a.limit,
        remaining: Math.max(0, a.limit - a.used),
        used: a.used,
        resetAt: new Date(a.reset * 1000).toISOString(),
      },
    };
  }

  /**
   * Admits an authorized request: counts it, or refuses it (403, `x-ratelimit-remaining: 0`, as
   * GitHub does for a spent primary budget) when the token's budget for this hour is spent.
   */
  admit(token: string): Result | undefined {
    const a = this.account(token);
    if (a.used >= a.limit) {
      this.refused++;
      return {
        status: 403,
        body: {
          message: `API rate limit exceeded for token ${tokenId(token)}.`,
          documentation_url: RATE_LIMIT_DOCS,
          status: '403',
        },
        headers: this.headers(a),
      };
    }
    a.used++;
    this.counted++;
    return undefined;
  }

  /**
   * The answer's headers: moving `x-ratelimit-*`, and for a 200 GET an `etag` from the token and
   * the body (no `last-modified`: no source shows GitHub sending one on the reads the suite makes). When
   * the request's `if-none-match` names that ETag, the answer becomes a 304 without a body and the
   * request is given back to the budget.
   */
  answer(
    token: string,
    method: string,
    status: number,
    body: unknown,
    ifNoneMatch: string | string[] | undefined,
  ): { notModified: boolean; headers: Record<string, string> } {
    const a = this.account(token);
    if (method !== 'GET' || status !== 200 || body === undefined)
      return { notModified: false, headers: this.headers(a) };
    // GitHub's ETags are specific to the token (fact etag-per-token): the same body read with
    // another token has another ETag, so that token's conditional request gets a 200 that counts.
    const etag = `W/"${createHash('sha256')
      .update(`${tokenId(token)}\n${canonical(body)}`)
      .digest('hex')
      .slice(0, 40)}"`;
    const asked = (Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : (ifNoneMatch ?? ''))
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .filter(Boolean);
    // Weak comparison (RFC 9110 §8.8.3.2), as If-None-Match uses.
    if (asked.includes('*') || asked.includes(etag.replace(/^W\//, ''))) {
      a.used = Math.max(0, a.used - 1);
      this.counted--;
      this.notModified++;
      return { notModified: true, headers: { etag, ...this.headers(a) } };
    }
    return { notModified: false, headers: { etag, ...this.headers(a) } };
  }

  summary(): BooksSummary {
    const tokens: BooksSummary['tokens'] = {};
    for (const [id, a] of this.accounts)
      tokens[id] = { limit: a.limit, used: a.used, remaining: Math.max(0, a.limit - a.used), reset: a.reset };
    return {
      counted: this.counted,
      notModified: this.notModified,
      refused: this.refused,
      graphqlPoints: this.graphqlPoints,
      tokens,
    };
  }

  /**
   * Control API: `GET /_emulator/rate-limits` (the books), `DELETE` (clear the counts),
   * `POST {token?, limit?, used?, default?}` (a token's hourly limit and what it has already used:
   * a GITHUB_TOKEN has 1,000 an hour, a token nearly spent has `used` close to `limit`).
   */
  control(method: string, path: string, body: unknown): Result | undefined {
    if (path.replace(/\/+$/, '') !== '/_emulator/rate-limits') return undefined;
    if (method === 'GET') return { status: 200, body: this.summary() };
    if (method === 'DELETE') {
      this.clearCounts();
      return { status: 204 };
    }
    if (method === 'POST' && isObject(body)) {
      if (typeof body.default === 'number') this.defaultLimit = body.default;
      if (typeof body.token === 'string') {
        const id = tokenId(body.token);
        if (typeof body.limit === 'number') this.limits.set(id, body.limit);
        this.accounts.delete(id);
        const a = this.account(body.token);
        if (typeof body.used === 'number') a.used = Math.min(a.limit, Math.max(0, body.used));
      }
      return { status: 200, body: this.summary() };
    }
    return { status: 400, body: { message: 'rate-limits: GET, DELETE, or POST {token, limit, used, default}' } };
  }
}
