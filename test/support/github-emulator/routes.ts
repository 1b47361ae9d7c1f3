/** Route definitions shared by the handler modules. */
import { HttpError, notFound } from './errors.ts';
import type { SpecName } from './openapi.ts';
import { isObject } from './openapi.ts';
import type { RateWindow } from './headers.ts';
import type { RenderContext } from './render.ts';
import { findByName, type Environment, type Org, type Repo, type TokenInfo } from './state.ts';

export interface Ctx extends RenderContext {
  method: string;
  path: string;
  /** Path parameters, decoded and coerced by the OpenAPI validator. */
  params: Record<string, unknown>;
  /** Query parameters, coerced by the OpenAPI validator. */
  query: Record<string, unknown>;
  body: unknown;
  token: TokenInfo;
  url: URL;
  /** Request headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** The token's rate-limit window, this request counted (what the `x-ratelimit-*` headers say). */
  rate: RateWindow;
}

export interface Result {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (e.g. `application/vnd.github.raw`); not validated against the description. */
  raw?: { contentType: string; data: Buffer };
}

export type Level = 'read' | 'write' | 'admin';
/** Every listed permission is needed. */
export type Perm = Record<string, Level>;

export interface Route {
  method: string;
  template: string;
  spec?: SpecName;
  perm: Perm | null;
  handle(ctx: Ctx): Result;
}

export function route(
  method: string,
  template: string,
  perm: Perm | null,
  handle: (ctx: Ctx) => Result,
  spec?: SpecName,
): Route {
  return { method, template, perm, handle, spec };
}

export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

export function int(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

export function bodyObject(ctx: Ctx): Record<string, unknown> {
  return isObject(ctx.body) ? ctx.body : {};
}

export function repoOf(ctx: Ctx): Repo {
  const repo = ctx.state.getRepo(str(ctx.params.owner), str(ctx.params.repo));
  if (!repo) throw notFound();
  return repo;
}

export function orgOf(ctx: Ctx): Org {
  const org = ctx.state.getOrg(str(ctx.params.org));
  if (!org) throw notFound();
  return org;
}

export function envOf(ctx: Ctx, repo: Repo): Environment {
  const env = findByName(repo.environments, str(ctx.params.environment_name));
  if (!env) throw notFound();
  return env;
}

export function ok(body: unknown, status = 200, headers?: Record<string, string>): Result {
  return { status, body, headers };
}

export function noContent(): Result {
  return { status: 204 };
}

export function fail(status: number, message: string, extra: Record<string, unknown> = {}): never {
  throw new HttpError(status, message, extra);
}

/** Page through a list like GitHub (`per_page` ≤ max, `page`), adding a `Link` header. */
export function paginate<T>(ctx: Ctx, items: T[], headers: Record<string, string>, max = 100, def = 30): T[] {
  const perPage = Math.min(Math.max(int(ctx.query.per_page) ?? def, 1), max);
  const page = Math.max(int(ctx.query.page) ?? 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number): string => {
    const u = new URL(`${ctx.api}${ctx.url.pathname}${ctx.url.search}`);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return u.toString();
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`);
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`);
  if (page < last) rels.push(`<${link(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${link(1)}>; rel="first"`);
  if (rels.length > 0) headers.link = rels.join(', ');
  return items.slice((page - 1) * perPage, page * perPage);
}

export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return [];
}
