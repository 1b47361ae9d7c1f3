/**
 * GitHub artifact attestations, fetched by digest from a repository's or an organization's endpoint.
 *
 * As gh does (cli/cli pkg/cmd/attestation/api/client.go, `getAttestations`): pages following the
 * `Link` header's `next` cursor (`after`) until `limit` attestations are collected (at most 1000,
 * gh's maxLimitForFlag). The default limit is 100 rather than gh's 30, in pages of 30: one page of
 * CI builds attesting the same bytes must not hide the release's attestation behind it (each
 * bundle is one download whatever the page size, so pages of 30 cost one API request more per 30
 * attestations, and the common case of one or two is a single request). Only the cursor is taken from
 * the link: the next request goes to the same endpoint through the same client, never to a URL
 * the answer names (the client would send the token there). An attestation whose `bundle` is
 * null is downloaded from its `bundle_url` without any credential (bundle-url.ts).
 */
import { mapLimit } from '../core/concurrency.js';
import { errorMessage } from '../core/errors.js';
import { explainGitHubError, type GitHubClient } from '../core/github.js';
import { bundleFromValue, type LoadedBundle } from './bundle.js';
import { DownloadBudget, type DownloadOptions, downloadBundle } from './bundle-url.js';
import { ArtifactError } from './types.js';

export const DEFAULT_ATTESTATIONS_LIMIT = 100;
export const MAX_ATTESTATIONS_LIMIT = 1000;
const PAGE_SIZE = 30;

export interface AttestationScope {
  /** `owner/repo`: GET /repos/{owner}/{repo}/attestations/{subject_digest}. */
  readonly repository?: string;
  /** An organization: GET /orgs/{org}/attestations/{subject_digest}. */
  readonly owner?: string;
  /** Sent as `predicate_type` (GitHub also takes `provenance`, `sbom`, `release`). */
  readonly predicateType?: string;
  /** At most this many attestations are read (default 100, at most 1000). */
  readonly limit?: number;
  /** Only attestations whose `initiator` is this (GitHub's release attestations: `github`). */
  readonly initiator?: string;
  /** Download settings; without a `budget`, this source gets its own (SECURE_DEPLOY_DOWNLOAD_BUDGET_MS, default 5 minutes). */
  readonly download?: DownloadOptions;
}

/** What an attestations lookup found: bundles to verify, and the attestations that could not be read. */
export interface AttestationFetch {
  readonly bundles: LoadedBundle[];
  /** One reason per unreadable attestation (`attestation 2 of repository o/r: ...`). */
  readonly failures: string[];
}

/** Fetches attestations for a digest (`sha256:<hex>`, or `sha1:<commit>` for release attestations). */
export type AttestationSource = (digest: string) => Promise<AttestationFetch>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks an `attestations-limit` value: a whole number from 1 to 1000. */
export function checkLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_ATTESTATIONS_LIMIT;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_ATTESTATIONS_LIMIT) {
    throw new ArtifactError(`the attestations limit must be a whole number from 1 to ${MAX_ATTESTATIONS_LIMIT}`);
  }
  return value;
}

/** The `after` cursor of a `Link` header's `rel="next"` entry, if any. */
export function nextCursor(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (!m?.[1]) continue;
    try {
      return new URL(m[1]).searchParams.get('after') ?? undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** One attestation of an API answer, as given: inline bundle, bundle URL, initiator. */
interface Listed {
  readonly bundle: unknown;
  readonly bundleUrl?: string;
  readonly initiator?: string;
}

function listed(data: unknown, where: string): Listed[] {
  if (!isRecord(data) || !Array.isArray(data.attestations)) {
    throw new ArtifactError(`${where} answered without an 'attestations' list`);
  }
  return data.attestations.map((item: unknown) => {
    const record = isRecord(item) ? item : {};
    return {
      bundle: record.bundle,
      ...(typeof record.bundle_url === 'string' && record.bundle_url !== '' ? { bundleUrl: record.bundle_url } : {}),
      ...(typeof record.initiator === 'string' ? { initiator: record.initiator } : {}),
    };
  });
}

/** The bundle of one attestation: inline when GitHub sent it, else downloaded from its bundle_url. */
async function loadOne(item: Listed, source: string, download: DownloadOptions | undefined): Promise<LoadedBundle> {
  if (isRecord(item.bundle)) return bundleFromValue(item.bundle, source);
  if (!item.bundleUrl) throw new ArtifactError(`${source} has neither a bundle nor a bundle_url`);
  let json: unknown;
  try {
    json = await downloadBundle(item.bundleUrl, download);
  } catch (error) {
    throw new ArtifactError(`${source}: ${errorMessage(error)}`);
  }
  return bundleFromValue(json, source);
}

/** Turns listed attestations into bundles and per-attestation failures (downloads four at a time). */
export async function loadAttestations(
  items: readonly Listed[],
  where: string,
  download?: DownloadOptions,
): Promise<AttestationFetch> {
  const settled = await mapLimit(items, 4, async (item, i) => {
    const source = `attestation ${i + 1} from ${where}`;
    try {
      return { bundle: await loadOne(item, source, download) };
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      return { failure: error.message };
    }
  });
  return {
    bundles: settled.flatMap((s) => (s.bundle ? [s.bundle] : [])),
    failures: settled.flatMap((s) => (s.failure ? [s.failure] : [])),
  };
}

export function attestationSource(client: GitHubClient, scope: AttestationScope): AttestationSource {
  const limit = checkLimit(scope.limit);
  // One time budget for every download this source makes in the run (bundle-url.ts, DownloadBudget).
  const download: DownloadOptions = {
    ...scope.download,
    budget: scope.download?.budget ?? DownloadBudget.fromEnvironment(),
  };
  return async (digest: string): Promise<AttestationFetch> => {
    const params = {
      subject_digest: digest,
      per_page: Math.min(limit, PAGE_SIZE),
      predicate_type: scope.predicateType || undefined,
    };
    let where: string;
    let page: (after: string | undefined) => Promise<{ data: unknown; headers: Record<string, unknown> }>;
    if (scope.owner) {
      const org = scope.owner;
      where = `organization ${org}`;
      page = (after) => client.request('GET /orgs/{org}/attestations/{subject_digest}', { org, ...params, after });
    } else {
      const [owner = '', repo = ''] = (scope.repository ?? '').split('/');
      if (!owner || !repo) {
        throw new ArtifactError(
          `cannot fetch attestations: 'attestations-repository' must be owner/repo, not '${scope.repository ?? ''}'`,
        );
      }
      where = `repository ${owner}/${repo}`;
      page = (after) =>
        client.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', { owner, repo, ...params, after });
    }
    const items: Listed[] = [];
    let after: string | undefined;
    // A cursor seen before (one that does not move, or cursors that alternate over empty pages)
    // would loop forever: the walk stops at the first repeat.
    const seen = new Set<string>();
    try {
      do {
        const { data, headers } = await page(after);
        const next = nextCursor(typeof headers.link === 'string' ? headers.link : undefined);
        items.push(...listed(data, where));
        if (next !== undefined && seen.has(next)) break;
        if (next !== undefined) seen.add(next);
        after = next;
      } while (after !== undefined && items.length < limit);
    } catch (error) {
      if (error instanceof ArtifactError) throw error;
      // GitHub answers 404 when nothing is attested for the digest.
      if ((error as { status?: unknown }).status === 404 && items.length === 0) return { bundles: [], failures: [] };
      const explained = explainGitHubError(
        error,
        `reading attestations for ${digest} in ${where}`,
        'attestations: read',
      );
      throw new ArtifactError(errorMessage(explained));
    }
    const wanted = items
      .slice(0, limit)
      .filter((item) => scope.initiator === undefined || item.initiator === scope.initiator);
    return loadAttestations(wanted, where, download);
  };
}
