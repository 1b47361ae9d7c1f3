/**
 * verify-signatures driven by the versioned trust policy (`version: 1`, docs/trust-policy.md):
 * every rule that matches an artifact must pass. Sigstore and public-key anchors go through this
 * capability's engine (thresholds, signing time, subject, predicate type, anchored identity); X.509
 * (CMS `.p7s` / raw `.sig` + `.crt`) and OpenPGP (`.asc` / `.sig`) evidence beside the artifact
 * goes through src/trust; checksum pins make an artifact compensated. Anchors `anchorsForUse`
 * reports as errors (review overdue, expired or revoked) are refused; those due soon are warned.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { type AnchorAcceptance, type ArtifactEvaluation, evaluateBytes, findEvidence } from '../trust/evaluate.js';
import { TrustVerificationError } from '../trust/errors.js';
import { type RegistryCredentials, parseImageReference, verifyImage } from '../trust/oci.js';
import {
  type PublicKeyAnchor,
  type SigstoreAnchor,
  type TrustAnchor,
  type TrustPolicy,
  loadTrustPolicy,
  rulesFor,
} from '../trust/policy.js';
import { anchorsForUse } from '../trust/review.js';
import type { SigstoreCapableAnchor } from '../trust/sigstore.js';
import { realPathInside } from './artifacts.js';
import type { LoadedBundle } from './bundle.js';
import { type BundleFacts, type VerifyContext, verifyBundle } from './engine.js';
import type { TrustRoots } from './instances.js';
import type { IdentityPolicy } from './policy.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../core/thresholds.js';
import { type TrustedRoot, trustMaterial } from './trusted-roots.js';
import { ArtifactError, type ArtifactResult, type Method, type Subject } from './types.js';

/** The loaded policy and the anchors this run refuses (id -> why). */
export interface PolicyInUse {
  readonly policy: TrustPolicy;
  readonly refused: ReadonlyMap<string, string>;
}

/** Loads the `policy` input. The interim `artifacts:` format (no `version`) is retired. */
export async function loadPolicyInput(path: string): Promise<TrustPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`Cannot read policy file ${path}: ${errorMessage(error)}`);
  }
  if (!/^version\s*:/m.test(text) && /^artifacts\s*:/m.test(text)) {
    throw new ConfigurationError(
      `Policy ${path} uses the retired 'artifacts:' list format. Write a trust policy instead: 'version: 1', 'anchors' (who may sign, with owner and review-by) and 'rules' (artifact globs -> anchors); see docs/trust-policy.md.`,
    );
  }
  return loadTrustPolicy(path);
}

/** The anchors the rules matching `names` use, checked with `anchorsForUse`; warnings go to `warn`. */
export async function policyInUse(
  policy: TrustPolicy,
  names: readonly string[],
  warn: (message: string) => void,
  now?: Date,
): Promise<PolicyInUse> {
  const ids = new Set<string>();
  for (const name of names) {
    for (const rule of rulesFor(policy, name)) if (rule.kind === 'signature') rule.anchors.forEach((id) => ids.add(id));
  }
  // X.509 signatures may carry RFC 3161 timestamps: the timestamp authorities are then in use too.
  if (policy.anchors.some((a) => a.type === 'x509-ca' && ids.has(a.id))) {
    for (const tsa of policy.anchors) if (tsa.type === 'timestamp-authority') ids.add(tsa.id);
  }
  const { refused, warnings } = await anchorsForUse(policy, { ids: [...ids], ...(now ? { now } : {}) });
  const where = policy.path || 'the trust policy';
  for (const finding of warnings) warn(`Trust policy ${where}, line ${finding.line}: ${finding.message}`);
  const map = new Map<string, string>();
  for (const finding of refused) {
    warn(`Trust policy ${where}, line ${finding.line}: refused: ${finding.message}`);
    const before = map.get(finding.anchorId);
    map.set(finding.anchorId, before ? `${before}; ${finding.message}` : finding.message);
  }
  return { policy, refused: map };
}

/** What a Sigstore or public-key anchor must see, in the engine's terms. */
export function identityPolicyFor(anchor: SigstoreCapableAnchor, predicateType: string | undefined): IdentityPolicy {
  if (anchor.type === 'public-key') return { predicateType };
  return {
    certificateIdentity: anchor.identity,
    certificateIdentityRegexp: anchor.identityPattern,
    certificateOidcIssuer: anchor.issuer,
    signerWorkflow: anchor.signerWorkflow,
    sourceRepository: anchor.sourceRepository,
    sourceRef: anchor.sourceRef,
    signerDigest: anchor.signerDigest,
    sourceDigest: anchor.sourceDigest,
    denySelfHostedRunners: anchor.denySelfHostedRunners,
    predicateType,
  };
}

/** Engine contexts per anchor: keyless anchors share one; each public-key anchor gets its key. */
export class AnchorContexts {
  readonly #byKey = new Map<string, VerifyContext>();
  readonly #keyless: VerifyContext;
  readonly #roots: TrustRoots;
  constructor(roots: TrustRoots) {
    this.#roots = roots;
    this.#keyless = { roots: roots.withKey(undefined) };
  }
  for(anchor: SigstoreCapableAnchor): VerifyContext {
    if (anchor.type === 'sigstore') return this.#keyless;
    let ctx = this.#byKey.get(anchor.id);
    if (!ctx) {
      let key: KeyObject;
      try {
        key = createPublicKey({ key: anchor.keyPem, format: 'pem' });
      } catch (error) {
        throw new TrustVerificationError(`anchor ${anchor.id}'s key cannot be read: ${errorMessage(error)}`);
      }
      ctx = { roots: this.#roots.withKey(key), key };
      this.#byKey.set(anchor.id, ctx);
    }
    return ctx;
  }
}

/** File names findEvidence reads beside an artifact: each must stay inside the workspace. */
const EVIDENCE_SUFFIXES = ['.p7s', '.p7s.pem', '.p7m', '.asc', '.gpg', '.sig', '.crt', '.pem', '.sig.crt'];

/** Refuses evidence beside the artifact that resolves outside the workspace (a symlink). */
async function checkEvidenceInside(workspace: string, base: string, name: string): Promise<void> {
  for (const suffix of EVIDENCE_SUFFIXES) {
    const candidate = `${base}${suffix}`;
    try {
      await access(candidate);
    } catch {
      continue;
    }
    try {
      await realPathInside(workspace, candidate);
    } catch (error) {
      throw new ArtifactError(`signature file ${name}${suffix} is refused: ${errorMessage(error)}`);
    }
  }
}

export interface PolicyTarget {
  readonly name: string;
  /** The workspace: signatures are looked for beside `workspace/name`, and must stay inside it. */
  readonly workspace: string;
  readonly path: string;
  readonly subject: Subject;
  /** `sha256:<hex>` as hashed before. */
  readonly digest: string;
  /** Sigstore bundles (explicit, beside, or attestations) for this artifact. */
  readonly candidates: readonly { loaded: LoadedBundle; method: Method }[];
}

function methodOf(type: TrustAnchor['type'], sigstoreMethod: Method = 'bundle'): Method {
  switch (type) {
    case 'x509-ca':
      return 'x509';
    case 'openpgp':
      return 'openpgp';
    case 'public-key':
      return 'key';
    default:
      return sigstoreMethod;
  }
}

/** One artifact against the trust policy, as a `results` row. */
export async function verifyWithPolicy(
  use: PolicyInUse,
  target: PolicyTarget,
  contexts: AnchorContexts,
  predicateType: string | undefined,
): Promise<ArtifactResult> {
  const { name, digest } = target;
  const fail = (method: Method, reason: string): ArtifactResult => ({
    artifact: name,
    digest,
    method,
    status: 'failed',
    reason,
  });
  const sigstoreOutcomes = new Map<string, { facts: BundleFacts; method: Method; source: string }>();
  const verifySigstore = async (anchor: SigstoreCapableAnchor): Promise<AnchorAcceptance | undefined> => {
    if (target.candidates.length === 0) return undefined;
    const ctx = contexts.for(anchor);
    const policy = identityPolicyFor(anchor, predicateType);
    const reasons: string[] = [];
    for (const { loaded, method } of target.candidates) {
      try {
        const facts = await verifyBundle(loaded, target.subject, ctx, policy);
        if (anchor.type === 'sigstore' && facts.keySigned) throw new ArtifactError('the bundle is key-signed');
        sigstoreOutcomes.set(anchor.id, { facts, method, source: loaded.source });
        return {
          anchorId: anchor.id,
          type: anchor.type,
          source: loaded.source,
          signer: facts.signerIdentity ?? anchor.id,
        };
      } catch (error) {
        if (!(error instanceof ArtifactError) && !(error instanceof TrustVerificationError)) throw error;
        reasons.push(target.candidates.length > 1 ? `${loaded.source}: ${error.message}` : error.message);
      }
    }
    throw new TrustVerificationError(reasons.join('; '));
  };

  let evaluation: ArtifactEvaluation;
  try {
    const bytes = new Uint8Array(await readFile(target.path));
    const base = resolve(target.workspace, name);
    await checkEvidenceInside(target.workspace, base, name);
    const evidence = await findEvidence(base, { bundles: false });
    evaluation = await evaluateBytes(use.policy, name, bytes, evidence, { refused: use.refused, verifySigstore });
  } catch (error) {
    if (!(error instanceof ConfigurationError) && !(error instanceof ArtifactError)) throw error;
    return fail('bundle', errorMessage(error));
  }
  if (`sha256:${evaluation.sha256}` !== digest) {
    return fail('bundle', `${name} changed while it was being verified (${digest}, then sha256:${evaluation.sha256})`);
  }
  const rules = rulesFor(use.policy, name);
  const firstType = rules.flatMap((r) => r.resolvedAnchors)[0]?.type;
  const strip = (message: string): string =>
    message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
  if (evaluation.status === 'failed') {
    const method = rules.some((r) => r.kind === 'checksum')
      ? 'checksum'
      : firstType
        ? methodOf(firstType, target.candidates[0]?.method)
        : 'bundle';
    return fail(method, `trust policy ${use.policy.path}: ${strip(evaluation.message)}`);
  }
  if (evaluation.status === 'compensated') {
    const pin = evaluation.rules.find((r) => r.kind === 'checksum');
    return {
      artifact: name,
      digest,
      method: 'checksum',
      status: 'compensated',
      reason: `not verified by signature; matches the checksum pinned on line ${pin?.line ?? '?'} of ${use.policy.path} (compensating measure: ${pin?.reason ?? ''})`,
    };
  }
  const accepted = evaluation.rules.flatMap((r) => r.accepted);
  const first = accepted[0];
  const by = accepted.map((a) => `${a.anchorId} (${a.source.split('/').pop() ?? a.source})`).join(', ');
  const outcome = first ? sigstoreOutcomes.get(first.anchorId) : undefined;
  if (first && outcome) {
    const f = outcome.facts;
    return {
      artifact: name,
      digest,
      method: f.keySigned ? 'key' : outcome.method,
      status: 'verified',
      signerIdentity: f.signerIdentity ?? (f.keySigned ? first.anchorId : undefined),
      issuer: f.issuer,
      sourceRepository: f.claims.sourceRepositoryUri,
      sourceRef: f.claims.sourceRepositoryRef,
      logIndex: f.logIndex,
      signingTime: f.signingTime,
      predicateType: f.predicateType || undefined,
      reason: `signature verified by trust anchor ${by}`,
    };
  }
  return {
    artifact: name,
    digest,
    method: first ? methodOf(first.type) : 'bundle',
    status: 'verified',
    signerIdentity: first?.signer,
    reason: `signature verified by trust anchor ${by}`,
  };
}

export interface ImageRequest {
  readonly reference: string;
  readonly credentials?: RegistryCredentials;
  readonly root: TrustedRoot;
  readonly predicateType?: string;
  readonly thresholds?: Thresholds;
  /** Tests and private registries on loopback use plain HTTP (the default for localhost only). */
  readonly plainHttp?: boolean;
}

/** The name an image's rules are matched against: `registry/repository`, without tag or digest. */
export function imageRuleName(reference: string): string {
  const ref = parseImageReference(reference);
  return `${ref.registry}/${ref.repository}`;
}

/** One container image against the trust policy, as a `results` row (method `image`). */
export async function verifyImageWithPolicy(use: PolicyInUse, request: ImageRequest): Promise<ArtifactResult> {
  const name = request.reference;
  const fail = (reason: string, digest = ''): ArtifactResult => ({
    artifact: name,
    digest,
    method: 'image',
    status: 'failed',
    reason,
  });
  let ruleName: string;
  try {
    ruleName = imageRuleName(request.reference);
  } catch (error) {
    return fail(errorMessage(error));
  }
  const rules = rulesFor(use.policy, ruleName);
  if (rules.length === 0) return fail(`no rule of trust policy ${use.policy.path} covers ${ruleName}`);
  const verifiedRows: ArtifactResult[] = [];
  // The tag is resolved once: later rules check the digest the first one pinned, so a tag moved
  // between two lookups cannot have each rule pass on a different image.
  let reference = request.reference;
  for (const rule of rules) {
    if (rule.kind === 'checksum') {
      return fail(
        `rule on line ${rule.line} pins a checksum, which applies to files; images must be signed (Sigstore identity or public key)`,
      );
    }
    const usable: (SigstoreAnchor | PublicKeyAnchor)[] = [];
    const refusals: string[] = [];
    for (const anchor of rule.resolvedAnchors) {
      const refusal = use.refused.get(anchor.id);
      if (refusal !== undefined) refusals.push(`${anchor.id}: ${refusal}`);
      else if (anchor.type === 'sigstore' || anchor.type === 'public-key') usable.push(anchor);
      else refusals.push(`${anchor.id}: a ${anchor.type} anchor cannot sign container images`);
    }
    if (rule.require === 'all' && refusals.length > 0) {
      return fail(`rule on line ${rule.line} requires every anchor, and ${refusals.join('; ')}`);
    }
    if (usable.length === 0) return fail(`rule on line ${rule.line}: no usable anchor (${refusals.join('; ')})`);
    try {
      const result = await verifyImage(reference, {
        anchors: usable,
        require: rule.require,
        trust: {
          trustMaterial: trustMaterial(request.root),
          verifierOptions: request.thresholds ?? DEFAULT_THRESHOLDS,
        },
        registry: {
          ...(request.credentials ? { credentials: request.credentials } : {}),
          ...(request.plainHttp === undefined ? {} : { plainHttp: request.plainHttp }),
        },
        ...(request.predicateType ? { predicateType: request.predicateType } : {}),
      });
      const first = result.verified[0];
      reference = result.pinned;
      verifiedRows.push({
        artifact: result.pinned,
        digest: result.digest,
        method: 'image',
        status: 'verified',
        signerIdentity: first?.identity ?? first?.anchorId,
        issuer: first?.issuer,
        sourceRepository: first?.sourceRepository,
        sourceRef: first?.sourceRef,
        predicateType: first?.predicateType,
        reason: `${name} is ${result.digest}, signed by trust anchor ${[...new Set(result.verified.map((v) => v.anchorId))].join(', ')} (${result.verified.map((v) => v.location).join(', ')})`,
      });
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      const reason = error instanceof TrustVerificationError ? error.reason : errorMessage(error);
      return fail(`rule on line ${rule.line}: ${reason}`);
    }
  }
  return verifiedRows[0] ?? fail('no rule verified the image');
}
