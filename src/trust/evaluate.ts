/**
 * One artifact against the trust policy: every rule that matches it must pass. A signature rule
 * passes when any (or, with `require: all`, every) of its anchors accepts a signature; a checksum
 * pin makes the artifact *compensated*, never verified. Anchors whose review date has passed are
 * refused. Signatures are found beside the artifact (`.p7s`, `.p7s.pem`, `.p7m`, `.asc`, `.sig`
 * with `.crt`/`.pem` certificate, `.sigstore.json`) or passed in.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Bundle } from '@sigstore/bundle';
import { errorMessage } from '../core/errors.js';
import { TrustVerificationError } from './errors.js';
import { verifyPgpSignature } from './pgp.js';
import { anchorsOfType, rulesFor, type MatchedRule, type TrustAnchor, type TrustPolicy } from './policy.js';
import { parseBundle, type SigstoreCapableAnchor, verifyBundleWithAnchor, type SigstoreTrust } from './sigstore.js';
import { verifyCmsSignature, verifyRawSignature } from './x509.js';
import { parseJsonText } from '../core/nesting.js';

/** Signatures available for one artifact. */
export interface Evidence {
  /** Detached CMS/PKCS#7 signatures (DER or PEM). */
  cms: { source: string; bytes: Uint8Array }[];
  /** Raw signatures with the signer certificate (PEM/DER, may carry intermediates). */
  raw: { source: string; signature: Uint8Array; certificate: Uint8Array }[];
  /** Detached OpenPGP signatures (armored or binary). */
  pgp: { source: string; bytes: Uint8Array }[];
  /** Sigstore bundles. */
  bundles: { source: string; bundle: Bundle }[];
}

export interface AnchorAcceptance {
  anchorId: string;
  type: TrustAnchor['type'];
  source: string;
  /** Signer identity: certificate subject, OpenPGP fingerprint, Sigstore identity or key anchor. */
  signer: string;
}

export interface RuleOutcome {
  line: number;
  kind: 'signature' | 'checksum';
  passed: boolean;
  accepted: AnchorAcceptance[];
  /** Why each anchor refused, when it did. */
  refusals: { anchorId: string; reason: string }[];
  /** For checksum pins. */
  reason?: string;
}

export interface ArtifactEvaluation {
  artifact: string;
  sha256: string;
  status: 'verified' | 'compensated' | 'failed';
  rules: RuleOutcome[];
  /** One sentence for annotations. */
  message: string;
}

export interface EvaluateOptions {
  /** Needed for Sigstore bundles. */
  sigstore?: SigstoreTrust;
  now?: Date;
  /** Signatures to use instead of (not besides) the files beside the artifact. */
  evidence?: Evidence;
  /** Anchors to refuse whatever they signed (id -> why), e.g. the errors of `anchorsForUse`. */
  refused?: ReadonlyMap<string, string>;
  /**
   * Verifies Sigstore and public-key anchors instead of the built-in check over `evidence.bundles`
   * (verify-signatures passes its own engine). Returns undefined when there is no signature to
   * try; throws the reason when the signatures there do not satisfy the anchor.
   */
  verifySigstore?: (anchor: SigstoreCapableAnchor) => Promise<AnchorAcceptance | undefined>;
}

/** Looks for signatures beside `path` (Sigstore bundles too, unless `bundles` is false). */
export async function findEvidence(path: string, options: { bundles?: boolean } = {}): Promise<Evidence> {
  const read = async (p: string): Promise<Uint8Array | undefined> => {
    try {
      return new Uint8Array(await readFile(p));
    } catch {
      return undefined;
    }
  };
  const evidence: Evidence = { cms: [], raw: [], pgp: [], bundles: [] };
  for (const suffix of ['.p7s', '.p7s.pem', '.p7m']) {
    const bytes = await read(`${path}${suffix}`);
    if (bytes) evidence.cms.push({ source: `${path}${suffix}`, bytes });
  }
  for (const suffix of ['.asc', '.gpg']) {
    const bytes = await read(`${path}${suffix}`);
    if (bytes) evidence.pgp.push({ source: `${path}${suffix}`, bytes });
  }
  const sig = await read(`${path}.sig`);
  if (sig) {
    const certificate = (await read(`${path}.crt`)) ?? (await read(`${path}.pem`)) ?? (await read(`${path}.sig.crt`));
    const text = Buffer.from(sig.subarray(0, 64)).toString('latin1');
    if (
      text.includes('-----BEGIN PGP SIGNATURE-----') ||
      (!certificate && sig[0] !== undefined && (sig[0] & 0x80) !== 0)
    ) {
      evidence.pgp.push({ source: `${path}.sig`, bytes: sig });
    } else if (certificate) {
      evidence.raw.push({ source: `${path}.sig`, signature: sig, certificate });
    }
  }
  const bundleBytes = options.bundles === false ? undefined : await read(`${path}.sigstore.json`);
  if (bundleBytes) {
    try {
      evidence.bundles.push({
        source: `${path}.sigstore.json`,
        bundle: parseBundle(
          parseJsonText(Buffer.from(bundleBytes).toString('utf8'), `${path}.sigstore.json`),
          `${path}.sigstore.json`,
        ),
      });
    } catch (error) {
      throw new TrustVerificationError(`${path}.sigstore.json: ${errorMessage(error)}`);
    }
  }
  return evidence;
}

/**
 * Evaluates the artifact at `path` (workspace-relative, as the policy's globs expect; read from
 * `readPath` when given) against every matching rule.
 */
export async function evaluateArtifact(
  policy: TrustPolicy,
  path: string,
  options: EvaluateOptions & { readPath?: string } = {},
): Promise<ArtifactEvaluation> {
  const file = options.readPath ?? path;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new TrustVerificationError(`cannot be read: ${errorMessage(error)}`, path);
  }
  const evidence = options.evidence ?? (await findEvidence(file));
  return evaluateBytes(policy, path, bytes, evidence, options);
}

/** Like evaluateArtifact, with the bytes and evidence in hand. */
export async function evaluateBytes(
  policy: TrustPolicy,
  path: string,
  bytes: Uint8Array,
  evidence: Evidence,
  options: EvaluateOptions = {},
): Promise<ArtifactEvaluation> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const rules = rulesFor(policy, path);
  if (rules.length === 0) {
    return {
      artifact: path,
      sha256,
      status: 'failed',
      rules: [],
      message: `${path}: no rule of the trust policy covers this artifact`,
    };
  }
  const now = options.now ?? new Date();
  const outcomes: RuleOutcome[] = [];
  for (const rule of rules)
    outcomes.push(await evaluateRule(policy, rule, bytes, sha256, evidence, { ...options, now }));
  const failed = outcomes.filter((o) => !o.passed);
  const status =
    failed.length > 0 ? 'failed' : outcomes.some((o) => o.kind === 'checksum') ? 'compensated' : 'verified';
  const message =
    status === 'failed'
      ? `${path}: ${failed
          .map((o) =>
            o.kind === 'checksum'
              ? `rule on line ${o.line}: sha256:${sha256} is not the pinned checksum`
              : `rule on line ${o.line}: ${o.refusals.map((r) => `${r.anchorId}: ${r.reason}`).join('; ') || 'no signature found'}`,
          )
          .join(' | ')}`
      : status === 'compensated'
        ? `${path}: compensated by a pinned checksum (${outcomes.find((o) => o.kind === 'checksum')?.reason ?? ''})`
        : `${path}: verified by ${outcomes.flatMap((o) => o.accepted.map((a) => `${a.anchorId} (${a.signer})`)).join(', ')}`;
  return { artifact: path, sha256, status, rules: outcomes, message };
}

async function evaluateRule(
  policy: TrustPolicy,
  rule: MatchedRule,
  bytes: Uint8Array,
  sha256: string,
  evidence: Evidence,
  options: EvaluateOptions & { now: Date },
): Promise<RuleOutcome> {
  if (rule.kind === 'checksum') {
    const sha512 = rule.checksums.some((c) => c.algorithm === 'sha512')
      ? createHash('sha512').update(bytes).digest('hex')
      : '';
    const passed = rule.checksums.some((c) => (c.algorithm === 'sha256' ? c.hex === sha256 : c.hex === sha512));
    return { line: rule.line, kind: 'checksum', passed, accepted: [], refusals: [], reason: rule.reason };
  }
  const accepted: AnchorAcceptance[] = [];
  const refusals: { anchorId: string; reason: string }[] = [];
  const today = options.now.toISOString().slice(0, 10);
  for (const anchor of rule.resolvedAnchors) {
    const refusal = options.refused?.get(anchor.id);
    if (refusal !== undefined) {
      refusals.push({ anchorId: anchor.id, reason: refusal });
      continue;
    }
    if (anchor.reviewBy < today) {
      refusals.push({
        anchorId: anchor.id,
        reason: `the anchor's review was due on ${anchor.reviewBy}; it is refused until someone reviews it`,
      });
      continue;
    }
    try {
      const acceptance = await acceptBy(policy, anchor, bytes, sha256, evidence, options);
      if (acceptance) accepted.push(acceptance);
      else refusals.push({ anchorId: anchor.id, reason: `no ${describeEvidence(anchor.type)} found` });
    } catch (error) {
      refusals.push({
        anchorId: anchor.id,
        reason: error instanceof TrustVerificationError ? error.reason : errorMessage(error),
      });
    }
  }
  const passed = rule.require === 'all' ? accepted.length === rule.resolvedAnchors.length : accepted.length > 0;
  return {
    line: rule.line,
    kind: 'signature',
    passed,
    accepted,
    refusals: passed && rule.require === 'any' ? [] : refusals,
  };
}

function describeEvidence(type: TrustAnchor['type']): string {
  switch (type) {
    case 'x509-ca':
      return 'CMS signature (.p7s) or raw signature with certificate (.sig + .crt)';
    case 'openpgp':
      return 'OpenPGP signature (.asc / .sig)';
    case 'timestamp-authority':
      return 'signature (a timestamp authority cannot sign artifacts)';
    default:
      return 'Sigstore bundle (.sigstore.json)';
  }
}

/** The first signature this anchor accepts, undefined when there is none to try; throws the last refusal. */
async function acceptBy(
  policy: TrustPolicy,
  anchor: TrustAnchor,
  bytes: Uint8Array,
  sha256: string,
  evidence: Evidence,
  options: EvaluateOptions & { now: Date },
): Promise<AnchorAcceptance | undefined> {
  let lastError: unknown;
  const attempt = async (source: string, fn: () => Promise<string>): Promise<AnchorAcceptance | undefined> => {
    try {
      return { anchorId: anchor.id, type: anchor.type, source, signer: await fn() };
    } catch (error) {
      lastError = error;
      return undefined;
    }
  };
  // A timestamp authority vouches for the signing time, which decides whether an expired signing
  // certificate passes: it is held to the same review as the signers.
  const today = options.now.toISOString().slice(0, 10);
  const x509Options = {
    anchors: [anchor].filter((a) => a.type === 'x509-ca'),
    timestampAuthorities: anchorsOfType(policy, 'timestamp-authority').filter(
      (tsa) => !options.refused?.has(tsa.id) && tsa.reviewBy >= today,
    ),
    now: options.now,
  };
  let tried = false;
  switch (anchor.type) {
    case 'x509-ca':
      for (const item of evidence.cms) {
        tried = true;
        const ok = await attempt(
          item.source,
          async () => (await verifyCmsSignature(bytes, item.bytes, x509Options)).signer,
        );
        if (ok) return ok;
      }
      for (const item of evidence.raw) {
        tried = true;
        const ok = await attempt(
          item.source,
          async () => (await verifyRawSignature(bytes, item.signature, item.certificate, x509Options)).signer,
        );
        if (ok) return ok;
      }
      break;
    case 'openpgp':
      for (const item of evidence.pgp) {
        tried = true;
        const ok = await attempt(
          item.source,
          async () => (await verifyPgpSignature(bytes, item.bytes, [anchor], { now: options.now })).fingerprint,
        );
        if (ok) return ok;
      }
      break;
    case 'sigstore':
    case 'public-key': {
      if (options.verifySigstore) return options.verifySigstore(anchor);
      const trust = options.sigstore;
      for (const item of evidence.bundles) {
        tried = true;
        if (!trust) {
          lastError = new TrustVerificationError(
            'Sigstore trust material (a trusted root) is needed to verify bundles',
          );
          continue;
        }
        const ok = await attempt(item.source, () => {
          const signer = verifyBundleWithAnchor(item.bundle, { kind: 'bytes', bytes, sha256 }, anchor, trust);
          return Promise.resolve(signer.identity ?? anchor.id);
        });
        if (ok) return ok;
      }
      break;
    }
    case 'timestamp-authority':
      break;
  }
  if (tried && lastError) throw lastError instanceof Error ? lastError : new Error(errorMessage(lastError));
  return undefined;
}
