/**
 * The verify-signatures step, shared by its action and the deploy gate: read typed inputs ->
 * verify every artifact -> outputs, annotations, audit events and the job summary.
 */
import * as core from '@actions/core';
import { AuditEmitter } from '../../core/audit.js';
import { auditSinks } from '../../core/audit-sinks.js';
import { runContext } from '../../core/context.js';
import { createGitHubClient } from '../../core/github.js';
import type { Inputs } from '../../core/inputs.js';
import type { Outputs } from '../../core/outputs.js';
import { writeSummary } from '../../core/summary.js';
import { attestationSource } from '../../verify/attestations.js';
import { auditRecord, failureMessage, summarySection } from '../../verify/report.js';
import { formatDigests, verifyArtifacts } from '../../verify/run.js';
import type { inputs } from '../verify-signatures.spec.js';

export type VerifyInputs = Inputs<typeof inputs>;
export type VerifyOutputs = Outputs<'verified' | 'results' | 'digests'>;

export interface VerifyStepResult {
  readonly verified: boolean;
  readonly failed: number;
  readonly total: number;
  /** `sha256:<hex>  <path>` lines of what was verified or compensated. */
  readonly digests: string;
}

export async function verifySignaturesStep(i: VerifyInputs, out: VerifyOutputs): Promise<VerifyStepResult> {
  out.set('verified', false);
  const ctx = runContext();
  const audit = new AuditEmitter(ctx, auditSinks(i.auditLog));
  const attestations = i.attestations
    ? attestationSource(createGitHubClient(i.token), {
        repository: i.attestationsOwner ? undefined : i.attestationsRepository || ctx.repository,
        owner: i.attestationsOwner || undefined,
        predicateType: i.predicateType,
      })
    : undefined;

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
    key: i.key || undefined,
    trustedRoot: i.trustedRoot || undefined,
    offline: i.offline,
    checksums: i.checksums || undefined,
    reason: i.reason || undefined,
    attestations,
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
