/**
 * Checks on the headers of the emulator's API answers, made by the server before it sends one:
 * the rate-limit headers GitHub sends on every REST answer, and the `Link` header of paginated
 * lists. A failed check is a `response` violation (an emulator bug).
 *
 * Sources:
 * - rate limits: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit
 *   (`x-ratelimit-limit`, `-remaining`, `-used`, `-reset` in UTC epoch seconds, `-resource`);
 *   the resource names are the keys of `rate-limit-overview.resources` in the description.
 * - pagination: https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
 *   (`Link: <url>; rel="next", <url>; rel="last"`, rel values prev/next/first/last; page-based
 *   lists carry `page`/`per_page`, cursor-based ones `after`/`before`); octokit's
 *   `@octokit/plugin-paginate-rest` follows `rel="next"` URLs verbatim.
 */
import type { CompiledOperation } from './openapi.ts';
import { isObject } from './openapi.ts';
import type { Result } from './routes.ts';

/** One token's rate-limit window. */
export interface RateWindow {
  limit: number;
  used: number;
  /** UTC epoch seconds when the window resets. */
  reset: number;
  resource: string;
}

const RESOURCES = new Set([
  'core',
  'graphql',
  'search',
  'code_search',
  'source_import',
  'integration_manifest',
  'actions_runner_registration',
  'scim',
  'dependency_snapshots',
  'dependency_sbom',
  'code_scanning_autofix',
  'copilot_usage_records',
]);

/** The rate-limit headers for a window. */
export function rateLimitHeaders(w: RateWindow): Record<string, string> {
  return {
    'x-ratelimit-limit': String(w.limit),
    'x-ratelimit-remaining': String(w.limit - w.used),
    'x-ratelimit-used': String(w.used),
    'x-ratelimit-reset': String(w.reset),
    'x-ratelimit-resource': w.resource,
  };
}

const nonNegativeInt = /^(0|[1-9]\d*)$/;

/** `x-ratelimit-*`: all five present, integers, `used + remaining = limit`, reset not in the past, a known resource. */
export function checkRateLimitHeaders(headers: Record<string, string>, nowSeconds = Date.now() / 1000): string[] {
  const errors: string[] = [];
  const values: Record<string, number> = {};
  for (const name of ['limit', 'remaining', 'used', 'reset']) {
    const raw = headers[`x-ratelimit-${name}`];
    if (raw === undefined) errors.push(`header x-ratelimit-${name} is missing`);
    else if (!nonNegativeInt.test(raw)) errors.push(`header x-ratelimit-${name} is not a non-negative integer: ${raw}`);
    else values[name] = Number(raw);
  }
  const resource = headers['x-ratelimit-resource'];
  if (resource === undefined) errors.push('header x-ratelimit-resource is missing');
  else if (!RESOURCES.has(resource))
    errors.push(`header x-ratelimit-resource is not a GitHub rate-limit resource: ${resource}`);
  const { limit, remaining, used, reset } = values;
  if (limit !== undefined && remaining !== undefined && used !== undefined && used + remaining !== limit)
    errors.push(`rate-limit headers disagree: used ${used} + remaining ${remaining} ≠ limit ${limit}`);
  if (reset !== undefined && reset < Math.floor(nowSeconds))
    errors.push(`header x-ratelimit-reset ${reset} is in the past`);
  return errors;
}

const PAGE_PARAMS = new Set(['page', 'per_page', 'after', 'before']);
const RELS = new Set(['next', 'prev', 'first', 'last']);

/** Does the operation paginate (a `Link` header may be sent)? */
export function paginates(op: CompiledOperation, status: number): boolean {
  return op.linkStatuses.includes(String(status)) || op.queryParameters.some((p) => PAGE_PARAMS.has(p));
}

/** The list a paginated answer pages through: the array body, or the one array property of an object body. */
function pageItems(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body as unknown[];
  if (!isObject(body)) return undefined;
  const arrays = Object.values(body).filter((v) => Array.isArray(v));
  return arrays.length === 1 ? (arrays[0] as unknown[]) : undefined;
}

/** Parse `Link: <url>; rel="x", ...`; errors for anything malformed. */
export function parseLink(value: string): { links: Map<string, URL>; errors: string[] } {
  const links = new Map<string, URL>();
  const errors: string[] = [];
  for (const part of value.split(/,\s*(?=<)/)) {
    const m = /^\s*<([^<>\s]+)>\s*;\s*rel="([^"]+)"\s*$/.exec(part);
    if (!m?.[1] || !m[2]) {
      errors.push(`Link header part is malformed: ${JSON.stringify(part)}`);
      continue;
    }
    const rel = m[2];
    if (!RELS.has(rel)) errors.push(`Link header has an unknown rel "${rel}"`);
    if (links.has(rel)) errors.push(`Link header has rel "${rel}" twice`);
    let url: URL;
    try {
      url = new URL(m[1]);
    } catch {
      errors.push(`Link header URL is not absolute: ${m[1]}`);
      continue;
    }
    links.set(rel, url);
  }
  return { links, errors };
}

function positiveInt(value: string | null): number | undefined {
  return value !== null && /^[1-9]\d*$/.test(value) ? Number(value) : undefined;
}

/**
 * `Link`: only on operations that paginate; well formed; every URL on the emulator at the
 * requested path (under the API base the client used) with the request's other query parameters
 * kept; page-based links agree with the request (next = page + 1, prev = page − 1, first = 1,
 * last ≥ next, one per_page for all) and a page with a next link is full; cursor-based links use
 * `after` (next) / `before` (prev). Any paginated answer holds at most per_page items.
 */
export function checkLinkHeader(
  op: CompiledOperation,
  result: Result,
  headers: Record<string, string>,
  request: { url: URL; apiBase: string },
): string[] {
  const errors: string[] = [];
  const value = headers.link;
  const isPaginated = paginates(op, result.status);
  const items = result.status < 300 ? pageItems(result.body) : undefined;
  const requestedPerPage = positiveInt(request.url.searchParams.get('per_page'));
  // What GitHub honours: the request's per_page up to the operation's maximum, else its default.
  const requested = requestedPerPage ?? op.defaultPerPage;
  const perPage = requested === undefined ? undefined : Math.min(requested, op.maxPerPage);
  if (isPaginated && items && perPage !== undefined && items.length > perPage)
    errors.push(`a page holds ${items.length} items, more than per_page ${perPage}`);
  if (value === undefined) return errors;
  if (!isPaginated) return [...errors, `Link header on ${op.method} ${op.template}, which does not paginate`];
  const parsed = parseLink(value);
  errors.push(...parsed.errors);
  const base = new URL(request.apiBase);
  const expectedPath = `${base.pathname.replace(/\/$/, '')}${request.url.pathname}`;
  const kept = (u: URL): string =>
    [...u.searchParams.entries()]
      .filter(([k]) => !PAGE_PARAMS.has(k))
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('&');
  const requestKept = kept(request.url);
  for (const [rel, url] of parsed.links) {
    if (url.origin !== base.origin || url.pathname !== expectedPath)
      errors.push(
        `Link rel="${rel}" points off the requested list: ${url.toString()} (expected ${base.origin}${expectedPath})`,
      );
    if (kept(url) !== requestKept)
      errors.push(`Link rel="${rel}" changes the request's query (${kept(url)} vs ${requestKept})`);
  }
  const pageBased = [...parsed.links.values()].some((u) => u.searchParams.has('page'));
  if (pageBased) {
    const current = positiveInt(request.url.searchParams.get('page')) ?? 1;
    const pages = new Map<string, number | undefined>();
    const perPages = new Set<string | null>();
    for (const [rel, url] of parsed.links) {
      pages.set(rel, positiveInt(url.searchParams.get('page')));
      perPages.add(url.searchParams.get('per_page'));
      if (url.searchParams.has('after') || url.searchParams.has('before'))
        errors.push(`Link rel="${rel}" mixes page and cursor parameters`);
    }
    for (const [rel, page] of pages) if (page === undefined) errors.push(`Link rel="${rel}" has no valid page`);
    if (perPages.size > 1) errors.push(`Link URLs disagree on per_page: ${[...perPages].join(', ')}`);
    const [linkPerPage] = [...perPages];
    if (
      requestedPerPage !== undefined &&
      perPage !== undefined &&
      typeof linkPerPage === 'string' &&
      Number(linkPerPage) !== perPage
    )
      errors.push(`Link per_page ${linkPerPage} differs from the ${perPage} the request gets`);
    const next = pages.get('next');
    const prev = pages.get('prev');
    const last = pages.get('last');
    if (parsed.links.has('next') && next !== current + 1)
      errors.push(`Link rel="next" is page ${next}, expected ${current + 1}`);
    if (parsed.links.has('prev') && prev !== current - 1)
      errors.push(`Link rel="prev" is page ${prev}, expected ${current - 1}`);
    if (parsed.links.has('first') && pages.get('first') !== 1) errors.push('Link rel="first" is not page 1');
    if (parsed.links.has('next') !== parsed.links.has('last'))
      errors.push('Link has one of rel="next"/rel="last" without the other');
    if (last !== undefined && next !== undefined && last < next)
      errors.push(`Link rel="last" (${last}) is before rel="next" (${next})`);
    if (current > 1 && !parsed.links.has('prev')) errors.push(`page ${current} has no rel="prev"`);
    if (parsed.links.has('next') && items && perPage !== undefined && items.length !== perPage)
      errors.push(`a page with rel="next" holds ${items.length} items, not per_page ${perPage}`);
  } else {
    for (const [rel, url] of parsed.links) {
      if (rel === 'next' && !url.searchParams.get('after')) errors.push('cursor Link rel="next" has no after');
      if (rel === 'prev' && !url.searchParams.get('before')) errors.push('cursor Link rel="prev" has no before');
      if (rel === 'last') errors.push('cursor-based Link has rel="last"');
    }
  }
  return errors;
}
