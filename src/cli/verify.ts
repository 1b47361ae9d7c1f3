/**
 * `secure-deploy verify` (the action's checks from a terminal) and `secure-deploy verify-bundle`
 * (the sigstore-conformance client protocol).
 */
import type { Command } from 'commander';
import { ConfigurationError } from '../core/errors.js';
import { verifySingleBundle } from '../verify/conformance.js';
import { formatDigests, type VerifyRequest, verifyArtifacts } from '../verify/run.js';
import { GITHUB_ACTIONS_ISSUER, SLSA_PROVENANCE_V1 } from '../verify/policy.js';

interface VerifyBundleOptions {
  bundle: string;
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
  key?: string;
  trustedRoot?: string;
}

interface VerifyOptions {
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer: string;
  signerWorkflow?: string;
  sourceRepository?: string;
  sourceRef?: string;
  signerDigest?: string;
  sourceDigest?: string;
  denySelfHostedRunners?: boolean;
  predicateType: string;
  key?: string;
  trustedRoot?: string;
  offline?: boolean;
  policy?: string;
  checksums?: string;
  reason?: string;
  bundle?: string[];
  json?: boolean;
}

export function registerVerifyCommands(program: Command): void {
  program
    .command('verify-bundle')
    .description('Verify one Sigstore bundle (the sigstore-conformance client protocol); exit 0 only when verified')
    .requiredOption('--bundle <file>', 'the Sigstore bundle')
    .option('--certificate-identity <identity>', 'expected certificate identity (SAN), exact')
    .option('--certificate-oidc-issuer <url>', 'expected OIDC issuer, exact')
    .option('--key <file>', 'PEM public key for key-signed bundles')
    .option('--trusted-root <file>', 'trusted root (default: Sigstore public-good)')
    .argument('<file-or-digest>', 'the artifact, or sha256:<64 hex>')
    .action(async (subject: string, options: VerifyBundleOptions) => {
      if (!options.key && !(options.certificateIdentity && options.certificateOidcIssuer)) {
        throw new ConfigurationError('give --certificate-identity and --certificate-oidc-issuer, or --key');
      }
      const outcome = await verifySingleBundle({
        bundle: options.bundle,
        subject,
        certificateIdentity: options.certificateIdentity,
        certificateOidcIssuer: options.certificateOidcIssuer,
        key: options.key,
        trustedRoot: options.trustedRoot,
        offline: process.env.SECURE_DEPLOY_OFFLINE === 'true',
        warn: (m) => process.stderr.write(`warning: ${m}\n`),
      });
      if (outcome.ok) {
        process.stdout.write(`OK: ${outcome.message}\n`);
        process.exitCode = 0;
      } else {
        process.stderr.write(`FAILED: ${outcome.message}\n`);
        process.exitCode = 1;
      }
    });

  program
    .command('verify')
    .description("Verify artifacts' signatures as the verify-signatures action does; exit 0 only when all pass")
    .argument('<path...>', 'artifacts (paths or globs inside the current directory), or sha256:<hex> digests')
    .option('--certificate-identity <identity>', 'expected certificate identity (SAN), exact')
    .option('--certificate-identity-regexp <pattern>', 'pattern the whole identity must match (anchored)')
    .option('--certificate-oidc-issuer <url>', 'expected OIDC issuer, exact', GITHUB_ACTIONS_ISSUER)
    .option('--signer-workflow <workflow>', 'workflow that signed: release.yml, owner/repo/.github/workflows/x.yml')
    .option('--source-repository <repo>', 'repository the workflow ran in: owner/repo')
    .option('--source-ref <ref>', 'ref the workflow ran on, e.g. refs/tags/v1.2.3')
    .option('--signer-digest <sha>', 'commit of the signing workflow')
    .option('--source-digest <sha>', 'commit the workflow ran on')
    .option('--deny-self-hosted-runners', 'reject signatures made on self-hosted runners')
    .option('--predicate-type <uri>', 'predicate type of in-toto attestations', SLSA_PROVENANCE_V1)
    .option('--key <file>', 'PEM public key for key-signed bundles')
    .option('--trusted-root <file>', 'trusted root (default: Sigstore public-good, refreshed through TUF)')
    .option('--offline', 'do not refresh the public-good trusted root')
    .option('--policy <file>', 'policy file: identity checks per artifact glob')
    .option('--checksums <file>', 'sha256sum/sha512sum file for unsigned third-party artifacts (needs --reason)')
    .option('--reason <text>', 'why checksums stand in for signatures')
    .option(
      '--bundle <file>',
      'bundle file(s), matched to artifacts by digest (default: PATH.sigstore.json beside each)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--json', 'print the results as JSON')
    .action(async (paths: string[], options: VerifyOptions) => {
      const request: VerifyRequest = {
        artifacts: paths,
        bundles: options.bundle ?? [],
        workspace: process.cwd(),
        policy: {
          certificateIdentity: options.certificateIdentity,
          certificateIdentityRegexp: options.certificateIdentityRegexp,
          certificateOidcIssuer: options.certificateOidcIssuer,
          signerWorkflow: options.signerWorkflow,
          sourceRepository: options.sourceRepository,
          sourceRef: options.sourceRef,
          signerDigest: options.signerDigest,
          sourceDigest: options.sourceDigest,
          denySelfHostedRunners: options.denySelfHostedRunners ?? false,
          predicateType: options.predicateType,
        },
        policyFile: options.policy,
        key: options.key,
        trustedRoot: options.trustedRoot,
        offline: options.offline ?? false,
        checksums: options.checksums,
        reason: options.reason,
        warn: (m) => process.stderr.write(`warning: ${m}\n`),
      };
      const report = await verifyArtifacts(request);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report.results, null, 2)}\n`);
      } else {
        for (const r of report.results) {
          const who = r.signerIdentity ? ` by ${r.signerIdentity}` : '';
          process.stdout.write(`${r.status.toUpperCase()}  ${r.artifact}  (${r.method}${who}) ${r.reason}\n`);
        }
        const digests = formatDigests(report.results);
        if (digests) process.stdout.write(`\n${digests}\n`);
      }
      process.exitCode = report.verified ? 0 : 1;
    });
}
