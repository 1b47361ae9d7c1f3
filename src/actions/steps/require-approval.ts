/**
 * The require-approval step, shared by its action and the deploy gate: prove that a person
 * approved this deployment (or configure the protection as code), then outputs and summary.
 */ import * as core from '@actions/core';
import {
  ApprovalDenied,
  approvalSummary,
  configureEnvironment,
  configureSummary,
  deniedSummary,
  failureSummary,
  parseApprovers,
  parseAppSlugs,
  parseApproverPermission,
  parseDeploymentRefs,
  parseDigests,
  parseEnvironmentChain,
  parseRepository,
  requireApproval,
  type ApprovalDeps,
} from '../../approval/index.js';
import { AuditEmitter } from '../../core/audit.js';
import { auditSinks } from '../../core/audit-sinks.js';
import { runContext } from '../../core/context.js';
import { ConfigurationError, isConfigurationError } from '../../core/errors.js';
import { createGitHubAppClient, createGitHubClient } from '../../core/github.js';
import type { Inputs } from '../../core/inputs.js';
import type { Outputs } from '../../core/outputs.js';
import { writeSummary } from '../../core/summary.js';
import type { inputs, outputs } from '../require-approval.inputs.js';

export type ApprovalInputs = Inputs<typeof inputs>;

export async function requireApprovalStep(i: ApprovalInputs, out: Outputs<(typeof outputs)[number]>): Promise<void> {
  const approvers = parseApprovers(i.approvers);
  const digests = parseDigests(i.digests);
  const refs = parseDeploymentRefs(i.deploymentRefs);
  const chain = parseEnvironmentChain(i.environment, i.environments);
  const acceptProtectionRules = parseAppSlugs(i.acceptProtectionRules);
  const approverPermission = parseApproverPermission(i.approverPermission);
  const issueRepository = parseRepository(i.issueRepository, 'issue-repository');
  const ctx = runContext();
  const audit = new AuditEmitter(ctx, auditSinks(i.auditLog));
  // Issue mode waits for minutes: a cancelled job (SIGINT, then SIGTERM) closes its issue first.
  const cancelled = new AbortController();
  if (i.mode === 'issue' && !i.configure) {
    const onSignal = (): void => {
      if (cancelled.signal.aborted) process.exit(1);
      cancelled.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  if (Boolean(i.appId) !== Boolean(i.appPrivateKey)) {
    throw new ConfigurationError("Inputs 'app-id' and 'app-private-key' go together: set both, or neither.");
  }
  const app = i.appId && i.appPrivateKey ? { appId: i.appId, privateKey: i.appPrivateKey } : undefined;
  const deps: ApprovalDeps = {
    client: app ? await createGitHubAppClient(app, ctx.owner, ctx.repo) : createGitHubClient(i.token),
    refreshesToken: app !== undefined,
    ctx,
    audit,
    log: { info: (m) => core.info(m), warning: (m) => core.warning(m) },
    signal: cancelled.signal,
  };
  if (i.configure) {
    // Each environment of the chain gets its own reviewers ('environments' lines), else 'approvers'.
    const allChanges: string[] = [];
    for (const env of chain) {
      const result = await configureEnvironment(
        {
          environment: env.name,
          reviewers: env.reviewers.length > 0 ? env.reviewers : approvers,
          preventSelfReview: !i.allowSelfApproval,
          waitTimer: i.waitTimer,
          refs,
          allowAdminBypass: i.allowAdminBypass,
        },
        deps,
      );
      await audit.emit({
        action: 'environment.configure',
        target: { scope: 'environment', repository: ctx.repository, environment: env.name },
        outcome: 'success',
        details: { created: result.created, changes: result.changes },
      });
      core.info(
        result.changes.length === 0
          ? `Environment '${env.name}' already has the requested protection: no change.`
          : `Environment '${env.name}': ${result.changes.join('; ')}.`,
      );
      const prefix = chain.length > 1 ? `${env.name}: ` : '';
      allChanges.push(...result.changes.map((c) => `${prefix}${c}`));
      await writeSummary(configureSummary(env.name, result));
    }
    out.set('changes', allChanges);
    out.set('approved', false);
    return;
  }

  try {
    const result = await requireApproval(
      {
        environment: i.environment,
        environments: chain.map((e) => e.name),
        mode: i.mode,
        requireProtection: i.requireProtection,
        allowSelfApproval: i.allowSelfApproval,
        allowAdminBypass: i.allowAdminBypass,
        acceptProtectionRules,
        ...(approverPermission ? { approverPermission } : {}),
        ...(issueRepository ? { issueRepository } : {}),
        issueLabels: i.issueLabels,
        issueForMore: i.issueForMore,
        approvers,
        minApprovals: i.minApprovals,
        detectBypass: i.detectBypass,
        digests,
        createDeployment: i.createDeployment,
        ref: i.ref,
        issue: {
          pollIntervalSeconds: i.pollIntervalSeconds,
          timeoutSeconds: i.timeoutSeconds ?? i.timeoutMinutes * 60,
          approveWords: i.approveWords,
          denyWords: i.denyWords,
        },
      },
      deps,
    );
    out.set('approved', true);
    out.set('approvers', result.approvers);
    if (result.deploymentId !== undefined) out.set('deployment-id', String(result.deploymentId));
    if (result.issue) out.set('issue-url', result.issue.url);
    core.info(`Approved by ${result.approvers.map((a) => a.login).join(', ')}.`);
    await writeSummary(approvalSummary(result, digests));
  } catch (error) {
    if (error instanceof ApprovalDenied) {
      out.set('approvers', error.accepted);
      if (error.issue) out.set('issue-url', error.issue.url);
      await writeSummary(deniedSummary(i.environment, error, digests));
    } else if (isConfigurationError(error)) {
      await writeSummary(failureSummary(i.environment, error.message));
    }
    throw error;
  }
}
