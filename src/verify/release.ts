/**
 * GitHub release attestations (immutable releases): an artifact is an asset of release `tag` when
 * GitHub's own release attestation says so. Checked as `gh release verify-asset` does (cli/cli
 * pkg/cmd/release/verify-asset/verify_asset.go and pkg/cmd/release/shared/attestation.go):
 * - the tag is resolved to its commit (GET /repos/{o}/{r}/git/ref/tags/{tag}; gh's FetchRefSHA),
 *   an annotated tag peeled to the commit it points at;
 * - the attestations of `sha1:<commit>` (sha256 for SHA-256 repositories: gh's DigestAlgForRef)
 *   with predicate type `release` and initiator `github` are fetched (gh: PredicateType "release",
 *   Initiator "github");
 * - the one whose predicate names this tag, and whose subjects name the artifact's sha256
 *   (FilterAttestationsByTag, FilterAttestationsByFileDigest), must verify with the signer identity
 *   `https://<trust domain>.releases.github.com` exactly: `dotcom` on github.com, a GHE.com tenant's
 *   trust domain from `GET /meta` (gh's buildVerificationPolicy: SAN matcher
 *   `^https://%s\.releases\.github\.com$` with the trust domain of GetTrustDomain, "dotcom" when
 *   empty; any issuer: the certificate carries none), its predicate type
 *   `https://in-toto.io/attestation/release/v0.1`, and a subject with the tag's commit digest (gh's
 *   artifact digest policy is the release ref digest);
 * - only from GitHub's Sigstore instance (or another root the user gives): gh verifies release
 *   attestations with `NoPublicGood: true`, which refuses a public-good certificate;
 * - on GitHub Enterprise Server, an empty answer says that attestations are not available there
 *   (withServerCheck, as for `attestations`).
 */
import { errorMessage } from '../core/errors.js';
import { explainGitHubError, type GitHubClient } from '../core/github.js';
import { RELEASE_PREDICATE_TYPE } from '../core/predicates.js';
import { type AttestationFetch, type AttestationSource, attestationSource } from './attestations.js';
import type { DownloadOptions } from './bundle-url.js';
import { attestationTrustDomain, withServerCheck } from './github-instance.js';
import { type BundleFacts, type VerifyContext, verifyBundle } from './engine.js';
import type { LoadedBundle } from './bundle.js';
import { ArtifactError, type Subject } from './types.js';

/** The certificate identity of GitHub's release attestations on github.com (trust domain `dotcom`). */
export const RELEASE_SIGNER = 'https://dotcom.releases.github.com';

/** The release signer for a trust domain (GHE.com: the tenant's, from GET /meta; else `dotcom`), as gh builds it. */
export function releaseSigner(trustDomain: string | undefined): string {
  return `https://${trustDomain || 'dotcom'}.releases.github.com`;
}
export const RELEASE_INITIATOR = 'github';

/** A release's attestations, fetched once per run. */
export interface ReleaseAttestations {
  readonly tag: string;
  readonly repository: string;
  /** `sha1:<commit>` (or `sha256:` for SHA-256 repositories). */
  readonly commitDigest: string;
  readonly fetched: AttestationFetch;
  /** The signer identity the attestation must carry (default RELEASE_SIGNER, github.com's). */
  readonly signer?: string;
}

export type ReleaseSource = () => Promise<ReleaseAttestations>;

export interface ReleaseScope {
  readonly repository: string;
  readonly tag: string;
  readonly limit?: number;
  readonly download?: DownloadOptions;
  /** The API's base URL (default https://api.github.com): GHE.com's trust domain, GHES's check. */
  readonly apiUrl?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The commit a tag points at: the ref's object, peeled when it is an annotated tag. */
export async function tagCommit(client: GitHubClient, owner: string, repo: string, tag: string): Promise<string> {
  const doing = `resolving tag ${tag} in ${owner}/${repo}`;
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      owner,
      repo,
      ref: `tags/${tag}`,
    });
    let object: unknown = (data as { object?: unknown }).object;
    // An annotated tag's ref names the tag object; a tag may point at another tag (bounded).
    for (let depth = 0; depth < 5 && isRecord(object) && object.type === 'tag'; depth++) {
      const { data: tagObject } = await client.request('GET /repos/{owner}/{repo}/git/tags/{tag_sha}', {
        owner,
        repo,
        tag_sha: String(object.sha),
      });
      object = (tagObject as { object?: unknown }).object;
    }
    if (!isRecord(object) || object.type !== 'commit' || typeof object.sha !== 'string') {
      throw new ArtifactError(`tag ${tag} in ${owner}/${repo} does not point at a commit`);
    }
    return object.sha.toLowerCase();
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    if ((error as { status?: unknown }).status === 404) {
      throw new ArtifactError(`release tag ${tag} does not exist in ${owner}/${repo} (or the token cannot see it)`);
    }
    throw new ArtifactError(errorMessage(explainGitHubError(error, doing, 'contents: read')));
  }
}

export function releaseSource(client: GitHubClient, scope: ReleaseScope): ReleaseSource {
  let memo: Promise<ReleaseAttestations> | undefined;
  return () => {
    memo ??= (async () => {
      const [owner = '', repo = '', extra] = scope.repository.split('/');
      if (!owner || !repo || extra !== undefined) {
        throw new ArtifactError(`'release' needs the repository as owner/repo, not '${scope.repository}'`);
      }
      const apiUrl = scope.apiUrl ?? 'https://api.github.com';
      // GHE.com signs release attestations under the tenant's trust domain (undefined elsewhere: dotcom).
      const signer = releaseSigner(await attestationTrustDomain(client, apiUrl));
      const commit = await tagCommit(client, owner, repo, scope.tag);
      const commitDigest = `${commit.length === 64 ? 'sha256' : 'sha1'}:${commit}`;
      const source: AttestationSource = withServerCheck(
        attestationSource(client, {
          repository: `${owner}/${repo}`,
          predicateType: 'release',
          initiator: RELEASE_INITIATOR,
          ...(scope.limit !== undefined ? { limit: scope.limit } : {}),
          ...(scope.download ? { download: scope.download } : {}),
        }),
        client,
        apiUrl,
      );
      const fetched = await source(commitDigest);
      return { tag: scope.tag, repository: `${owner}/${repo}`, commitDigest, fetched, signer };
    })();
    return memo;
  };
}

/** The statement of a DSSE bundle, parsed; undefined when it is not one. */
function statementOf(loaded: LoadedBundle): Record<string, unknown> | undefined {
  const content = loaded.bundle.content;
  if (content.$case !== 'dsseEnvelope') return undefined;
  try {
    const statement = JSON.parse(Buffer.from(content.dsseEnvelope.payload).toString('utf8')) as unknown;
    return isRecord(statement) ? statement : undefined;
  } catch {
    return undefined;
  }
}

function namesDigest(statement: Record<string, unknown>, alg: string, hex: string): boolean {
  const subjects = Array.isArray(statement.subject) ? statement.subject : [];
  return subjects.some((s: unknown) => {
    const digest = isRecord(s) && isRecord(s.digest) ? s.digest : {};
    return typeof digest[alg] === 'string' && digest[alg].toLowerCase() === hex;
  });
}

/**
 * Verifies that `subject` is an asset of the release: some release attestation for the tag names
 * its sha256 and verifies under the release signer's policy. Throws ArtifactError with every reason.
 */
export async function verifyReleaseAsset(
  release: ReleaseAttestations,
  subject: Subject,
  ctx: VerifyContext,
): Promise<BundleFacts> {
  const sha256 = subject.digests.sha256;
  const where = `release ${release.tag} of ${release.repository}`;
  if (!sha256) throw new ArtifactError(`${where}: the artifact has no sha256 digest`);
  const [commitAlg = 'sha1', commitHex = ''] = release.commitDigest.split(':');
  const { bundles, failures } = release.fetched;
  const forTag = bundles.filter((b) => {
    const predicate = statementOf(b)?.predicate;
    return isRecord(predicate) && predicate.tag === release.tag;
  });
  const candidates = forTag.filter((b) => {
    const statement = statementOf(b);
    return statement !== undefined && namesDigest(statement, 'sha256', sha256);
  });
  if (candidates.length === 0) {
    const why =
      bundles.length === 0
        ? `GitHub has no release attestation for ${release.commitDigest} (is the release immutable, and published?)`
        : forTag.length === 0
          ? `no release attestation for ${release.commitDigest} names tag ${release.tag}`
          : `the release attestation does not name this artifact (sha256:${sha256}): it is not an asset of the release`;
    throw new ArtifactError([`${where}: ${why}`, ...failures].join('; '));
  }
  const reasons: string[] = [];
  for (const loaded of candidates) {
    try {
      const facts = await verifyBundle(
        loaded,
        subject,
        ctx,
        { certificateIdentity: release.signer ?? RELEASE_SIGNER, predicateType: RELEASE_PREDICATE_TYPE },
        {
          refusePublicGood:
            'GitHub signs release attestations with its own Sigstore instance, so one from public-good is refused (as `gh release verify-asset` does)',
        },
      );
      // The same signed payload that was just verified must name the tag's commit (gh's digest policy).
      const statement = statementOf(loaded);
      if (!statement || !namesDigest(statement, commitAlg, commitHex)) {
        throw new ArtifactError(`the release attestation does not name the tag's commit ${release.commitDigest}`);
      }
      return facts;
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      reasons.push(`${loaded.source}: ${error.message}`);
    }
  }
  throw new ArtifactError([`${where}: ${reasons.join('; ')}`, ...failures].join('; '));
}
