/**
 * Which GitHub serves the API, for artifact attestations: github.com; GitHub Enterprise Cloud with
 * data residency (GHE.com, `<tenant>.ghe.com`), whose attestations are signed under the tenant's
 * own trust domain; or GitHub Enterprise Server, where gh refuses attestations altogether
 * (cli/cli pkg/cmd/attestation/auth/host.go: "gh attestation does not currently support GHES").
 */
import { ConfigurationError, errorMessage } from '../core/errors.js';
import type { GitHubClient } from '../core/github.js';
import type { AttestationFetch, AttestationSource } from './attestations.js';
import { ArtifactError } from './types.js';

export type GitHubKind = 'dotcom' | 'tenancy' | 'server';

/** The kind of GitHub an API URL belongs to (as go-gh's IsTenancy / IsEnterprise decide by host name). */
export function githubKind(apiUrl: string): GitHubKind {
  let host: string;
  try {
    host = new URL(apiUrl).hostname.toLowerCase();
  } catch {
    return 'server';
  }
  if (host === 'api.github.com' || host === 'github.com') return 'dotcom';
  if (host === 'ghe.com' || host.endsWith('.ghe.com')) return 'tenancy';
  return 'server';
}

interface MetaAnswer {
  readonly installed_version?: unknown;
  readonly domains?: { readonly artifact_attestations?: { readonly trust_domain?: unknown } };
}

async function meta(client: GitHubClient): Promise<MetaAnswer> {
  const { data } = await client.request('GET /meta');
  const answer: MetaAnswer = data;
  return answer;
}

/**
 * GHE.com: the trust domain `GET /meta` reports in `domains.artifact_attestations.trust_domain`, as
 * gh reads it (cli/cli pkg/cmd/attestation/api/client.go, GetTrustDomain; used by `gh attestation
 * verify` and `trusted-root` when the host is a tenancy). Undefined on github.com and GHES.
 */
export async function attestationTrustDomain(client: GitHubClient, apiUrl: string): Promise<string | undefined> {
  if (githubKind(apiUrl) !== 'tenancy') return undefined;
  let answer: MetaAnswer;
  try {
    answer = await meta(client);
  } catch (error) {
    throw new ConfigurationError(
      `Cannot read the artifact-attestation trust domain of ${apiUrl} (GET /meta): ${errorMessage(error)}`,
    );
  }
  const domain = answer.domains?.artifact_attestations?.trust_domain;
  if (typeof domain !== 'string' || !/^[a-z0-9][a-z0-9-]*$/i.test(domain)) {
    throw new ConfigurationError(
      `${apiUrl} (GHE.com) reports no artifact-attestation trust domain in GET /meta (domains.artifact_attestations.trust_domain): pass the tenant's trusted root with 'trusted-root' (\`gh attestation trusted-root\` prints it).`,
    );
  }
  return domain;
}

/**
 * On GitHub Enterprise Server, an empty answer usually means the server has no attestations API:
 * say so (with the version `GET /meta` reports as `installed_version`, which only GHES sends)
 * instead of "no signature found".
 */
export function withServerCheck(source: AttestationSource, client: GitHubClient, apiUrl: string): AttestationSource {
  if (githubKind(apiUrl) !== 'server') return source;
  let version: Promise<string | undefined> | undefined;
  return async (sha256: string): Promise<AttestationFetch> => {
    const found = await source(sha256);
    if (found.bundles.length > 0 || found.failures.length > 0) return found;
    version ??= meta(client).then(
      (m) => (typeof m.installed_version === 'string' ? m.installed_version : undefined),
      () => undefined,
    );
    const installed = await version;
    if (installed === undefined) return found;
    throw new ArtifactError(
      `GitHub Enterprise Server ${installed} (${new URL(apiUrl).host}) returned no artifact attestations: attestations are not available on GitHub Enterprise Server versions without the attestations API (gh attestation does not support GHES either). Give the signature bundles as files with 'bundles' instead.`,
    );
  };
}
