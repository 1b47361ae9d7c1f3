/**
 * The approval capability: prove that a person approved this deployment (environment protection or
 * an approval issue), configure environment protection as code, and record the evidence.
 * The deploy gate calls `requireApproval(options, deps)` after verify-signatures with its digests.
 */
export { configureEnvironment, type ConfigureOptions, type ConfigureResult } from './configure.js';
export type { ApprovalDeps } from './deps.js';
export type { IssueOptions } from './issue.js';
export {
  DEFAULT_APPROVE_WORDS,
  DEFAULT_DENY_WORDS,
  ENVIRONMENT_AUDIT_EVENTS,
  parseApprovers,
  parseAppSlugs,
  parseApproverPermission,
  parseDeploymentRefs,
  parseDigests,
  parseEnvironmentChain,
  parseRepository,
} from './policy.js';
export {
  ApprovalDenied,
  DEFAULT_ISSUE_OPTIONS,
  inspectProtection,
  missingEnvironmentMessage,
  requireApproval,
  unprotectedMessage,
  type ApprovalOptions,
  type ApprovalResult,
} from './require-approval.js';
export { approvalSummary, configureSummary, deniedSummary, failureSummary } from './summary.js';
export type { Approver, ApproverRef, VerifiedDigest } from './types.js';
