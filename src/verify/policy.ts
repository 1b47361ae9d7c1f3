import { ConfigurationError } from '../core/errors.js';
import { type AnchoredPattern, compileAnchoredPattern } from '../core/pattern.js';
import { refMatches, repositoryMatches, workflowMatches } from '../core/signer-match.js';
import type { CertificateClaims } from './claims.js';

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

/** Who may have signed an artifact. Every field that is set must hold; unset fields are not checked. */
export interface IdentityPolicy {
  /** The certificate's SAN, compared exactly. */
  readonly certificateIdentity?: string;
  /** A pattern the whole SAN must match (anchored at both ends whatever the user wrote). */
  readonly certificateIdentityRegexp?: string;
  /** The OIDC issuer, compared exactly. */
  readonly certificateOidcIssuer?: string;
  /** `release.yml`, `owner/repo/.github/workflows/release.yml`, or the full URI, optionally with `@ref`. */
  readonly signerWorkflow?: string;
  /** `owner/repo` or `https://github.com/owner/repo`. */
  readonly sourceRepository?: string;
  /** `refs/tags/v1.2.3`, or a bare name matching `refs/tags/<name>` or `refs/heads/<name>`. */
  readonly sourceRef?: string;
  readonly signerDigest?: string;
  readonly sourceDigest?: string;
  readonly denySelfHostedRunners?: boolean;
  /** For DSSE/in-toto envelopes: the predicate type the statement must have. */
  readonly predicateType?: string;
}

/** What a verified certificate says about its signer. */
export interface SignerFacts {
  readonly identity?: string;
  readonly claims: CertificateClaims;
}

/**
 * Anchors a user's pattern at both ends, so `release` never matches `release-evil`, on RE2 so a
 * crafted identity cannot make matching slow (see core/pattern.ts, which also refuses `a)|(b`).
 */
export function anchoredPattern(pattern: string): AnchoredPattern {
  return compileAnchoredPattern(pattern, 'certificate-identity-regexp');
}

/** Checks the policy itself: every pattern compiles, and it names a signer when it is used for keyless bundles. */
export function validatePolicy(policy: IdentityPolicy, where = 'inputs'): void {
  if (policy.certificateIdentity && policy.certificateIdentityRegexp) {
    throw new ConfigurationError(`${where}: set either certificate-identity or certificate-identity-regexp, not both.`);
  }
  if (policy.certificateIdentityRegexp) anchoredPattern(policy.certificateIdentityRegexp);
  if (policy.signerWorkflow && !namesSigner(policy)) {
    throw new ConfigurationError(
      `${where}: signer-workflow '${policy.signerWorkflow}' alone names no repository — any repository can have a workflow of that name or call a reusable one. Add source-repository, certificate-identity or certificate-identity-regexp.`,
    );
  }
  for (const [name, value] of [
    ['signer-digest', policy.signerDigest],
    ['source-digest', policy.sourceDigest],
  ] as const) {
    if (value !== undefined && value !== '' && !/^[0-9a-fA-F]{40}$|^[0-9a-fA-F]{64}$/.test(value)) {
      throw new ConfigurationError(
        `${where}: ${name} '${value}' is not a git commit digest (40 or 64 hex characters).`,
      );
    }
  }
}

/**
 * True when the policy names who may sign (needed for any certificate-signed bundle): an identity,
 * a pattern, or the source repository. A signer workflow alone does not: its claim says which
 * workflow file signed, not for which repository it ran.
 */
export function namesSigner(policy: IdentityPolicy): boolean {
  return Boolean(policy.certificateIdentity || policy.certificateIdentityRegexp || policy.sourceRepository);
}

const show = (v: string | undefined): string => (v === undefined || v === '' ? '(none)' : v);

/**
 * Checks a verified signer against the policy. Returns the reasons it does not satisfy it, each one a
 * sentence a person can act on ("identity X is not Y"); an empty list means it satisfies the policy.
 */
export function policyViolations(policy: IdentityPolicy, signer: SignerFacts): string[] {
  const out: string[] = [];
  const { identity, claims } = signer;
  if (policy.certificateIdentity !== undefined && policy.certificateIdentity !== '') {
    if (identity !== policy.certificateIdentity) {
      out.push(`identity ${show(identity)} is not ${policy.certificateIdentity}`);
    }
  }
  if (policy.certificateIdentityRegexp) {
    if (identity === undefined || !anchoredPattern(policy.certificateIdentityRegexp).test(identity)) {
      out.push(`identity ${show(identity)} does not match ^(?:${policy.certificateIdentityRegexp})$`);
    }
  }
  if (policy.certificateOidcIssuer && claims.issuer !== policy.certificateOidcIssuer) {
    out.push(`issuer ${show(claims.issuer)} is not ${policy.certificateOidcIssuer}`);
  }
  if (policy.signerWorkflow && !workflowMatches(policy.signerWorkflow, claims.buildSignerUri)) {
    out.push(`signer workflow ${show(claims.buildSignerUri)} is not ${policy.signerWorkflow}`);
  }
  if (policy.sourceRepository && !repositoryMatches(policy.sourceRepository, claims.sourceRepositoryUri)) {
    out.push(`source repository ${show(claims.sourceRepositoryUri)} is not ${policy.sourceRepository}`);
  }
  if (policy.sourceRef && !refMatches(policy.sourceRef, claims.sourceRepositoryRef)) {
    out.push(`source ref ${show(claims.sourceRepositoryRef)} is not ${policy.sourceRef}`);
  }
  if (policy.signerDigest && claims.buildSignerDigest?.toLowerCase() !== policy.signerDigest.toLowerCase()) {
    out.push(`signer digest ${show(claims.buildSignerDigest)} is not ${policy.signerDigest}`);
  }
  if (policy.sourceDigest && claims.sourceRepositoryDigest?.toLowerCase() !== policy.sourceDigest.toLowerCase()) {
    out.push(`source digest ${show(claims.sourceRepositoryDigest)} is not ${policy.sourceDigest}`);
  }
  if (policy.denySelfHostedRunners && claims.runnerEnvironment !== 'github-hosted') {
    out.push(
      `runner environment ${show(claims.runnerEnvironment)} is not github-hosted (self-hosted runners are denied)`,
    );
  }
  return out;
}
