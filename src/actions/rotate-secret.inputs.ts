/** The inputs and outputs of the rotate-secret action; `actions/rotate-secret/action.yml` mirrors them. */
import type { InputSpecs } from '../core/inputs.js';

export const inputs = {
  name: { type: 'string' },
  instances: { type: 'list' },
  destinations: { type: 'list' },
  generator: { type: 'choice', choices: ['random', 'ssh-ed25519', 'command'], default: 'random' },
  length: { type: 'integer', default: 32, min: 16, max: 1024 },
  alphabet: { type: 'choice', choices: ['alphanumeric', 'hex', 'base64url', 'password'], default: 'alphanumeric' },
  'password-policy': { type: 'string', default: 'lower=1 upper=1 digit=1 symbol=1' },
  'generator-command': { type: 'string' },
  target: { type: 'choice', choices: ['none', 'postgres', 'deploy-key', 'command'], default: 'none' },
  'postgres-url': { type: 'string', secret: true },
  'postgres-strategy': {
    type: 'choice',
    choices: ['alternating-users', 'single-user'],
    default: 'alternating-users',
  },
  'postgres-roles': { type: 'string' },
  'postgres-secret-format': { type: 'choice', choices: ['json', 'url', 'password'], default: 'json' },
  'deploy-key-repository': { type: 'string' },
  'deploy-key-read-only': { type: 'boolean', default: true },
  'target-command': { type: 'string' },
  'max-age': { type: 'string', default: '30d' },
  force: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  grace: { type: 'string', default: '1h' },
  'fingerprint-key': { type: 'string', secret: true },
  'pending-values': { type: 'string', secret: true },
  concurrency: { type: 'integer', default: 4, min: 1, max: 16 },
  'audit-log': { type: 'list' },
  token: { type: 'string', required: true, default: '${{ github.token }}', secret: true },
} as const satisfies InputSpecs;

export const outputs = ['rotated', 'skipped', 'failed'] as const;
