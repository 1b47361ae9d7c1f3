import * as core from '@actions/core';
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { type ConditionalCache, conditionalRequests, type RequestBudget, sharedAnswers } from './conditional.js';
import { ConfigurationError } from './errors.js';
import { maskSecret, redact } from './mask.js';

// conditionalRequests first: its hook is the innermost, so retry and throttling never see a 304;
// sharedAnswers last: an answer already confirmed in this run skips the throttling queue.
const GitHubOctokit = Octokit.plugin(conditionalRequests, retry, throttling, sharedAnswers);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  /** API base URL; defaults to `GITHUB_API_URL`, so GitHub Enterprise Server works unchanged. */
  readonly baseUrl?: string;
  /** Retries after a primary or secondary rate limit before giving up. */
  readonly rateLimitRetries?: number;
  /** Retries after a 5xx answer or a network error. */
  readonly retries?: number;
  /**
   * Minimum time between two writes (POST/PUT/PATCH/DELETE). GitHub asks integrations to space
   * writes about a second apart to stay clear of secondary rate limits, which is the default;
   * `SECURE_DEPLOY_WRITE_INTERVAL_MS` overrides it (e.g. 0 against a local API emulator).
   */
  readonly writeIntervalMs?: number;
  /** Conditional requests: answers and ETags kept between runs (src/core/conditional.ts). */
  readonly cache?: ConditionalCache;
  /** Rate-limit units this run may spend, and the headroom it leaves on the token. */
  readonly budget?: RequestBudget;
}

/** The longest pause between content-creating requests SECURE_DEPLOY_WRITE_INTERVAL_MS may ask for. */
export const MAX_WRITE_INTERVAL_MS = 60_000;

function writeInterval(options: GitHubClientOptions): number | undefined {
  if (options.writeIntervalMs !== undefined) return options.writeIntervalMs;
  const env = process.env.SECURE_DEPLOY_WRITE_INTERVAL_MS;
  if (env === undefined || !/^\d+$/.test(env)) return undefined;
  if (Number(env) > MAX_WRITE_INTERVAL_MS) {
    throw new ConfigurationError(
      `SECURE_DEPLOY_WRITE_INTERVAL_MS is ${env}; it must be at most ${MAX_WRITE_INTERVAL_MS} (one minute between writes).`,
    );
  }
  return Number(env);
}

export const USER_AGENT = 'secure-deploy/0.1';

/**
 * Octokit's request log goes to the runner's debug log; in a terminal (the CLI) `::debug::` lines
 * would pollute stdout, so there it goes to stderr only when SECURE_DEPLOY_DEBUG is set.
 */
/** Progress a person should see: the runner's log, or stderr in a terminal (stdout may be JSON). */
function notice(message: string): void {
  if (process.env.GITHUB_ACTIONS === 'true') core.info(message);
  else process.stderr.write(`${message}\n`);
}

function debugLog(message: string): void {
  if (process.env.GITHUB_ACTIONS === 'true') core.debug(redact(message));
  else if (process.env.SECURE_DEPLOY_DEBUG) process.stderr.write(`debug: ${redact(message)}\n`);
}

/** The API base URL: `GITHUB_API_URL` (GitHub Enterprise Server works unchanged), else api.github.com. */
export function apiBaseUrl(): string {
  return (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
}

/**
 * An Octokit client with retry (5xx, network errors) and throttling (primary and secondary rate
 * limits, honouring `retry-after`) plugins, pointed at `GITHUB_API_URL`.
 */
export function createGitHubClient(
  token: string | GitHubAppInstallation,
  options: GitHubClientOptions = {},
): GitHubClient {
  if (!token) {
    throw new ConfigurationError(
      "Input 'token' is empty: pass a token with `token: ${{ secrets.GITHUB_TOKEN }}` or give the job the permissions it needs.",
    );
  }
  const baseUrl = options.baseUrl?.replace(/\/+$/, '') ?? apiBaseUrl();
  const rateLimitRetries = options.rateLimitRetries ?? 4;
  const interval = writeInterval(options);
  return new GitHubOctokit({
    // A GitHub App installation: @octokit/auth-app mints installation tokens (one hour each) and
    // mints a new one before the cached one expires, so long waits keep working.
    ...(typeof token === 'string'
      ? { auth: token }
      : { authStrategy: createAppAuth, auth: { ...token, cache: installationTokenCache() } }),
    baseUrl,
    userAgent: USER_AGENT,
    conditionalCache: options.cache,
    requestBudget: options.budget,
    log: { debug: debugLog, info: debugLog, warn: debugLog, error: debugLog },
    // Not `request.retries`: set per request, plugin-retry retries every failure, 4xx included.
    retry: { retries: options.retries ?? 3 },
    throttle: {
      ...(interval === undefined
        ? {}
        : { write: new Bottleneck.Group({ id: 'secure-deploy-write', maxConcurrent: 1, minTime: interval }) }),
      onRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
        notice(`GitHub API rate limit hit on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
        return retryCount < rateLimitRetries;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        opts: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        notice(`GitHub API secondary rate limit hit on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
        return retryCount < rateLimitRetries;
      },
    },
  });
}

/** A fresh installation token is minted when the cached one has less than this left. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;

/**
 * @octokit/auth-app's token cache, kept here so that every installation token it mints is masked
 * at once, and a token is reused only while it has more than a minute left (by its `expires_at`,
 * rather than auth-app's fixed 59 minutes). Values are auth-app's `token|createdAt|expiresAt|...`.
 */
function installationTokenCache(): { get(key: string): string | undefined; set(key: string, value: string): void } {
  const entries = new Map<string, string>();
  return {
    get(key) {
      const value = entries.get(key);
      const expiresAt = Date.parse(value?.split('|')[2] ?? '');
      if (value === undefined || !(expiresAt - Date.now() > TOKEN_REFRESH_MARGIN_MS)) {
        entries.delete(key);
        return undefined;
      }
      return value;
    },
    set(key, value) {
      const token = value.split('|')[0] ?? '';
      if (token) maskSecret(token);
      entries.set(key, value);
    },
  };
}

/** A GitHub App's credentials and the installation to act as. */
export interface GitHubAppInstallation {
  readonly appId: string;
  readonly privateKey: string;
  readonly installationId: number;
}

/**
 * A client that authenticates as the GitHub App's installation on `owner/repo`, refreshing its
 * installation token as it expires. The installation is found with the app's JWT.
 */
export async function createGitHubAppClient(
  app: { readonly appId: string; readonly privateKey: string },
  owner: string,
  repo: string,
  options: GitHubClientOptions = {},
): Promise<GitHubClient> {
  if (!/^\d+$/.test(app.appId)) {
    throw new ConfigurationError(`Input 'app-id' must be the GitHub App's numeric id, not '${app.appId}'.`);
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(app.privateKey)) {
    throw new ConfigurationError(
      "Input 'app-private-key' is not a PEM private key: pass the app's private key (-----BEGIN RSA PRIVATE KEY-----...) from a secret.",
    );
  }
  const baseUrl = (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const asApp = new GitHubOctokit({
    authStrategy: createAppAuth,
    auth: { appId: app.appId, privateKey: app.privateKey },
    baseUrl,
    userAgent: USER_AGENT,
    log: { debug: debugLog, info: debugLog, warn: debugLog, error: debugLog },
    retry: { retries: options.retries ?? 3 },
    throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false },
  });
  let installationId: number;
  try {
    installationId = (await asApp.rest.apps.getRepoInstallation({ owner, repo })).data.id;
  } catch (error) {
    throw explainGitHubError(
      error,
      `finding GitHub App ${app.appId}'s installation on ${owner}/${repo} (install the app on the repository, and check 'app-id' and 'app-private-key')`,
    );
  }
  return createGitHubClient({ appId: app.appId, privateKey: app.privateKey, installationId }, options);
}

interface RequestErrorLike {
  status: number;
  message: string;
  stack?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

export function isRequestError(error: unknown): error is RequestErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** The HTTP status of a failed GitHub request, or undefined for anything else. */
export function errorStatus(error: unknown): number | undefined {
  return isRequestError(error) ? error.status : undefined;
}

/**
 * Turns a failed GitHub request into a message a person can act on: for 401/403/404, which
 * permission the token needs (from `x-accepted-github-permissions`) and what it was doing.
 * Other errors are returned unchanged.
 */
export function explainGitHubError(error: unknown, doing: string, neededPermission?: string): unknown {
  if (!isRequestError(error)) return error;
  const headers = error.response?.headers ?? {};
  const accepted = headers['x-accepted-github-permissions'];
  const permission = typeof accepted === 'string' && accepted !== '' ? accepted : neededPermission;
  const permissionHint = permission
    ? ` The token needs the permission '${permission.replace(/=/g, ': ').replace(/,/g, ', ')}' (set it under 'permissions:' in the workflow, or use a token that has it).`
    : '';
  switch (error.status) {
    case 401:
      return new ConfigurationError(
        `GitHub rejected the token while ${doing} (401 Bad credentials). Check the 'token' input.`,
      );
    case 403:
      return new ConfigurationError(`GitHub refused ${doing} (403: ${error.message}).${permissionHint}`);
    case 404:
      return new ConfigurationError(
        `GitHub answered 404 Not Found while ${doing}: it does not exist, or the token cannot see it.${permissionHint}`,
      );
    default:
      return error;
  }
}
