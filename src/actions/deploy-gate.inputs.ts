import type { InputSpecs } from '../core/inputs.js';
import { inputs as approvalInputs } from './require-approval.inputs.js';
import { inputs as verifyInputs } from './verify-signatures.inputs.js';

/**
 * The deploy gate (root action.yml): verify-signatures' inputs, then require-approval's. The
 * digests to approve come from the verification, so `digests` is not an input; approval's
 * `mode` is `approval-mode` here; configuring protection is require-approval's own job.
 */
/** The gate runs before deploying: verify-signatures' post-deploy inputs have no place in it. */
const {
  mode: _verifyMode,
  'deployed-digests': _deployedDigests,
  'deployed-digests-command': _deployedDigestsCommand,
  'deployment-id': _deploymentId,
  environment: _verifyEnvironment,
  ...preDeploy
} = verifyInputs;

const {
  digests: _digests,
  mode: approvalMode,
  configure: _configure,
  'wait-timer': _waitTimer,
  ...approval
} = approvalInputs;

export const inputs = {
  ...preDeploy,
  ...approval,
  'approval-mode': approvalMode,
  token: approvalInputs.token,
} as const satisfies InputSpecs;

export const outputs = [
  'verified',
  'results',
  'digests',
  'approved',
  'approvers',
  'deployment-id',
  'issue-url',
] as const;
