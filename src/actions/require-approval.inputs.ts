import type { InputSpecs } from '../core/inputs.js';

/** require-approval's inputs; actions/require-approval/action.yml declares the same names and defaults. */
export const inputs = {
  environment: { type: 'string', required: true },
  environments: { type: 'list' },
  mode: { type: 'choice', choices: ['environment', 'issue'], default: 'environment' },
  'require-protection': { type: 'boolean', default: true },
  'allow-self-approval': { type: 'boolean', default: false },
  'allow-admin-bypass': { type: 'boolean', default: false },
  'accept-protection-rules': { type: 'list' },
  'approver-permission': { type: 'string' },
  approvers: { type: 'list' },
  'min-approvals': { type: 'integer', default: 1, min: 1, max: 20 },
  'detect-bypass': { type: 'boolean', default: true },
  digests: { type: 'list' },
  'create-deployment': { type: 'boolean', default: true },
  ref: { type: 'string' },
  configure: { type: 'boolean', default: false },
  'wait-timer': { type: 'integer', default: 0, min: 0, max: 43200 },
  'deployment-refs': { type: 'list' },
  'timeout-minutes': { type: 'integer', default: 60, min: 1, max: 4320 },
  'timeout-seconds': { type: 'integer', min: 1, max: 259200 },
  'poll-interval-seconds': { type: 'integer', default: 30, min: 1, max: 3600 },
  'approve-words': { type: 'list' },
  'deny-words': { type: 'list' },
  'issue-repository': { type: 'string' },
  'issue-labels': { type: 'list' },
  'issue-for-more': { type: 'boolean', default: false },
  'audit-log': { type: 'list' },
  token: { type: 'string', required: true, default: '${{ github.token }}', secret: true },
  'app-id': { type: 'string' },
  'app-private-key': { type: 'string', secret: true },
} as const satisfies InputSpecs;

export const outputs = ['approved', 'approvers', 'deployment-id', 'issue-url', 'changes'] as const;
