/**
 * A seeded organization for the audit tests: `dirty` has one of each finding, `clean` (the same
 * organization with everything fixed) has none. Dates are relative to now, so the fixture does
 * not age.
 */
import { AuditEmitter, type AuditEvent, type AuditRecord } from '../../src/core/audit.ts';
import { appendLedger } from '../../src/core/audit-sinks.ts';
import { runContext } from '../../src/core/context.ts';
import type { SeedDocument } from '../support/github-emulator/index.ts';

const DAY = 86_400_000;
/** Fixed when the module loads, so that reseeding the same organization gives the same timestamps. */
const BASE = Math.floor(Date.now() / 1000) * 1000;
export const daysAgo = (d: number): string => new Date(BASE - d * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const ALLOWED_WRITERS = ['acme/app/.github/workflows/rotate.yml', 'acme/app:rotate', 'rotation-bot[bot]'];
export const FP_SHARED = `hmac-sha256:${'1'.repeat(64)}`;
const fp = (n: number): string => `hmac-sha256:${String(n).repeat(64).slice(0, 64)}`;

function ledgerEvents(records: { at: string; workflow?: string; actor?: string; record: AuditRecord }[]): AuditEvent[] {
  return records.map(({ at, workflow, actor, record }) => {
    const ctx = runContext({
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '77',
      GITHUB_ACTOR: actor ?? 'rotation-bot[bot]',
      GITHUB_WORKFLOW: workflow ?? 'rotate',
      GITHUB_JOB: 'rotate',
    });
    return new AuditEmitter(ctx, [], () => new Date(at)).build(record);
  });
}

const ROTATE_YML = `name: rotate
on:
  schedule:
    - cron: '0 3 * * 1'
jobs:
  rotate:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/secure-deploy/actions/rotate-secret@v1
        with:
          name: DB_PASSWORD
          fingerprint-key: \${{ secrets.FINGERPRINT_KEY }}
`;

const DEPLOY_YML = (missing: boolean): string => `name: deploy
on: push
env:
  NPM_TOKEN: \${{ secrets.ORG_NPM }}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make build
        env:
          DB: \${{ secrets.DB_PASSWORD }}
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./deploy
        env:
          KEY: \${{ secrets.DEPLOY_KEY }}${missing ? '\n          OLD: ${{ secrets.MISSING_ONE }}' : ''}
`;

const PR_TARGET_YML = `name: label
on:
  pull_request_target:
    types: [opened]
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: ./label
        env:
          TOKEN: \${{ secrets.DB_PASSWORD }}
`;

const PR_YML = `name: test
on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: npm test
`;

const WEB_YML = `name: web
on: push
jobs:
  ship:
    runs-on: ubuntu-latest
    steps:
      - run: ./ship
        env:
          API_KEY: \${{ secrets.API_KEY }}
          HAND: \${{ secrets.HAND_SET }}
`;

export const TRUST_POLICY = (overdue: boolean): string => `version: 1
anchors:
  - id: release-signing
    type: public-key
    review-by: ${overdue ? '2020-01-01' : '2099-01-01'}
  - id: sigstore-public-good
    type: sigstore
    review-by: 2099-06-30
`;

function rotationState(fingerprint: string, since: string): string {
  return JSON.stringify({ version: 1, phase: 'idle', current: { fingerprint, since }, retiring: [], updated: since });
}

export interface Fixture {
  seed: SeedDocument;
  ledger: string;
}

/**
 * The organization `acme`: repositories app, web (audited), audit (the ledger), security (issues).
 * `dirty` plants: a stale secret, never rotated secrets, a shared value, an unauthorized write in
 * the ledger and in the audit log, an unlogged write, a tampered ledger line, a missing and an
 * unused secret, a pull_request_target workflow with secrets, an environment without reviewers and
 * (in the trust policy) an overdue anchor.
 */
export function orgFixture(kind: 'dirty' | 'clean'): Fixture {
  const dirty = kind === 'dirty';
  const recent = daysAgo(5);
  const planned: { at: string; workflow?: string; actor?: string; record: AuditRecord }[] = [
    {
      at: daysAgo(5),
      record: {
        action: 'secret.rotate.promote',
        target: { scope: 'repository', repository: 'acme/app', name: 'DB_PASSWORD' },
        outcome: 'success',
        fingerprint: fp(2),
      },
    },
    {
      at: daysAgo(5),
      record: {
        action: 'secret.rotate.promote',
        target: { scope: 'repository', repository: 'acme/app', name: 'FINGERPRINT_KEY' },
        outcome: 'success',
        fingerprint: fp(3),
      },
    },
    {
      at: daysAgo(5),
      record: {
        action: 'secret.rotate.promote',
        target: { scope: 'environment', repository: 'acme/app', environment: 'production', name: 'DEPLOY_KEY' },
        outcome: 'success',
        fingerprint: fp(4),
      },
    },
    {
      at: daysAgo(5),
      record: {
        action: 'secret.rotate.promote',
        target: { scope: 'organization', repository: 'acme', name: 'ORG_NPM' },
        outcome: 'success',
        fingerprint: fp(5),
      },
    },
    {
      at: daysAgo(5),
      workflow: dirty ? 'manual-fix' : 'rotate',
      actor: dirty ? 'mallory' : 'rotation-bot[bot]',
      record: {
        action: 'secret.write',
        target: { scope: 'repository', repository: 'acme/web', name: 'API_KEY' },
        outcome: 'success',
        fingerprint: dirty ? fp(2) : fp(6),
      },
    },
    ...(dirty
      ? []
      : [
          {
            at: daysAgo(5),
            record: {
              action: 'secret.rotate.promote',
              target: { scope: 'repository' as const, repository: 'acme/web', name: 'HAND_SET' },
              outcome: 'success' as const,
              fingerprint: fp(7),
            },
          },
        ]),
    {
      at: daysAgo(4),
      record: {
        action: 'secret.read',
        target: { scope: 'repository', repository: 'acme/app', name: 'DB_PASSWORD' },
        outcome: 'success',
      },
    },
    {
      at: daysAgo(3),
      record: {
        action: 'secret.read',
        target: { scope: 'repository', repository: 'acme/app', name: 'DB_PASSWORD' },
        outcome: 'success',
      },
    },
  ];
  const events = ledgerEvents(planned);
  let ledger = appendLedger('', events);
  if (dirty) {
    // Someone edited an old line: the read by "rotation-bot" becomes one by "nobody".
    const lines = ledger.trimEnd().split('\n');
    lines[6] = (lines[6] ?? '').replace('"actor":"rotation-bot[bot]"', '"actor":"nobody"');
    ledger = `${lines.join('\n')}\n`;
  }
  const appSecrets = [
    { name: 'DB_PASSWORD', value: 'db-value-1', created_at: daysAgo(400), updated_at: recent },
    { name: 'FINGERPRINT_KEY', value: 'fp-key-value', created_at: daysAgo(400), updated_at: recent },
    ...(dirty
      ? [{ name: 'STALE_TOKEN', value: 'stale-value', created_at: daysAgo(400), updated_at: daysAgo(200) }]
      : []),
  ];
  const seed: SeedDocument = {
    users: [
      { login: 'alice', type: 'User' },
      { login: 'bob', type: 'User' },
    ],
    orgs: [
      {
        login: 'acme',
        secrets: [
          { name: 'ORG_NPM', value: 'npm-value', visibility: 'all', created_at: daysAgo(300), updated_at: recent },
        ],
        audit_log: [
          { action: 'repo.update_actions_secret', actor: 'rotation-bot[bot]', repo: 'acme/app', '@timestamp': recent },
          ...(dirty
            ? [{ action: 'repo.update_actions_secret', actor: 'mallory', repo: 'acme/web', '@timestamp': daysAgo(2) }]
            : []),
        ],
      },
    ],
    repos: [
      {
        full_name: 'acme/app',
        default_branch: 'main',
        visibility: 'private',
        files: {
          '.github/workflows/rotate.yml': ROTATE_YML,
          '.github/workflows/deploy.yml': DEPLOY_YML(dirty),
          ...(dirty ? { '.github/workflows/label.yml': PR_TARGET_YML } : { '.github/workflows/test.yml': PR_YML }),
        },
        secrets: appSecrets,
        variables: [
          { name: 'DB_PASSWORD_ROTATION_REPOSITORY', value: rotationState(fp(2), recent) },
          { name: 'FINGERPRINT_KEY_ROTATION_REPOSITORY', value: rotationState(fp(3), recent) },
          { name: 'DEPLOY_KEY_ROTATION_PRODUCTION', value: rotationState(fp(4), recent) },
          { name: 'ORG_NPM_ROTATION_ORGANIZATION', value: rotationState(fp(5), recent) },
        ],
        environments: [
          {
            name: 'production',
            reviewers: [{ type: 'User', login: 'alice' }],
            secrets: [{ name: 'DEPLOY_KEY', value: 'deploy-value', created_at: daysAgo(100), updated_at: recent }],
          },
          ...(dirty ? [{ name: 'staging' }] : []),
        ],
      },
      {
        full_name: 'acme/web',
        default_branch: 'main',
        visibility: 'private',
        files: { '.github/workflows/web.yml': WEB_YML },
        secrets: [
          { name: 'API_KEY', value: 'api-value', created_at: daysAgo(100), updated_at: recent },
          // dirty: set by hand yesterday, no ledger event, no rotation state.
          { name: 'HAND_SET', value: 'hand-value', created_at: daysAgo(100), updated_at: dirty ? daysAgo(1) : recent },
          ...(dirty
            ? [{ name: 'UNUSED_KEY', value: 'unused-value', created_at: daysAgo(10), updated_at: daysAgo(10) }]
            : []),
        ],
        variables: [
          { name: 'API_KEY_ROTATION_REPOSITORY', value: rotationState(dirty ? fp(2) : fp(6), recent) },
          ...(dirty ? [] : [{ name: 'HAND_SET_ROTATION_REPOSITORY', value: rotationState(fp(7), recent) }]),
        ],
      },
      {
        full_name: 'acme/audit',
        default_branch: 'main',
        files: [
          { path: 'README.md', content: 'ledger\n' },
          { path: 'ledger.jsonl', content: ledger, branch: 'audit-log' },
        ],
      },
      { full_name: 'acme/security', default_branch: 'main', files: { 'README.md': 'issues\n' } },
    ],
  };
  return { seed, ledger };
}

/** The findings (kind and subject) the dirty organization must produce. */
export const EXPECTED_DIRTY: readonly [string, string][] = [
  ['stale-secret', 'repository:acme/app:STALE_TOKEN'],
  ['never-rotated', 'repository:acme/app:STALE_TOKEN'],
  ['never-rotated', 'repository:acme/web:HAND_SET'],
  ['shared-value', `value ${'2'.repeat(16)}`],
  ['unauthorized-write', 'ledger:repository:acme/web:API_KEY:4'],
  ['unlogged-write', 'repository:acme/web:HAND_SET'],
  ['ledger-tampered', 'acme/audit@audit-log:ledger.jsonl:edited:7'],
  ['missing-secret', '.github/workflows/deploy.yml:deploy:MISSING_ONE'],
  ['unused-secret', 'repository:acme/web:UNUSED_KEY'],
  ['untrusted-trigger-exposure', '.github/workflows/label.yml'],
  ['environment-without-reviewers', 'environment:acme/app:staging'],
  ['trust-anchor-review-overdue', 'TRUST:release-signing'],
];
