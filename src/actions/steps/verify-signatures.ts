/**
 * The verify-signatures step, shared by its action and the deploy gate: read typed inputs ->
 * verify every artifact and image -> outputs, annotations, audit events and the job summary.
 * In `mode: post-deploy` (the action only; the gate is pre-deploy) it compares what runs with what
 * was verified for a deployment, and rolls back on a mismatch.
 */
import * as core from '@actions/core';
import { AuditEmitter } from '../../core/audit.js';
import { auditSinks } from '../../core/audit-sinks.js';
import { runContext, runUrl } from '../../core/context.js';
import { ConfigurationError } from '../../core/errors.js';
import { createGitHubClient } from '../../core/github.js';
import type { Inputs } from '../../core/inputs.js';
import type { Outputs } from '../../core/outputs.js';
import { writeSummary } from '../../core/summary.js';
import type { RegistryCredentials } from '../../trust/oci.js';
import { attestationSource } from '../../verify/attestations.js';
import { releaseSource } from '../../verify/release.js';
import { attestationTrustDomain, withServerCheck } from '../../verify/github-instance.js';
import { DownloadBudget } from '../../verify/bundle-url.js';
import { breachMessage, checkDeployment, parseDeployedDigests, runDigestsCommand } from '../../verify/deployed.js';
import { auditRecord, failureMessage, summarySection } from '../../verify/report.js';
import { formatDigests, verifyArtifacts } from '../../verify/run.js';
import type { inputs } from '../verify-signatures.inputs.js';

type AllInputs = Inputs<typeof inputs>;
type PostDeployKey = 'mode' | 'deployedDigests' | 'deployedDigestsCommand' | 'deploymentId' | 'environment';

/** The step's inputs: the post-deploy ones are optional (the deploy gate does not have them). */
export type VerifyInputs = Omit<AllInputs, PostDeployKey> & Partial<Pick<AllInputs, PostDeployKey>>;
/** What the deploy gate can take; the action's writer also declares the post-deploy outputs. */
export type VerifyOutputs = Outputs<'verified' | 'results' | 'digests'>;
type PostDeployOutputs = Outputs<'verified' | 'results' | 'digests' | 'rolled-back-to' | 'rollback-deployment-id'>;

export interface VerifyStepResult {
  readonly verified: boolean;
  readonly failed: number;
  readonly total: number;
  /** `sha256:<hex>  <path>` lines of what was verified or compensated. */
  readonly digests: string;
}

function registryCredentials(i: VerifyInputs): RegistryCredentials | undefined {
  if (i.registryToken) {
    if (i.registryUsername || i.registryPassword) {
      throw new ConfigurationError(
        "Give either 'registry-token' or 'registry-username' and 'registry-password', not both.",
      );
    }
    return { token: i.registryToken };
  }
  if (i.registryUsername || i.registryPassword) {
    if (!i.registryUsername || !i.registryPassword) {
      throw new ConfigurationError(
        "'registry-username' and 'registry-password' go together: give both, or 'registry-token'.",
      );
    }
    return { username: i.registryUsername, password: i.registryPassword };
  }
  return undefined;
}

export async function verifySignaturesStep(i: VerifyInputs, out: VerifyOutputs): Promise<VerifyStepResult> {
  out.set('verified', false);
  // Only the action has mode (the gate is pre-deploy), and its writer declares the rollback outputs.
  if (i.mode === 'post-deploy') return postDeployStep(i, out);
  const ctx = runContext();
  const audit = new AuditEmitter(ctx, auditSinks(i.auditLog));
  const client = createGitHubClient(i.token);
  // One time budget for all of this run's bundle downloads, attestations and release alike.
  const download = { budget: DownloadBudget.fromEnvironment() };
  const attestations = i.attestations
    ? withServerCheck(
        attestationSource(client, {
          repository: i.attestationsOwner ? undefined : i.attestationsRepository || ctx.repository,
          owner: i.attestationsOwner || undefined,
          predicateType: i.predicateType,
          limit: i.attestationsLimit,
          download,
        }),
        client,
        ctx.apiUrl,
      )
    : undefined;
  const release = i.release
    ? releaseSource(client, {
        repository: i.attestationsRepository || ctx.repository,
        tag: i.release,
        limit: i.attestationsLimit,
        download,
        apiUrl: ctx.apiUrl,
      })
    : undefined;
  // GHE.com: GitHub's instance signs under the tenant's trust domain (GET /meta), not github.com's.
  const trustDomain = i.trustedRoot ? undefined : await attestationTrustDomain(client, ctx.apiUrl);
  const credentials = registryCredentials(i);

  const report = await verifyArtifacts({
    artifacts: i.artifacts,
    bundles: i.bundles,
    workspace: ctx.workspace,
    policy: {
      certificateIdentity: i.certificateIdentity || undefined,
      certificateIdentityRegexp: i.certificateIdentityRegexp || undefined,
      certificateOidcIssuer: i.certificateOidcIssuer || undefined,
      signerWorkflow: i.signerWorkflow || undefined,
      sourceRepository: i.sourceRepository || undefined,
      sourceRef: i.sourceRef || undefined,
      signerDigest: i.signerDigest || undefined,
      sourceDigest: i.sourceDigest || undefined,
      denySelfHostedRunners: i.denySelfHostedRunners,
      predicateType: i.predicateType || undefined,
    },
    policyFile: i.policy || undefined,
    images: i.images,
    ...(credentials ? { registryCredentials: credentials } : {}),
    key: i.key || undefined,
    trustedRoot: i.trustedRoot || undefined,
    offline: i.offline,
    ...(trustDomain ? { trustDomain } : {}),
    thresholds: {
      tlogThreshold: i.tlogThreshold,
      ctlogThreshold: i.ctlogThreshold,
      timestampThreshold: i.timestampThreshold,
    },
    checksums: i.checksums || undefined,
    reason: i.reason || undefined,
    attestations,
    ...(release ? { release } : {}),
    warn: (m) => core.warning(m),
  });

  for (const r of report.results) {
    await audit.emit(auditRecord(r), (sink, error) => core.warning(`Audit sink ${sink} failed: ${String(error)}`));
    if (r.status === 'failed') core.error(failureMessage(r));
    else core.info(`${r.status}: ${r.artifact} (${r.method}) ${r.reason}`);
  }
  out.set('verified', report.verified);
  out.set('results', JSON.stringify(report.results));
  const digests = formatDigests(report.results);
  out.set('digests', digests);
  await writeSummary([summarySection(report.results, report.verified)]);
  const failed = report.results.filter((r) => r.status === 'failed').length;
  return { verified: report.verified, failed, total: report.results.length, digests };
}

/**
 * Post-deploy: what runs (deployed-digests, or the output of deployed-digests-command) against the
 * digests recorded as verified in the deployment's payload. A mismatch marks the deployment
 * failed, creates a deployment of the environment's last good verified ref, and fails the step.
 */
async function postDeployStep(i: VerifyInputs, out: PostDeployOutputs): Promise<VerifyStepResult> {
  if (i.deploymentId === undefined) {
    throw new ConfigurationError(
      "mode 'post-deploy' needs 'deployment-id': the deployment require-approval (or the deploy gate) created, its 'deployment-id' output.",
    );
  }
  const listed = (i.deployedDigests ?? '').trim();
  const command = (i.deployedDigestsCommand ?? '').trim();
  if ((listed === '') === (command === '')) {
    throw new ConfigurationError(
      "mode 'post-deploy' needs exactly one of 'deployed-digests' (lines sha256:<hex>  <name>) or 'deployed-digests-command' (a command printing those lines).",
    );
  }
  if (i.artifacts.length > 0 || i.images.length > 0) {
    core.warning(
      "mode 'post-deploy' compares deployed digests with those verified before the deployment; 'artifacts' and 'images' are not verified again.",
    );
  }
  const ctx = runContext();
  const audit = new AuditEmitter(ctx, auditSinks(i.auditLog));
  const deployed = parseDeployedDigests(
    command ? await runDigestsCommand(command, ctx.workspace) : listed,
    command ? `the output of deployed-digests-command` : "'deployed-digests'",
  );
  const deploymentId = i.deploymentId;
  const check = await checkDeployment(createGitHubClient(i.token), {
    owner: ctx.owner,
    repo: ctx.repo,
    deploymentId,
    environment: i.environment ?? '',
    deployed,
    logUrl: runUrl(ctx),
  });
  const { environment, rows } = check;
  const result = check.rollback;
  const intact = result.outcome === 'intact';
  out.set('verified', intact);
  out.set('results', JSON.stringify(rows));
  const digests = formatDigests(rows);
  out.set('digests', digests);
  if (result.rolledBackTo) {
    out.set('rolled-back-to', result.rolledBackTo.ref);
    out.set('rollback-deployment-id', result.rolledBackTo.newDeploymentId);
  }
  await audit.emit(
    {
      action: 'deployment.integrity',
      target: { scope: 'deployment', repository: ctx.repository, environment, name: String(deploymentId) },
      outcome: intact ? 'success' : 'failure',
      details: {
        outcome: result.outcome,
        unexpected: result.unexpected,
        missing: result.missing,
        rolled_back_to: result.rolledBackTo?.ref ?? null,
        rollback_deployment_id: result.rolledBackTo?.newDeploymentId ?? null,
        skipped: result.skipped,
      },
    },
    (sink, error) => core.warning(`Audit sink ${sink} failed: ${String(error)}`),
  );
  await writeSummary([
    {
      heading: intact
        ? 'Deployment integrity confirmed'
        : result.rolledBackTo
          ? 'Integrity breach: deployment rolled back'
          : 'Integrity breach: deployment marked failed, nothing to roll back to',
      lines: [result.message],
      table: {
        headers: ['Deployed', 'Digest', 'Status', 'Reason'],
        rows: rows.map((r) => [r.artifact, r.digest, r.status, r.reason]),
      },
    },
  ]);
  if (!intact) throw new ConfigurationError(breachMessage(deploymentId, check));
  core.info(result.message);
  return { verified: true, failed: 0, total: rows.length, digests };
}
