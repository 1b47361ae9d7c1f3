import type { InputSpecs } from '../core/inputs.js';

/** verify-signatures' inputs; actions/verify-signatures/action.yml declares the same names and defaults. */
export const inputs = {
  artifacts: { type: 'list' },
  bundles: { type: 'list' },
  attestations: { type: 'boolean', default: false },
  'attestations-repository': { type: 'string', default: '${{ github.repository }}' },
  'attestations-owner': { type: 'string' },
  'attestations-limit': { type: 'integer', min: 1, max: 1000, default: 100 },
  release: { type: 'string' },
  'predicate-type': { type: 'string', default: 'https://slsa.dev/provenance/v1' },
  'certificate-identity': { type: 'string' },
  'certificate-identity-regexp': { type: 'string' },
  'certificate-oidc-issuer': { type: 'string', default: 'https://token.actions.githubusercontent.com' },
  'signer-workflow': { type: 'string' },
  'source-repository': { type: 'string' },
  'source-ref': { type: 'string' },
  'signer-digest': { type: 'string' },
  'source-digest': { type: 'string' },
  'deny-self-hosted-runners': { type: 'boolean', default: false },
  policy: { type: 'string' },
  key: { type: 'string' },
  'trusted-root': { type: 'string' },
  offline: { type: 'boolean', default: false },
  // Unset: the policy of the Sigstore instance that issued each bundle's certificate (verify/instances.ts).
  'tlog-threshold': { type: 'integer', min: 0, max: 16 },
  'ctlog-threshold': { type: 'integer', min: 0, max: 16 },
  'timestamp-threshold': { type: 'integer', min: 1, max: 16 },
  checksums: { type: 'string' },
  reason: { type: 'string' },
  images: { type: 'list' },
  'registry-username': { type: 'string' },
  'registry-password': { type: 'string', secret: true },
  'registry-token': { type: 'string', secret: true },
  mode: { type: 'choice', choices: ['pre-deploy', 'post-deploy'], default: 'pre-deploy' },
  'deployed-digests': { type: 'string' },
  'deployed-digests-command': { type: 'string' },
  'deployment-id': { type: 'integer', min: 1 },
  environment: { type: 'string' },
  'audit-log': { type: 'list' },
  token: { type: 'string', required: true, default: '${{ github.token }}', secret: true },
} as const satisfies InputSpecs;

/** Inputs only `mode: post-deploy` reads; the deploy gate (pre-deploy) leaves them out. */
export const POST_DEPLOY_INPUTS = [
  'mode',
  'deployed-digests',
  'deployed-digests-command',
  'deployment-id',
  'environment',
] as const;

export const outputs = ['verified', 'results', 'digests', 'rolled-back-to', 'rollback-deployment-id'] as const;
