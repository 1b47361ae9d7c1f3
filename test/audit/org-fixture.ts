/**
 * A seeded organization for the audit tests: `dirty` has one of each finding, `clean` (the same
 * organization with everything fixed) has none. Dates are relative to now, so the fixture does
 * not age.
 */
import { AuditEmitter, type AuditEvent, type AuditRecord } from '../../src/core/audit.ts';
import { appendLedger } from '../../src/core/audit-sinks.ts';
import { runContext } from '../../src/core/context.ts';
import type { SeedDocument } from '../support/github-emulator/index.ts';
import { rotateWithProtocol, type ProtocolRun } from './rotate-events.ts';

const DAY = 86_400_000;
/** Fixed when the module loads, so that reseeding the same organization gives the same timestamps. */
const BASE = Math.floor(Date.now() / 1000) * 1000;
export const daysAgo = (d: number): string => new Date(BASE - d * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const ALLOWED_WRITERS = ['acme/app/.github/workflows/rotate.yml', 'acme/app:rotate', 'rotation-bot[bot]'];

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
          # As the README says: the pending value of an interrupted rotation, passed back.
          pending-values: \${{ secrets.DB_PASSWORD_PENDING }}
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
  smoke:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        env: [production]
    environment: \${{ matrix.env }}
    steps:
      - run: ./smoke
        env:
          KEY: \${{ secrets.DEPLOY_KEY }}
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

/**
 * What rotate-secret recorded, from its own protocol (no hand-shaped events): every rotation runs in
 * acme/app's rotate workflow. DB_PASSWORD keeps a `_PENDING` copy while it rotates; API_KEY and
 * (clean) HAND_SET are acme/app instances written to acme/web's repository secrets.
 */
const rotate = (name: string, instances: string[], extra: { destinations?: string[]; pendingCopy?: boolean } = {}) =>
  rotateWithProtocol({ repository: 'acme/app', name, instances, at: daysAgo(5), ...extra });
const ROTATIONS: Record<string, ProtocolRun> = {
  DB_PASSWORD: await rotate('DB_PASSWORD', ['repository'], { pendingCopy: true }),
  FINGERPRINT_KEY: await rotate('FINGERPRINT_KEY', ['repository']),
  DEPLOY_KEY: await rotate('DEPLOY_KEY', ['production']),
  ORG_NPM: await rotate('ORG_NPM', ['organization']),
  API_KEY: await rotate('API_KEY', ['web'], { destinations: ['web repository acme/web'] }),
  HAND_SET: await rotate('HAND_SET', ['web'], { destinations: ['web repository acme/web'] }),
};
/**
 * Clean: API_KEY rotated again after mallory's write (2 days ago), which is what ends that
 * finding — an audit never forgets a write, it sees its cause gone.
 */
const API_KEY_ROTATED_AGAIN_AT = daysAgo(1);
const API_KEY_ROTATED_AGAIN = await rotateWithProtocol({
  repository: 'acme/app',
  name: 'API_KEY',
  instances: ['web'],
  destinations: ['web repository acme/web'],
  at: API_KEY_ROTATED_AGAIN_AT,
});
/** The fingerprint DB_PASSWORD holds: in the dirty organization, copied by hand into acme/web's API_KEY. */
const FP_DB = ROTATIONS.DB_PASSWORD?.fingerprints.repository ?? '';

export interface Fixture {
  seed: SeedDocument;
  ledger: string;
  /** Dirty: the 1-based ledger line that was edited. */
  editedLine: number;
  /** Dirty: the seq of mallory's write. */
  malloryLine: number;
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
  const rotated = (
    dirty ? ['DB_PASSWORD', 'FINGERPRINT_KEY', 'DEPLOY_KEY', 'ORG_NPM', 'API_KEY'] : Object.keys(ROTATIONS)
  )
    .map((name) => ROTATIONS[name])
    .filter((r): r is ProtocolRun => r !== undefined);
  const planned: { at: string; workflow?: string; actor?: string; record: AuditRecord }[] = [
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
    ...(dirty
      ? [
          {
            // Someone outside the rotation copied DB_PASSWORD's value into acme/web's API_KEY.
            at: daysAgo(5),
            workflow: 'manual-fix',
            actor: 'mallory',
            record: {
              action: 'secret.write',
              target: { scope: 'repository' as const, repository: 'acme/web', name: 'API_KEY' },
              outcome: 'success' as const,
              fingerprint: FP_DB,
            },
          },
        ]
      : []),
  ];
  // Clean: API_KEY's second rotation comes last, in time order.
  const later = dirty ? [] : [API_KEY_ROTATED_AGAIN];
  const events = [...rotated.flatMap((r) => r.events), ...ledgerEvents(planned), ...later.flatMap((r) => r.events)];
  let ledger = appendLedger('', events);
  const readLine = rotated.reduce((n, r) => n + r.events.length, 0);
  if (dirty) {
    // Someone edited an old line: the read by "rotation-bot" becomes one by "nobody".
    const lines = ledger.trimEnd().split('\n');
    lines[readLine] = (lines[readLine] ?? '').replace('"actor":"rotation-bot[bot]"', '"actor":"nobody"');
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
            ? [
                {
                  action: 'repo.update_actions_secret',
                  actor: 'mallory',
                  repo: 'acme/web',
                  key: 'API_KEY',
                  '@timestamp': daysAgo(2),
                },
              ]
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
        // A later rotation's variables replace the earlier one's (same names).
        variables: [
          ...new Map([...rotated, ...later].flatMap((r) => r.variables).map((v) => [v.name, v] as const)).values(),
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
          {
            name: 'API_KEY',
            value: 'api-value',
            created_at: daysAgo(100),
            updated_at: dirty ? recent : API_KEY_ROTATED_AGAIN_AT,
          },
          // dirty: set by hand yesterday, no ledger event, no rotation state.
          { name: 'HAND_SET', value: 'hand-value', created_at: daysAgo(100), updated_at: dirty ? daysAgo(1) : recent },
          ...(dirty
            ? [{ name: 'UNUSED_KEY', value: 'unused-value', created_at: daysAgo(10), updated_at: daysAgo(10) }]
            : []),
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
  return { seed, ledger, editedLine: readLine + 1, malloryLine: events.length - 1 };
}

/** The findings (kind and subject) the dirty organization must produce. */
const DIRTY = orgFixture('dirty');
export const EXPECTED_DIRTY: readonly [string, string][] = [
  ['stale-secret', 'repository:acme/app:STALE_TOKEN'],
  ['never-rotated', 'repository:acme/app:STALE_TOKEN'],
  ['never-rotated', 'repository:acme/web:HAND_SET'],
  ['shared-value', `value ${FP_DB.replace(/^hmac-sha256:/, '').slice(0, 16)}`],
  ['unauthorized-write', `ledger:repository:acme/web:API_KEY:${DIRTY.malloryLine}`],
  ['unlogged-write', 'repository:acme/web:HAND_SET'],
  ['ledger-tampered', `acme/audit@audit-log:ledger.jsonl:edited:${DIRTY.editedLine}`],
  ['missing-secret', '.github/workflows/deploy.yml:deploy:MISSING_ONE'],
  ['unused-secret', 'repository:acme/web:UNUSED_KEY'],
  ['untrusted-trigger-exposure', '.github/workflows/label.yml'],
  ['environment-without-reviewers', 'environment:acme/app:staging'],
  ['trust-anchor-review-overdue', 'TRUST:release-signing'],
];
