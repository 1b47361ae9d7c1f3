/** The inputs and outputs of the audit-secrets action; `actions/audit-secrets/action.yml` mirrors them. */
import type { InputSpecs } from '../core/inputs.js';

export const inputs = {
  repositories: { type: 'list' },
  organization: { type: 'string' },
  'repository-filter': { type: 'list' },
  shard: { type: 'string' },
  merge: { type: 'list' },
  'max-age-days': { type: 'integer', default: 90, min: 1, max: 3650 },
  'allowed-writers': { type: 'list' },
  ledger: { type: 'string' },
  'trust-policy': { type: 'string' },
  'read-audit-log': { type: 'boolean', default: true },
  'issues-repository': { type: 'string' },
  'issue-labels': { type: 'list' },
  'sarif-file': { type: 'string', default: 'audit-secrets.sarif' },
  'findings-file': { type: 'string', default: 'audit-secrets.json' },
  'fail-on': { type: 'choice', choices: ['none', 'low', 'medium', 'high', 'critical'], default: 'high' },
  'allow-partial': { type: 'boolean', default: false },
  concurrency: { type: 'integer', default: 8, min: 1, max: 64 },
  'cache-file': { type: 'string' },
  'max-requests': { type: 'integer', default: 0, min: 0, max: 1_000_000 },
  assess: { type: 'boolean', default: false },
  'assessment-dir': { type: 'string', default: 'samm-assessment' },
  'audit-log': { type: 'list' },
  token: { type: 'string', required: true, default: '${{ github.token }}', secret: true },
} as const satisfies InputSpecs;

export const outputs = [
  'findings',
  'count',
  'highest-severity',
  'partial',
  'findings-file',
  'sarif-file',
  'issues-created',
  'issues-closed',
  'assessment',
] as const;
