/**
 * `secure-deploy verify` (the action's checks from a terminal) and `secure-deploy verify-bundle`
 * (the sigstore-conformance client protocol).
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { createGitHubClient } from '../core/github.js';
import { breachMessage, checkDeployment, parseDeployedDigests, runDigestsCommand } from '../verify/deployed.js';
import type { RegistryCredentials } from '../trust/oci.js';
import { verifySingleBundle } from '../verify/conformance.js';
import { attestationSource, MAX_ATTESTATIONS_LIMIT } from '../verify/attestations.js';
import { attestationTrustDomain, withServerCheck } from '../verify/github-instance.js';
import { DownloadBudget, type DownloadOptions } from '../verify/bundle-url.js';
import { type ReleaseSource, releaseSource } from '../verify/release.js';
import { type AttestationSource, formatDigests, type VerifyRequest, verifyArtifacts } from '../verify/run.js';
import { GITHUB_ACTIONS_ISSUER, SLSA_PROVENANCE_V1 } from '../verify/policy.js';
import type { Thresholds } from '../core/thresholds.js';
import { tokenFromEnv } from './token.js';

interface VerifyBundleOptions {
  bundle: string;
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
  key?: string;
  trustedRoot?: string;
  tlogThreshold?: string;
  ctlogThreshold?: string;
  timestampThreshold?: string;
}

const TRUSTED_ROOT_HELP =
  "trusted root: one root, or JSON lines as `gh attestation trusted-root` prints them (default: Sigstore public-good and GitHub's instance, refreshed through TUF, else the shipped copies)";
const THRESHOLD_HELP = {
  tlog: "transparency-log entries each bundle must carry (default: the issuing instance's policy, 1 for public-good, 0 for GitHub's)",
  ctlog: "CT proofs each signing certificate must carry (default: 1 for public-good, 0 for GitHub's instance)",
  timestamp: 'trusted times each bundle must carry (default 1, at least 1)',
};

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
  attestations?: boolean;
  attestationsRepository?: string;
  attestationsOwner?: string;
  limit?: string;
  release?: string;
  tlogThreshold?: string;
  ctlogThreshold?: string;
  timestampThreshold?: string;
  policy?: string;
  checksums?: string;
  reason?: string;
  bundle?: string[];
  image?: string[];
  registryUsername?: string;
  mode: string;
  deploymentId?: string;
  deployedDigests?: string;
  deployedDigestsCommand?: string;
  environment?: string;
  repository?: string;
  json?: boolean;
}

/** `--mode post-deploy`: what runs against what was verified for a deployment; rolls back on a mismatch. */
async function postDeploy(options: VerifyOptions): Promise<void> {
  const id = Number(options.deploymentId);
  if (!options.deploymentId || !Number.isSafeInteger(id) || id < 1) {
    throw new ConfigurationError(
      '--mode post-deploy needs --deployment-id <id> (the deployment require-approval created)',
    );
  }
  if (!options.deployedDigests === !options.deployedDigestsCommand) {
    throw new ConfigurationError(
      'give exactly one of --deployed-digests <file, or - for stdin> and --deployed-digests-command <command>',
    );
  }
  const repository = options.repository ?? process.env.GITHUB_REPOSITORY ?? '';
  const [owner, repo, extra] = repository.split('/');
  if (!owner || !repo || extra !== undefined) {
    throw new ConfigurationError('give --repository owner/repo (or set GITHUB_REPOSITORY)');
  }
  const token = tokenFromEnv('Set GITHUB_TOKEN (or GH_TOKEN) to a token with deployments: write.');
  let text: string;
  if (options.deployedDigestsCommand) text = await runDigestsCommand(options.deployedDigestsCommand, process.cwd());
  else {
    const source = options.deployedDigests === '-' ? 0 : (options.deployedDigests ?? '');
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      throw new ConfigurationError(`cannot read --deployed-digests ${String(source)}: ${errorMessage(error)}`);
    }
  }
  const what = options.deployedDigestsCommand ? 'the output of --deployed-digests-command' : '--deployed-digests';
  const check = await checkDeployment(createGitHubClient(token), {
    owner,
    repo,
    deploymentId: id,
    environment: options.environment ?? '',
    deployed: parseDeployedDigests(text, what),
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...check.rollback, results: check.rows }, null, 2)}\n`);
  } else {
    for (const r of check.rows) process.stdout.write(`${r.status.toUpperCase()}  ${r.artifact}  ${r.reason}\n`);
  }
  if (check.rollback.outcome !== 'intact') {
    process.stderr.write(`${breachMessage(id, check)}\n`);
    process.exitCode = 1;
  } else {
    process.exitCode = 0;
  }
}

/** Registry credentials come from the environment, never from argv (visible to other processes). */
/** GitHub artifact attestations for `--attestations`, as the action fetches them. */
function cliAttestations(options: VerifyOptions, download: DownloadOptions): AttestationSource {
  const token = tokenFromEnv('--attestations needs GITHUB_TOKEN (or GH_TOKEN): a token with attestations: read.');
  const repository = options.attestationsRepository ?? process.env.GITHUB_REPOSITORY ?? '';
  if (!options.attestationsOwner && !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new ConfigurationError(
      '--attestations needs --attestations-repository owner/repo (or GITHUB_REPOSITORY), or --attestations-owner <org>.',
    );
  }
  const client = createGitHubClient(token);
  const source = attestationSource(client, {
    repository: options.attestationsOwner ? undefined : repository,
    owner: options.attestationsOwner,
    predicateType: options.predicateType ?? SLSA_PROVENANCE_V1,
    limit: attestationsLimit(options.limit),
    download,
  });
  return withServerCheck(source, client, apiUrl());
}

/** `--limit N`: attestations read per artifact, 1 to 1000 (default 100). */
function attestationsLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_ATTESTATIONS_LIMIT) {
    throw new ConfigurationError(`--limit takes a whole number from 1 to ${MAX_ATTESTATIONS_LIMIT}, got '${value}'`);
  }
  return Number(value);
}

/** `--release TAG`: GitHub's release attestation for the tag, as gh release verify-asset checks it. */
function cliRelease(options: VerifyOptions, tag: string, download: DownloadOptions): ReleaseSource {
  const token = tokenFromEnv(
    '--release needs GITHUB_TOKEN (or GH_TOKEN): a token with contents: read and attestations: read.',
  );
  const repository = options.attestationsRepository ?? process.env.GITHUB_REPOSITORY ?? '';
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new ConfigurationError('--release needs --attestations-repository owner/repo (or GITHUB_REPOSITORY).');
  }
  const limit = attestationsLimit(options.limit);
  return releaseSource(createGitHubClient(token), {
    repository,
    tag,
    ...(limit !== undefined ? { limit } : {}),
    download,
    apiUrl: apiUrl(),
  });
}

function apiUrl(): string {
  return (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}

/**
 * GHE.com: the tenant's attestation trust domain (GET /meta), naming GitHub's trusted root for it,
 * when attestations or a release's attestations are fetched and no root is given.
 */
export function wantsTrustDomain(options: Pick<VerifyOptions, 'attestations' | 'release' | 'trustedRoot'>): boolean {
  return Boolean(options.attestations || options.release) && !options.trustedRoot;
}

async function cliTrustDomain(options: VerifyOptions): Promise<string | undefined> {
  if (!wantsTrustDomain(options)) return undefined;
  const token = tokenFromEnv(
    `${options.attestations ? '--attestations' : '--release'} needs GITHUB_TOKEN (or GH_TOKEN): a token with attestations: read.`,
  );
  return attestationTrustDomain(createGitHubClient(token), apiUrl());
}

/** `--<kind>-threshold N` as a Thresholds field; checkThresholds bounds it. */
function threshold(kind: 'tlog' | 'ctlog' | 'timestamp', value: string | undefined): Partial<Thresholds> {
  if (value === undefined) return {};
  if (!/^\d{1,2}$/.test(value))
    throw new ConfigurationError(`--${kind}-threshold takes a whole number, got '${value}'`);
  return { [`${kind}Threshold`]: Number(value) };
}

function registryCredentials(options: VerifyOptions): RegistryCredentials | undefined {
  const token = process.env.SECURE_DEPLOY_REGISTRY_TOKEN;
  const password = process.env.SECURE_DEPLOY_REGISTRY_PASSWORD;
  if (token) return { token };
  if (options.registryUsername) {
    if (!password) {
      throw new ConfigurationError(
        '--registry-username needs the password in the environment variable SECURE_DEPLOY_REGISTRY_PASSWORD',
      );
    }
    return { username: options.registryUsername, password };
  }
  return undefined;
}

export function registerVerifyCommands(program: Command): void {
  program
    .command('verify-bundle')
    .description('Verify one Sigstore bundle (the sigstore-conformance client protocol); exit 0 only when verified')
    .requiredOption('--bundle <file>', 'the Sigstore bundle')
    .option('--certificate-identity <identity>', 'expected certificate identity (SAN), exact')
    .option('--certificate-oidc-issuer <url>', 'expected OIDC issuer, exact')
    .option('--key <file>', 'PEM public key for key-signed bundles')
    .option('--trusted-root <file>', TRUSTED_ROOT_HELP)
    .option('--tlog-threshold <n>', THRESHOLD_HELP.tlog)
    .option('--ctlog-threshold <n>', THRESHOLD_HELP.ctlog)
    .option('--timestamp-threshold <n>', THRESHOLD_HELP.timestamp)
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
        thresholds: {
          ...threshold('tlog', options.tlogThreshold),
          ...threshold('ctlog', options.ctlogThreshold),
          ...threshold('timestamp', options.timestampThreshold),
        },
        offline: process.env.SECURE_DEPLOY_OFFLINE === 'true',
        warn: (m) => process.stderr.write(`warning: ${m}\n`),
      });
      if (outcome.ok) {
        process.stdout.write(`OK: ${outcome.message}\n`);
        process.exitCode = 0;
      } else {
        process.stderr.write(`FAILED: ${outcome.message}\n`);
        // A bug is not a verdict: exit 2, so a caller never mistakes a crash for a rejection.
        process.exitCode = outcome.unexpected ? 2 : 1;
      }
    });

  program
    .command('verify')
    .description("Verify artifacts' signatures as the verify-signatures action does; exit 0 only when all pass")
    .argument('[path...]', 'artifacts (paths or globs inside the current directory), or sha256:<hex> digests')
    .option('--certificate-identity <identity>', 'expected certificate identity (SAN), exact')
    .option('--certificate-identity-regexp <pattern>', 'pattern the whole identity must match (anchored)')
    .option('--certificate-oidc-issuer <url>', 'expected OIDC issuer, exact', GITHUB_ACTIONS_ISSUER)
    .option('--signer-workflow <workflow>', 'workflow that signed: release.yml, owner/repo/.github/workflows/x.yml')
    .option('--source-repository <repo>', 'repository the workflow ran in: owner/repo')
    .option('--source-ref <ref>', 'ref the workflow ran on, e.g. refs/tags/v1.2.3')
    .option('--signer-digest <sha>', 'commit of the signing workflow')
    .option('--source-digest <sha>', 'commit the workflow ran on')
    .option('--deny-self-hosted-runners', 'reject signatures made on self-hosted runners')
    .option(
      '--predicate-type <uri>',
      'predicate type of in-toto attestations (a URI, or provenance, sbom, release)',
      SLSA_PROVENANCE_V1,
    )
    .option('--attestations', 'fetch GitHub artifact attestations by digest (token from GITHUB_TOKEN or GH_TOKEN)')
    .option(
      '--attestations-repository <owner/repo>',
      'repository whose attestations to fetch (default: GITHUB_REPOSITORY)',
    )
    .option('--attestations-owner <org>', "an organization's attestations instead of a repository's")
    .option('--limit <n>', 'attestations read per artifact, following the API pages (1 to 1000, default 100)')
    .option(
      '--release <tag>',
      "each artifact must be an asset of this release by GitHub's release attestation (as gh release verify-asset)",
    )
    .option('--key <file>', 'PEM public key for key-signed bundles')
    .option('--trusted-root <file>', TRUSTED_ROOT_HELP)
    .option('--offline', 'do not refresh the trusted roots through TUF; use the shipped copies')
    .option('--tlog-threshold <n>', THRESHOLD_HELP.tlog)
    .option('--ctlog-threshold <n>', THRESHOLD_HELP.ctlog)
    .option('--timestamp-threshold <n>', THRESHOLD_HELP.timestamp)
    .option('--policy <file>', 'trust policy (version: 1, docs/trust-policy.md): who may sign which artifact or image')
    .option(
      '--image <reference>',
      'container image to verify against --policy: registry/name:tag or registry/name@sha256:<hex> (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--registry-username <name>',
      'registry user for --image; the password comes from SECURE_DEPLOY_REGISTRY_PASSWORD (or a token from SECURE_DEPLOY_REGISTRY_TOKEN)',
    )
    .option('--checksums <file>', 'sha256sum/sha512sum file for unsigned third-party artifacts (needs --reason)')
    .option('--reason <text>', 'why checksums stand in for signatures')
    .option(
      '--bundle <file>',
      'bundle file(s), matched to artifacts by digest (default: PATH.sigstore.json beside each)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--mode <mode>', 'pre-deploy (verify artifacts) or post-deploy (compare what runs)', 'pre-deploy')
    .option('--deployment-id <id>', 'post-deploy: the deployment to check')
    .option('--deployed-digests <file>', "post-deploy: file of 'sha256:<hex>  <name>' lines, - for stdin")
    .option('--deployed-digests-command <command>', 'post-deploy: a command printing those lines (run without a shell)')
    .option('--environment <name>', "post-deploy: the environment (default: the deployment's)")
    .option('--repository <owner/repo>', 'post-deploy: the repository (default: GITHUB_REPOSITORY)')
    .option('--json', 'print the results as JSON')
    .action(async (paths: string[], options: VerifyOptions) => {
      if (options.mode === 'post-deploy') return postDeploy(options);
      if (options.mode !== 'pre-deploy') throw new ConfigurationError('--mode must be pre-deploy or post-deploy');
      const credentials = registryCredentials(options);
      const trustDomain = await cliTrustDomain(options);
      // One time budget for all of this run's bundle downloads, attestations and release alike.
      const download: DownloadOptions = { budget: DownloadBudget.fromEnvironment() };
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
        images: options.image ?? [],
        ...(credentials ? { registryCredentials: credentials } : {}),
        key: options.key,
        trustedRoot: options.trustedRoot,
        offline: options.offline ?? false,
        ...(trustDomain ? { trustDomain } : {}),
        thresholds: {
          ...threshold('tlog', options.tlogThreshold),
          ...threshold('ctlog', options.ctlogThreshold),
          ...threshold('timestamp', options.timestampThreshold),
        },
        checksums: options.checksums,
        reason: options.reason,
        ...(options.attestations ? { attestations: cliAttestations(options, download) } : {}),
        ...(options.release ? { release: cliRelease(options, options.release, download) } : {}),
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
