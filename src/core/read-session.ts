/**
 * One run's GitHub reads: the request cache it loads and saves (conditional requests) and its
 * request budget. The audit-secrets action and the `audit` / `assess` commands open one, create the
 * client with it, and save it at the end, so that an audit and an assessment of the same scope
 * share one collection, and a run stopped by its budget is continued by the next.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { apiBaseUrl } from './github.js';
import { cacheFileIn, type CacheScope, ConditionalCache, RequestBudget } from './conditional.js';
import { ConfigurationError, errorMessage } from './errors.js';

export interface ReadSessionConfig {
  /** The cache file (action) ; empty: no cache. */
  readonly cacheFile?: string;
  /** The cache directory (CLI): the file inside is named after the API URL and scope. */
  readonly cacheDir?: string;
  /** Rate-limit units the run may spend (0: no limit of its own). */
  readonly maxRequests: number;
  /** A matrix shard's part of the budget: shard i of `shards` gets max-requests / shards. */
  readonly shards?: number;
  /**
   * The matrix shard this run reads (its count also splits the budget): part of the cache scope, so
   * that a shard never takes another shard's cache for its own (discarded with a warning).
   */
  readonly shard?: { readonly index: number; readonly count: number };
  /** An organization, or the repositories read. */
  readonly organization?: string;
  readonly repositories?: readonly string[];
  /** Requests to leave on the token (default: a tenth of its hourly limit, at least 50). */
  readonly headroom?: number;
  /**
   * A secret that makes the cache file encrypted and authenticated (AES-256-GCM); empty: a
   * checksum only (the file is then protected only by where it is kept).
   */
  readonly cacheKey?: string;
}

/** What a cache is about: the organization (and the shard of it), or the sorted repository list. */
export function cacheScopeOf(
  organization: string | undefined,
  repositories: readonly string[] = [],
  shard?: { readonly index: number; readonly count: number },
): string {
  if (organization) return `org:${organization.toLowerCase()}${shard ? ` shard:${shard.index}/${shard.count}` : ''}`;
  return `repos:${[...repositories]
    .map((r) => r.toLowerCase())
    .sort()
    .join(',')}`;
}

/** `$XDG_CACHE_HOME/secure-deploy`, else `~/.cache/secure-deploy`: the CLI's default cache directory. */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'secure-deploy');
}

export class ReadSession {
  readonly cache: ConditionalCache | undefined;
  readonly file: string | undefined;
  readonly budget: RequestBudget;

  private constructor(cache: ConditionalCache | undefined, file: string | undefined, budget: RequestBudget) {
    this.cache = cache;
    this.file = file;
    this.budget = budget;
  }

  static async open(config: ReadSessionConfig, warn: (message: string) => void): Promise<ReadSession> {
    if (!Number.isInteger(config.maxRequests) || config.maxRequests < 0) {
      throw new ConfigurationError(`max-requests must be a whole number, 0 for no limit, not '${config.maxRequests}'.`);
    }
    const shards = Math.max(1, config.shard?.count ?? config.shards ?? 1);
    const share = config.maxRequests > 0 ? Math.floor(config.maxRequests / shards) : 0;
    if (config.maxRequests > 0 && share < 1) {
      throw new ConfigurationError(
        `max-requests ${config.maxRequests} split between ${shards} shards leaves less than one request each.`,
      );
    }
    const budget = new RequestBudget({ maxRequests: share, headroom: config.headroom });
    const scope: CacheScope = {
      apiUrl: apiBaseUrl(),
      scope: cacheScopeOf(config.organization, config.repositories, config.shard),
    };
    const file = config.cacheFile || (config.cacheDir ? cacheFileIn(config.cacheDir, scope) : undefined);
    const cache = file ? await ConditionalCache.load(file, scope, warn, config.cacheKey) : undefined;
    return new ReadSession(cache, file, budget);
  }

  /** Options for createGitHubClient. */
  get clientOptions(): { cache?: ConditionalCache; budget: RequestBudget } {
    return { cache: this.cache, budget: this.budget };
  }

  /**
   * Options for the audit log's client: its own limit (1,750 queries an hour) stops the read, to
   * resume next run, rather than sleeping an hour; the session's budget (not its cache) applies, so
   * audit-log reads count against max-requests and keep the token's headroom.
   */
  get auditLogClientOptions(): { rateLimitRetries: number; retries: number; budget: RequestBudget } {
    return { rateLimitRetries: 0, retries: 1, budget: this.budget };
  }

  /** Records repositories read completely in this run (read last next time). */
  markRead(repositories: readonly string[], now = new Date()): void {
    for (const r of repositories) this.cache?.lastRead.set(r, now.toISOString());
  }

  /** Saves the cache; a failure to save is a warning (the next run reads afresh), never a failed audit. */
  async save(warn: (message: string) => void): Promise<void> {
    if (!this.cache || !this.file) return;
    try {
      await this.cache.save(this.file);
    } catch (error) {
      warn(`The request cache ${this.file} could not be saved (${errorMessage(error)}); the next run reads afresh.`);
    }
  }

  /** Units, requests, 304s and reuse, for the summary and the log. */
  describe(): string {
    const b = this.budget;
    const parts = [
      `${b.spent} rate-limit units spent`,
      `${b.sent} requests sent`,
      `${b.notModified} answered 304 Not Modified (free)`,
    ];
    if (b.graphqlQueries > 0)
      parts.push(`${b.graphqlPoints} GraphQL points in ${b.graphqlQueries} bulk queries (counted in the units)`);
    if (this.cache) parts.push(`${this.cache.stats.reused} answers shared within the run`);
    if (b.maxRequests > 0) parts.push(`budget ${b.maxRequests}`);
    if (b.remaining !== undefined) parts.push(`${b.remaining} of ${b.limit ?? '?'} left on the token`);
    return `${parts.join(', ')}.`;
  }
}
