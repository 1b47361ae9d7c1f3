/** The policy layer's pure functions: exact and anchored matching of identities and workflow claims. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import { loadPolicyInput } from '../../src/verify/trust-policy.ts';
import { anchoredRegExp } from '../../src/trust/policy.ts';
import {
  anchoredPattern,
  namesSigner,
  policyViolations,
  type SignerFacts,
  validatePolicy,
} from '../../src/verify/policy.ts';
import { refMatches, repositoryMatches, workflowMatches } from '../../src/core/signer-match.ts';

const URI = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0';
const SIGNER: SignerFacts = {
  identity: URI,
  claims: {
    issuer: 'https://token.actions.githubusercontent.com',
    buildSignerUri: URI,
    buildSignerDigest: 'a'.repeat(40),
    sourceRepositoryUri: 'https://github.com/acme/app',
    sourceRepositoryRef: 'refs/tags/v1.0.0',
    sourceRepositoryDigest: 'b'.repeat(40),
    runnerEnvironment: 'github-hosted',
  },
};

describe('identity', () => {
  it('is compared exactly: a prefix or a longer identity does not pass', () => {
    expect(policyViolations({ certificateIdentity: URI }, SIGNER)).toEqual([]);
    expect(policyViolations({ certificateIdentity: URI.slice(0, -1) }, SIGNER)).toEqual([
      `identity ${URI} is not ${URI.slice(0, -1)}`,
    ]);
    expect(policyViolations({ certificateIdentity: `${URI}0` }, SIGNER)).toHaveLength(1);
  });

  it('patterns are anchored at both ends whatever the user wrote', () => {
    expect(anchoredPattern('https://github.com/acme/.*').test(URI)).toBe(true);
    expect(anchoredPattern('https://github.com/acme/app').test(URI)).toBe(false);
    expect(anchoredPattern('acme/app/.*').test(URI)).toBe(false);
    expect(anchoredPattern('.*@refs/tags/v1').test(URI)).toBe(false);
    expect(anchoredPattern('a|.*').test(URI)).toBe(true); // the alternation is grouped, so both ends still hold
    expect(anchoredPattern('x|https://github.com/acme/app').test(URI)).toBe(false);
    // A pattern that closes the wrapping group would leave its second half unanchored: refused.
    const escape = 'https://github.com/acme/app/.*)|(https://github.com/evil/.*';
    expect(() => anchoredPattern(escape)).toThrow(
      /certificate-identity-regexp .* is not a valid pattern: unexpected \)/,
    );
    expect(() => anchoredRegExp(escape)).toThrow(/identity-pattern .* is not a valid pattern: unexpected \)/);
    expect(policyViolations({ certificateIdentityRegexp: 'https://github.com/acme/app' }, SIGNER)[0]).toMatch(
      /does not match/,
    );
  });

  it('an invalid pattern is the user’s mistake', () => {
    expect(() => validatePolicy({ certificateIdentityRegexp: '(' })).toThrow(ConfigurationError);
    expect(() => validatePolicy({ certificateIdentity: URI, certificateIdentityRegexp: '.*' })).toThrow(/not both/);
    expect(() => validatePolicy({ signerDigest: 'main' })).toThrow(/commit digest/);
  });

  it('the issuer is compared exactly', () => {
    expect(policyViolations({ certificateOidcIssuer: 'https://token.actions.githubusercontent.com/' }, SIGNER)).toEqual(
      ['issuer https://token.actions.githubusercontent.com is not https://token.actions.githubusercontent.com/'],
    );
  });

  it('a policy names a signer only with an identity, a workflow or a repository', () => {
    expect(namesSigner({ certificateOidcIssuer: 'x' })).toBe(false);
    expect(namesSigner({ sourceRepository: 'acme/app' })).toBe(true);
  });
});

describe('workflow claims', () => {
  it('signer workflow is anchored: release.yml.evil.yml is not release.yml', () => {
    expect(workflowMatches('release.yml', URI)).toBe(true);
    expect(workflowMatches('release.yml', URI.replace('release.yml', 'release.yml.evil.yml'))).toBe(false);
    expect(workflowMatches('release.yml', URI.replace('release.yml', 'evil-release.yml'))).toBe(false);
    expect(workflowMatches('acme/app/.github/workflows/release.yml', URI)).toBe(true);
    expect(workflowMatches('acme/app/.github/workflows/release.yml', URI.replace('acme/app', 'acme/app-fork'))).toBe(
      false,
    );
    expect(workflowMatches('cme/app/.github/workflows/release.yml', URI)).toBe(false);
    expect(workflowMatches('https://github.com/acme/app/.github/workflows/release.yml', URI)).toBe(true);
    expect(workflowMatches('acme/app/.github/workflows/release.yml@refs/tags/v1.0.0', URI)).toBe(true);
    expect(workflowMatches('acme/app/.github/workflows/release.yml@refs/tags/v1.0', URI)).toBe(false);
    expect(workflowMatches('release.yml', undefined)).toBe(false);
  });

  it('source repository, ref and digests', () => {
    expect(repositoryMatches('acme/app', 'https://github.com/acme/app')).toBe(true);
    expect(repositoryMatches('Acme/App', 'https://github.com/acme/app')).toBe(true);
    expect(repositoryMatches('acme/ap', 'https://github.com/acme/app')).toBe(false);
    expect(repositoryMatches('acme/app', 'https://github.com/acme/app-evil')).toBe(false);
    expect(refMatches('refs/tags/v1.0.0', 'refs/tags/v1.0.0')).toBe(true);
    expect(refMatches('v1.0.0', 'refs/tags/v1.0.0')).toBe(true);
    expect(refMatches('v1.0', 'refs/tags/v1.0.0')).toBe(false);
    expect(refMatches('refs/tags/v1.0.0', 'refs/heads/main')).toBe(false);
    const all = policyViolations(
      {
        sourceRepository: 'acme/other',
        sourceRef: 'refs/tags/v2',
        signerDigest: 'c'.repeat(40),
        sourceDigest: 'b'.repeat(40),
        signerWorkflow: 'deploy.yml',
      },
      SIGNER,
    );
    expect(all).toEqual([
      `signer workflow ${URI} is not deploy.yml`,
      'source repository https://github.com/acme/app is not acme/other',
      'source ref refs/tags/v1.0.0 is not refs/tags/v2',
      `signer digest ${'a'.repeat(40)} is not ${'c'.repeat(40)}`,
    ]);
  });

  it('a signer workflow alone is not a signer policy: it names no repository', () => {
    expect(namesSigner({ signerWorkflow: 'release.yml' })).toBe(false);
    expect(namesSigner({ signerWorkflow: 'acme/app/.github/workflows/release.yml' })).toBe(false);
    expect(namesSigner({ signerWorkflow: 'release.yml', sourceRepository: 'acme/app' })).toBe(true);
    expect(() => validatePolicy({ signerWorkflow: 'release.yml' })).toThrow(/alone names no repository/);
    expect(() => validatePolicy({ signerWorkflow: 'release.yml', certificateIdentityRegexp: '.*' })).not.toThrow();
  });

  it('self-hosted runners are denied when asked, and a missing claim is not github-hosted', () => {
    expect(policyViolations({ denySelfHostedRunners: true }, SIGNER)).toEqual([]);
    const selfHosted = { ...SIGNER, claims: { ...SIGNER.claims, runnerEnvironment: 'self-hosted' } };
    expect(policyViolations({ denySelfHostedRunners: true }, selfHosted)[0]).toMatch(/self-hosted/);
    expect(policyViolations({ denySelfHostedRunners: true }, { identity: URI, claims: {} })[0]).toMatch(/\(none\)/);
  });
});

describe('policy file', () => {
  it('the interim artifacts: list format is retired with a pointer to the trust policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-policy-'));
    const file = join(dir, 'policy.yml');
    writeFileSync(file, 'artifacts:\n  - match: "dist/*.tgz"\n    certificate-identity: x\n');
    await expect(loadPolicyInput(file)).rejects.toThrow(/retired 'artifacts:' list format.*version: 1/);
    writeFileSync(file, 'version: 1\nanchors: []\nrules: []\nextra: 1\n');
    await expect(loadPolicyInput(file)).rejects.toThrow(ConfigurationError);
    await expect(loadPolicyInput(join(dir, 'missing.yml'))).rejects.toThrow(/Cannot read policy file/);
    rmSync(dir, { recursive: true, force: true });
  });
});
