/** Job-summary sections for approval outcomes: what reviewers and auditors read on the run page. */
import type { SummarySection } from '../core/summary.js';
import type { ConfigureResult } from './configure.js';
import type { ApprovalDenied, ApprovalResult } from './require-approval.js';
import type { VerifiedDigest } from './types.js';

function digestSection(digests: readonly VerifiedDigest[]): SummarySection[] {
  if (digests.length === 0) return [];
  return [
    {
      heading: 'Verified artifacts',
      table: { headers: ['Digest', 'Artifact'], rows: digests.map((d) => [d.digest, d.path]) },
    },
  ];
}

export function approvalSummary(result: ApprovalResult, digests: readonly VerifiedDigest[]): SummarySection[] {
  const lines = [
    `Deployment of ${result.ref} to '${result.environment}' approved (${result.mode} mode).`,
    `Environment protection: ${result.protection}.`,
    ...result.chain.map((line) => `- ${line}`),
    ...result.decisions.map((d) => `- ${d.environment} in this run attempt: ${d.decidedBy}`),
    ...(result.adminBypassAllowed
      ? [
          'Administrators were allowed to bypass the protection rules (allow-admin-bypass: true): an approval here does not prove that no administrator could have deployed unreviewed.',
        ]
      : []),
    `Bypass check: ${result.bypassCheck}.`,
  ];
  if (result.issue) lines.push(`Approval issue: ${result.issue.url}`);
  lines.push(
    result.deploymentId !== undefined
      ? `Deployment record: ${result.deploymentId} (in_progress).`
      : 'No deployment record was created (create-deployment: false).',
  );
  const sections: SummarySection[] = [
    {
      heading: `Approved: ${result.environment}`,
      lines,
      table: {
        headers: ['Approver', 'Time', 'Comment'],
        rows: result.approvers.map((a) => [a.login, a.time, a.comment]),
      },
    },
  ];
  if (result.refused.length > 0) {
    sections.push({
      heading: 'Not counted',
      table: { headers: ['User', 'Why'], rows: result.refused.map((x) => [x.login, x.reason]) },
    });
  }
  return [...sections, ...digestSection(digests)];
}

export function deniedSummary(
  environment: string,
  error: ApprovalDenied,
  digests: readonly VerifiedDigest[],
): SummarySection[] {
  const rows = [
    ...error.accepted.map((a) => [a.login, 'counted', a.comment]),
    ...error.refused.map((x) => [x.login, 'not counted', x.reason]),
  ];
  const lines = [error.message, 'No deployment record was created.'];
  if (error.issue) lines.push(`Approval issue: ${error.issue.url}`);
  return [
    {
      heading: `Not approved: ${environment}`,
      lines,
      ...(rows.length > 0 ? { table: { headers: ['User', 'Counted', 'Comment or reason'], rows } } : {}),
    },
    ...digestSection(digests),
  ];
}

export function configureSummary(environment: string, result: ConfigureResult): SummarySection[] {
  return [
    {
      heading: `Environment '${environment}' configuration`,
      lines:
        result.changes.length === 0
          ? ['No change: the environment already has the requested protection.']
          : [result.created ? 'Created the environment.' : 'Updated the environment.'],
      ...(result.changes.length > 0 ? { table: { headers: ['Change'], rows: result.changes.map((c) => [c]) } } : {}),
    },
  ];
}

/** A failure that is not a verdict (bad input, missing permission): still say nothing was created. */
export function failureSummary(environment: string, message: string): SummarySection[] {
  return [
    {
      heading: `Not approved: ${environment}`,
      lines: [message, 'The approval could not be checked, so no deployment record was created.'],
    },
  ];
}
