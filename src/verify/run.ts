/**
 * Verifies every artifact the user named and reports one result per artifact: the entry point of
 * the capability for the action and for `secure-deploy verify`.
 */
import type { KeyObject } from 'node:crypto';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mapLimit } from '../core/concurrency.js';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { resolvePattern, realPathInside, type ResolvedFile } from './artifacts.js';
import type { AttestationSource } from './attestations.js';
import { type ReleaseSource, verifyReleaseAsset } from './release.js';
import { type LoadedBundle, readBundleFile } from './bundle.js';
import { type ChecksumEntry, checksumsFor, loadChecksums } from './checksums.js';
import {
  type BundleFacts,
  digestOf,
  IN_TOTO_PAYLOAD_TYPE,
  NODE_HASH,
  type VerifyContext,
  verifyBundle,
} from './engine.js';
import { hashFileHere, hashFiles } from './hash.js';
import { type IdentityPolicy, namesSigner, validatePolicy } from './policy.js';
import { digestSubject, looksLikeDigest } from './subject.js';
import { loadTrustRoots } from './instances.js';
import { type Thresholds, validateThresholds } from '../core/thresholds.js';
import { loadPublicKey } from './keys.js';
import type { TrustedRoot } from './trusted-roots.js';
import {
  AnchorContexts,
  imageRuleName,
  loadPolicyInput,
  type PolicyInUse,
  policyInUse,
  verifyImageWithPolicy,
  verifyWithPolicy,
} from './trust-policy.js';
import type { RegistryCredentials } from '../trust/oci.js';
import { ArtifactError, type ArtifactResult, type HashAlgorithm, type Method, type Subject } from './types.js';

export type { AttestationSource } from './attestations.js';

export interface VerifyRequest {
  readonly artifacts: readonly string[];
  /** Bundle files or globs, matched to artifacts by digest. */
  readonly bundles: readonly string[];
  readonly workspace: string;
  readonly policy: IdentityPolicy;
  /** A trust policy file (`version: 1`, docs/trust-policy.md): who may sign which artifact or image. */
  readonly policyFile?: string;
  /** Container images (`registry/name:tag` or `@sha256:`), verified against the trust policy. */
  readonly images?: readonly string[];
  readonly registryCredentials?: RegistryCredentials;
  /** Date used for review dates (tests); default now. */
  readonly now?: Date;
  readonly key?: string;
  readonly trustedRoot?: string;
  readonly offline: boolean;
  /**
   * GHE.com (data residency): the trust domain from `GET /meta`, which names GitHub's trusted root
   * for that domain (`<domain>.trusted_root.json` in GitHub's TUF repository).
   */
  readonly trustDomain?: string;
  /** Proofs a Sigstore bundle must carry; unset ones follow the instance that issued the certificate (instances.ts). */
  readonly thresholds?: Partial<Thresholds>;
  readonly checksums?: string;
  readonly reason?: string;
  readonly attestations?: AttestationSource;
  /**
   * `release: <tag>`: every artifact must also be an asset of that release by GitHub's release
   * attestation (release.ts). Alone (no bundles, attestations, key, checksums, trust policy or
   * signer identity), it is the only check.
   */
  readonly release?: ReleaseSource;
  readonly warn: (message: string) => void;
}

export interface VerifyReport {
  readonly results: readonly ArtifactResult[];
  /** True only when every artifact is verified or compensated (and there is at least one). */
  readonly verified: boolean;
}

/** Bundle file names looked for beside an artifact, in order. */
export const BESIDE_SUFFIXES = ['.sigstore.json', '.sigstore', '.bundle', '.sigstore.jsonl', '.intoto.jsonl'];

/** `sha256:<hex>  <path>` lines for what was verified or compensated: what the deploy step may deploy. */
export function formatDigests(results: readonly ArtifactResult[]): string {
  return results
    .filter((r) => r.status !== 'failed' && r.digest !== '')
    .map((r) => `${r.digest}  ${r.artifact}`)
    .join('\n');
}

interface Target {
  readonly name: string;
  /** The `artifacts` line as the user wrote it, when it names one file (no glob). */
  readonly given?: string;
  readonly file?: ResolvedFile;
  readonly subject?: Subject;
  readonly error?: string;
}

const DIGEST_ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'sha384', 'sha512'];

/** The `alg:hex` digests a bundle claims to cover: its message digest, or its in-toto subjects. */
function coveredDigests(loaded: LoadedBundle): string[] {
  const content = loaded.bundle.content;
  if (content.$case === 'messageSignature') {
    const d = content.messageSignature.messageDigest;
    const alg = d ? NODE_HASH[d.algorithm] : undefined;
    return d && alg ? [`${alg}:${Buffer.from(d.digest).toString('hex')}`] : [];
  }
  if (content.dsseEnvelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return [];
  try {
    const statement = JSON.parse(Buffer.from(content.dsseEnvelope.payload).toString('utf8')) as unknown;
    const subjects = (statement as { subject?: unknown }).subject;
    if (!Array.isArray(subjects)) return [];
    return subjects.flatMap((s: unknown) => {
      const digest = (s as { digest?: Partial<Record<HashAlgorithm, unknown>> } | null)?.digest ?? {};
      return DIGEST_ALGORITHMS.flatMap((alg) => {
        const hex = digest[alg];
        return typeof hex === 'string' ? [`${alg}:${hex.toLowerCase()}`] : [];
      });
    });
  } catch {
    return [];
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function failed(name: string, digest: string, method: Method, reason: string): ArtifactResult {
  return { artifact: name, digest, method, status: 'failed', reason };
}

function fromFacts(name: string, digest: string, method: Method, facts: BundleFacts, source: string): ArtifactResult {
  return {
    artifact: name,
    digest,
    method: facts.keySigned ? 'key' : method,
    status: 'verified',
    signerIdentity: facts.signerIdentity,
    issuer: facts.issuer,
    sourceRepository: facts.claims.sourceRepositoryUri,
    sourceRef: facts.claims.sourceRepositoryRef,
    logIndex: facts.logIndex,
    signingTime: facts.signingTime,
    predicateType: facts.predicateType || undefined,
    reason: `signature verified (${source}${facts.instance === 'github' ? ", GitHub's Sigstore instance" : ''})`,
  };
}

export async function verifyArtifacts(request: VerifyRequest): Promise<VerifyReport> {
  const workspace = resolve(request.workspace);
  const images = request.images ?? [];
  if (request.artifacts.length === 0 && images.length === 0) {
    throw new ConfigurationError(
      "Input 'artifacts' is empty: name the files to verify (paths or globs), or the container images in 'images'.",
    );
  }
  if (request.policyFile) checkPolicyExclusive(request);
  else if (images.length > 0) {
    throw new ConfigurationError(
      "Input 'images' needs 'policy': a trust policy whose rules name the identities or keys that may sign each image (docs/trust-policy.md).",
    );
  }
  if (request.checksums && !request.reason?.trim()) {
    throw new ConfigurationError(
      "Input 'checksums' needs 'reason': say why pinned checksums stand in for signatures (e.g. the vendor does not sign).",
    );
  }
  validatePolicy(request.policy);
  const thresholds = validateThresholds(request.thresholds ?? {}, request.warn);
  const [trustPolicy, key, checksums] = await Promise.all([
    request.policyFile ? loadPolicyInput(resolve(workspace, request.policyFile)) : undefined,
    request.key ? loadPublicKey(resolve(workspace, request.key)) : undefined,
    request.checksums ? loadChecksums(resolve(workspace, request.checksums)) : undefined,
  ]);
  // The root and policy are chosen per bundle from its signing certificate (instances.ts).
  const roots = await loadTrustRoots({
    ...(request.trustedRoot ? { trustedRoot: resolve(workspace, request.trustedRoot) } : {}),
    offline: request.offline,
    thresholds,
    ...(key ? { key } : {}),
    ...(request.trustDomain ? { trustDomain: request.trustDomain } : {}),
    warn: request.warn,
  });
  const ctx: VerifyContext = { roots, key };

  const targets = await resolveTargets(workspace, request.artifacts);
  let trust: PolicyInUse | undefined;
  if (trustPolicy) {
    const names = [...targets.map((t) => t.name), ...images.map(safeImageRuleName)];
    trust = await policyInUse(trustPolicy, names, request.warn, request.now);
  }
  const contexts = trust ? new AnchorContexts(roots) : undefined;
  const explicit = await loadExplicitBundles(workspace, request.bundles);
  const byDigest = new Map<string, LoadedBundle[]>();
  const explicitAlgorithms = new Set<HashAlgorithm>();
  for (const loaded of explicit.bundles) {
    for (const digest of coveredDigests(loaded)) {
      byDigest.set(digest, [...(byDigest.get(digest) ?? []), loaded]);
      explicitAlgorithms.add(digest.slice(0, digest.indexOf(':')) as HashAlgorithm);
    }
  }

  const results = await mapLimit(targets, 4, (target) =>
    verifyTarget(target, { workspace, request, trust, contexts, key, checksums, ctx, byDigest, explicitAlgorithms }),
  );
  let imageResults: ArtifactResult[] = [];
  if (trust && images.length > 0) {
    // Images are verified by the registry code with one root: the user's first, else public-good's.
    const root = await roots.primary();
    imageResults = await verifyImages(trust, images, root, roots.primaryThresholds(root), request);
  }
  const all = [...explicit.failures, ...results, ...imageResults];
  return { results: all, verified: all.length > 0 && all.every((r) => r.status !== 'failed') };
}

async function resolveTargets(workspace: string, entries: readonly string[]): Promise<Target[]> {
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (looksLikeDigest(entry)) {
      try {
        targets.push({ name: entry, subject: digestSubject(entry) });
      } catch (error) {
        targets.push({ name: entry, error: errorMessage(error) });
      }
      continue;
    }
    const resolution = await resolvePattern(workspace, entry);
    if (resolution.error) targets.push({ name: entry, error: resolution.error });
    for (const file of resolution.files) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      targets.push({ name: file.name, file, ...(/[*?[\]{}]/.test(entry) ? {} : { given: entry }) });
    }
  }
  // A glob such as `dist/*` also matches the bundles beside the artifacts: those are not artifacts.
  const names = new Set(targets.map((t) => t.name));
  const isBesideBundle = (t: Target) =>
    t.file !== undefined && BESIDE_SUFFIXES.some((s) => t.name.endsWith(s) && names.has(t.name.slice(0, -s.length)));
  const kept = targets.filter((t) => !isBesideBundle(t));
  targets.length = 0;
  targets.push(...kept);
  const files = targets.filter((t) => t.file);
  const digests = await hashFiles(files.map((t) => t.file?.path ?? ''));
  const hashed = new Map<Target, PromiseSettledResult<Partial<Record<string, string>>>>();
  files.forEach((t, i) => {
    const d = digests[i];
    if (d) hashed.set(t, d);
  });
  return targets.map((t) => {
    if (!t.file) return t;
    const d = hashed.get(t);
    if (!d || d.status === 'rejected' || !d.value.sha256) {
      const why = d?.status === 'rejected' ? errorMessage(d.reason) : 'no digest';
      return { name: t.name, file: t.file, error: `cannot read ${t.name}: ${why}` };
    }
    return {
      ...t,
      subject: { label: t.name, path: t.file.path, size: t.file.size, digests: { sha256: d.value.sha256 } },
    };
  });
}

async function loadExplicitBundles(
  workspace: string,
  patterns: readonly string[],
): Promise<{ bundles: LoadedBundle[]; failures: ArtifactResult[] }> {
  const bundles: LoadedBundle[] = [];
  const failures: ArtifactResult[] = [];
  for (const pattern of patterns) {
    const resolution = await resolvePattern(workspace, pattern);
    if (resolution.error) failures.push(failed(pattern, '', 'bundle', `bundles: ${resolution.error}`));
    for (const file of resolution.files) {
      try {
        bundles.push(...(await readBundleFile(file.path, file.name)));
      } catch (error) {
        failures.push(failed(file.name, '', 'bundle', errorMessage(error)));
      }
    }
  }
  return { bundles, failures };
}

/** With a trust policy, the policy says who may sign: the per-run identity inputs would compete with it. */
function checkPolicyExclusive(request: VerifyRequest): void {
  const p = request.policy;
  const competing = [
    ['certificate-identity', p.certificateIdentity],
    ['certificate-identity-regexp', p.certificateIdentityRegexp],
    ['signer-workflow', p.signerWorkflow],
    ['source-repository', p.sourceRepository],
    ['source-ref', p.sourceRef],
    ['signer-digest', p.signerDigest],
    ['source-digest', p.sourceDigest],
    ['deny-self-hosted-runners', p.denySelfHostedRunners ? 'true' : undefined],
    ['key', request.key],
    ['checksums', request.checksums],
  ].filter(([, value]) => value !== undefined && value !== '');
  if (competing.length > 0) {
    throw new ConfigurationError(
      `With 'policy', the trust policy says who may sign each artifact: remove ${competing.map(([name]) => `'${name ?? ''}'`).join(', ')}, and put the identity, key or checksum pin into the policy's anchors and rules (docs/trust-policy.md).`,
    );
  }
}

function safeImageRuleName(reference: string): string {
  try {
    return imageRuleName(reference);
  } catch {
    return reference;
  }
}

async function verifyImages(
  trust: PolicyInUse,
  images: readonly string[],
  root: TrustedRoot,
  thresholds: Thresholds,
  request: VerifyRequest,
): Promise<ArtifactResult[]> {
  return mapLimit(images, 4, (reference) =>
    verifyImageWithPolicy(trust, {
      reference,
      root,
      thresholds,
      ...(request.registryCredentials ? { credentials: request.registryCredentials } : {}),
      ...(request.policy.predicateType ? { predicateType: request.policy.predicateType } : {}),
    }),
  );
}

interface Shared {
  readonly workspace: string;
  readonly request: VerifyRequest;
  readonly trust: PolicyInUse | undefined;
  readonly contexts: AnchorContexts | undefined;
  readonly key: KeyObject | undefined;
  readonly checksums: ChecksumEntry[] | undefined;
  readonly ctx: VerifyContext;
  readonly byDigest: ReadonlyMap<string, LoadedBundle[]>;
  /** The digest algorithms the explicit bundles name: an artifact is hashed with these only. */
  readonly explicitAlgorithms: ReadonlySet<HashAlgorithm>;
}

async function besideBundles(
  workspace: string,
  file: ResolvedFile,
): Promise<{ found: LoadedBundle[]; tried: string[] }> {
  const found: LoadedBundle[] = [];
  const tried: string[] = [];
  const base = resolve(workspace, file.name);
  for (const suffix of BESIDE_SUFFIXES) {
    const candidate = `${base}${suffix}`;
    tried.push(`${file.name}${suffix}`);
    if (!(await exists(candidate))) continue;
    let real: string;
    try {
      real = await realPathInside(workspace, candidate);
    } catch (error) {
      throw new ArtifactError(`bundle ${file.name}${suffix} is refused: ${errorMessage(error)}`);
    }
    found.push(...(await readBundleFile(real, `${file.name}${suffix}`)));
  }
  return { found, tried };
}

/** Whether anything but the release check was asked for. */
function signaturesWanted(request: VerifyRequest): boolean {
  return Boolean(
    request.attestations ||
    request.bundles.length > 0 ||
    request.key ||
    request.checksums ||
    request.policyFile ||
    namesSigner(request.policy),
  );
}

/** The artifact's signature checks, then (with `release`) the release attestation: both must pass. */
async function verifyTarget(target: Target, shared: Shared): Promise<ArtifactResult> {
  const release = shared.request.release;
  const alone = release !== undefined && !signaturesWanted(shared.request);
  const result: ArtifactResult | undefined = alone ? undefined : await verifySignatures(target, shared);
  if (!release || !target.subject || target.error || (result && result.status === 'failed')) {
    return result ?? failed(target.name, '', 'attestation', target.error ?? 'not readable');
  }
  const subject = target.subject;
  const digest = subject.digests.sha256 ? `sha256:${subject.digests.sha256}` : '';
  let facts: BundleFacts;
  let tag = '';
  try {
    const attestations = await release();
    tag = attestations.tag;
    facts = await verifyReleaseAsset(attestations, subject, shared.ctx);
  } catch (error) {
    const reason = `release: ${errorMessage(error)}`;
    return failed(
      target.name,
      digest,
      result?.method ?? 'attestation',
      result ? `${result.reason}; ${reason}` : reason,
    );
  }
  const asset = `asset of release ${tag} (GitHub release attestation by ${facts.signerIdentity ?? '?'})`;
  if (result) return { ...result, reason: `${result.reason}; ${asset}` };
  return { ...fromFacts(target.name, digest, 'attestation', facts, 'release attestation'), reason: asset };
}

async function verifySignatures(target: Target, shared: Shared): Promise<ArtifactResult> {
  const { request, ctx } = shared;
  const subject = target.subject;
  const digest = subject?.digests.sha256 ? `sha256:${subject.digests.sha256}` : '';
  const defaultMethod: Method = shared.key ? 'key' : 'bundle';
  if (target.error || !subject) return failed(target.name, digest, defaultMethod, target.error ?? 'not readable');

  const policy = request.policy;
  if (shared.trust && !target.file) {
    return failed(
      target.name,
      digest,
      defaultMethod,
      'a trust policy matches artifacts by path: name the file, not only its digest',
    );
  }

  let candidates: { loaded: LoadedBundle; method: Method }[] = [];
  let tried: string[] = [];
  try {
    // Explicit bundles, by every digest algorithm they name (an artifact's sha384/sha512 is
    // computed only when some bundle names one).
    const seen = new Set<LoadedBundle>();
    for (const alg of DIGEST_ALGORITHMS) {
      if (!shared.explicitAlgorithms.has(alg)) continue;
      const ours = await digestOf(subject, alg);
      for (const loaded of ours ? (shared.byDigest.get(`${alg}:${ours}`) ?? []) : []) {
        if (seen.has(loaded)) continue;
        seen.add(loaded);
        candidates.push({ loaded, method: 'bundle' });
      }
    }
    if (target.file) {
      const beside = await besideBundles(shared.workspace, target.file);
      tried = beside.tried;
      candidates.push(...beside.found.map((loaded) => ({ loaded, method: 'bundle' as const })));
    }
  } catch (error) {
    return failed(target.name, digest, defaultMethod, errorMessage(error));
  }
  // Attestations that could not be read (download failed, malformed): reasons, never a pass.
  let unreadable: string[] = [];
  if (candidates.length === 0 && request.attestations && subject.digests.sha256) {
    try {
      const fetched = await request.attestations(`sha256:${subject.digests.sha256}`);
      candidates = fetched.bundles.map((loaded) => ({ loaded, method: 'attestation' as const }));
      unreadable = fetched.failures;
    } catch (error) {
      return failed(target.name, digest, 'attestation', `cannot fetch attestations: ${errorMessage(error)}`);
    }
    if (candidates.length === 0 && unreadable.length > 0) {
      return failed(target.name, digest, 'attestation', unreadable.join('; '));
    }
    if (candidates.length === 0) tried.push(`GitHub attestations for ${digest}`);
  }

  if (shared.trust && shared.contexts && target.file) {
    const result = await verifyWithPolicy(
      shared.trust,
      { name: target.name, workspace: shared.workspace, path: target.file.path, subject, digest, candidates },
      shared.contexts,
      request.policy.predicateType,
    );
    return result.status === 'failed' && unreadable.length > 0
      ? { ...result, reason: [result.reason, ...unreadable].join('; ') }
      : result;
  }

  if (candidates.length === 0) {
    if (shared.checksums) return compensate(target, subject, digest, shared.checksums, request);
    const where = tried.length > 0 ? `: looked for ${tried.join(', ')}` : '';
    return failed(target.name, digest, defaultMethod, `no signature found${where}`);
  }

  const reasons: string[] = [];
  for (const { loaded, method } of candidates) {
    try {
      const facts = await verifyBundle(loaded, subject, ctx, policy);
      return fromFacts(target.name, digest, method, facts, loaded.source);
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      reasons.push(candidates.length > 1 ? `${loaded.source}: ${error.message}` : error.message);
    }
  }
  const method = candidates[0]?.method ?? defaultMethod;
  return failed(target.name, digest, shared.key ? 'key' : method, summarizeReasons([...reasons, ...unreadable]));
}

/** Many candidates (100 attestations of CI builds, say) would make an unreadable annotation: the first ten, then a count. */
function summarizeReasons(reasons: readonly string[], shown = 10): string {
  if (reasons.length <= shown) return reasons.join('; ');
  return `${reasons.slice(0, shown).join('; ')}; and ${reasons.length - shown} more candidates refused (not shown)`;
}

async function compensate(
  target: Target,
  subject: Subject,
  digest: string,
  entries: readonly ChecksumEntry[],
  request: VerifyRequest,
): Promise<ArtifactResult> {
  // The checksum file may name the artifact by its workspace path, by the path as given, or by its base name.
  const names = [target.name, ...(target.given && target.given !== target.name ? [target.given] : [])];
  const matching = checksumsFor(entries, names);
  if (matching.length === 0) {
    return failed(
      target.name,
      digest,
      'checksum',
      `no signature found and ${request.checksums ?? 'the checksums file'} has no entry for ${target.name}`,
    );
  }
  for (const entry of matching) {
    let ours = subject.digests[entry.algorithm];
    if (!ours && subject.path) ours = (await hashFileHere(subject.path, [entry.algorithm]))[entry.algorithm];
    if (ours !== entry.hex) {
      return failed(
        target.name,
        digest,
        'checksum',
        `${entry.algorithm} is ${ours ?? '(unknown)'}, but ${request.checksums ?? 'checksums'} line ${entry.line} pins ${entry.hex}`,
      );
    }
  }
  const first = matching[0];
  return {
    artifact: target.name,
    digest,
    method: 'checksum',
    status: 'compensated',
    reason: `not signed; ${first?.algorithm ?? 'sha256'} matches ${request.checksums ?? 'checksums'} line ${first?.line ?? '?'} (compensating measure: ${request.reason ?? ''})`,
  };
}
