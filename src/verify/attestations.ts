/** GitHub artifact attestations, fetched by digest from a repository's or an organization's endpoint. */
import { errorMessage } from '../core/errors.js';
import { explainGitHubError, type GitHubClient } from '../core/github.js';
import { bundleFromValue, type LoadedBundle } from './bundle.js';
import type { AttestationSource } from './run.js';
import { ArtifactError } from './types.js';

export interface AttestationScope {
  /** `owner/repo`: GET /repos/{owner}/{repo}/attestations/sha256:{hex}. */
  readonly repository?: string;
  /** An organization: GET /orgs/{org}/attestations/sha256:{hex}. */
  readonly owner?: string;
  readonly predicateType?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns an attestations API answer into bundles; an attestation without an inline bundle is a failure. */
export function bundlesFromResponse(data: unknown, where: string): LoadedBundle[] {
  if (!isRecord(data) || !Array.isArray(data.attestations)) {
    throw new ArtifactError(`${where} answered without an 'attestations' list`);
  }
  return data.attestations.map((item: unknown, i) => {
    const source = `attestation ${i + 1} from ${where}`;
    if (!isRecord(item) || !isRecord(item.bundle)) {
      throw new ArtifactError(`${source} has no inline bundle`);
    }
    return bundleFromValue(item.bundle, source);
  });
}

export function attestationSource(client: GitHubClient, scope: AttestationScope): AttestationSource {
  return async (sha256: string): Promise<LoadedBundle[]> => {
    const subject = `sha256:${sha256}`;
    const params = { subject_digest: subject, per_page: 100, predicate_type: scope.predicateType || undefined };
    let where: string;
    let request: Promise<{ data: unknown }>;
    if (scope.owner) {
      where = `organization ${scope.owner}`;
      request = client.request('GET /orgs/{org}/attestations/{subject_digest}', { org: scope.owner, ...params });
    } else {
      const [owner = '', repo = ''] = (scope.repository ?? '').split('/');
      if (!owner || !repo) {
        throw new ArtifactError(
          `cannot fetch attestations: 'attestations-repository' must be owner/repo, not '${scope.repository ?? ''}'`,
        );
      }
      where = `repository ${owner}/${repo}`;
      request = client.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
        owner,
        repo,
        ...params,
      });
    }
    try {
      const { data } = await request;
      return bundlesFromResponse(data, where);
    } catch (error) {
      if (error instanceof ArtifactError) throw error;
      if ((error as { status?: unknown }).status === 404) return [];
      const explained = explainGitHubError(
        error,
        `reading attestations for ${subject} in ${where}`,
        'attestations: read',
      );
      throw new ArtifactError(errorMessage(explained));
    }
  };
}
