/**
 * The findings over an in-memory inventory: ledgers written by rotate-secret's own protocol, pending
 * copies, environments chosen at run time, triggers outsiders control, instance names.
 */
import { describe, expect, it } from 'vitest';
import { appendLedger } from '../../src/core/audit-sinks.ts';
import { analyse, sharedValueFindings } from '../../src/audit/findings.ts';
import { parseRotationVariable } from '../../src/audit/inventory.ts';
import { checkLedger } from '../../src/audit/ledger.ts';
import type { Inventory, RepositoryInventory, RotationRecord, SecretRecord } from '../../src/audit/types.ts';
import { parseWorkflow } from '../../src/audit/workflows.ts';
import { rotateWithProtocol } from './rotate-events.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const AT = '2026-05-20T10:00:00.000Z';

function rotations(variables: readonly { name: string; value: string }[]): RotationRecord[] {
  return variables
    .map((v) => parseRotationVariable(v.name, v.value))
    .filter((r): r is RotationRecord => r !== undefined);
}

function secret(owner: string, name: string, extra: Partial<SecretRecord> = {}): SecretRecord {
  return { owner, scope: 'repository', name, createdAt: AT, updatedAt: AT, ...extra };
}

function repo(fullName: string, extra: Partial<RepositoryInventory>): RepositoryInventory {
  return {
    fullName,
    private: true,
    secrets: [],
    environments: [],
    workflows: [],
    rotations: [],
    partial: [],
    ...extra,
  };
}

const reviewed = (name: string) => ({ name, requiredReviewers: 1, protectionRules: ['required_reviewers'] });

function inventory(repositories: RepositoryInventory[]): Inventory {
  return { organization: 'acme', repositories, organizationSecrets: [], warnings: [], partial: [] };
}

const DEPLOY = (env: string): string => `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: ${env}
    steps:
      - run: ./deploy
        env:
          DB: \${{ secrets.DB }}
`;

describe('a ledger written by rotate-secret', () => {
  it('gives no finding: one instance in several destinations, a pending copy, rotation steps at the first destination', async () => {
    // rotate-secret in acme/app: 'production' goes to its environment and to acme/worker's
    // repository secret; 'eu--west' to its environment; the target keeps DB_PENDING meanwhile.
    const run = await rotateWithProtocol({
      repository: 'acme/app',
      name: 'DB',
      instances: ['production', 'eu--west'],
      destinations: ['production environment', 'production repository acme/worker', 'eu--west environment'],
      at: AT,
      pendingCopy: true,
    });
    const actions = run.events.map((e) => e.action);
    // What makes this ledger hard: the pending copy's writes, and rotation steps that name only
    // the instance's first destination although its value is at several.
    expect(actions).toContain('secret.rotate.promote');
    expect(run.events.some((e) => e.action === 'secret.write' && e.target.name === 'DB_PENDING')).toBe(true);
    const create = run.events.find((e) => e.action === 'secret.rotate.create');
    expect([create?.target.environment, create?.target.instance]).toEqual(['production', 'production']);
    expect(
      run.events.filter((e) => e.action === 'secret.write' && e.target.name === 'DB').map((e) => e.fingerprint),
    ).toEqual([run.fingerprints.production, run.fingerprints.production, run.fingerprints['eu--west']]);

    const check = checkLedger(appendLedger('', run.events));
    expect(check.problems).toEqual([]);
    const inv = inventory([
      repo('acme/app', {
        secrets: [
          secret('acme/app', 'DB', { scope: 'environment', environment: 'production' }),
          secret('acme/app', 'DB', { scope: 'environment', environment: 'eu--west' }),
        ],
        environments: [reviewed('production'), reviewed('eu--west')],
        workflows: [
          parseWorkflow('.github/workflows/deploy.yml', DEPLOY('production')),
          parseWorkflow('.github/workflows/deploy-eu.yml', DEPLOY('eu--west')),
        ],
        rotations: rotations(run.variables),
      }),
      repo('acme/worker', {
        secrets: [secret('acme/worker', 'DB')],
        workflows: [
          parseWorkflow('.github/workflows/work.yml', DEPLOY('production').replace(/ {4}environment.*\n/, '')),
        ],
      }),
    ]);
    expect(inv.repositories[0]?.rotations.map((r) => r.instance).sort()).toEqual(['EU_WEST', 'PRODUCTION']);
    const { findings } = analyse(inv, {
      now: NOW,
      maxAgeDays: 90,
      allowedWriters: ['acme/app:rotate'],
      ledger: { name: 'acme/audit@audit-log:ledger.jsonl', entries: check.entries, problems: [] },
      crossRepository: true,
    });
    expect(findings.map((f) => [f.kind, f.subject])).toEqual([]);
  });

  it('still finds one value in two instances, and a destination no rotation wrote', async () => {
    const run = await rotateWithProtocol({
      repository: 'acme/app',
      name: 'DB',
      instances: ['production'],
      destinations: ['production environment', 'production repository acme/worker'],
      at: AT,
    });
    const fp = run.fingerprints.production ?? '';
    // The same value held by another instance's location: shared, whoever wrote it.
    const shared = sharedValueFindings([
      {
        fingerprint: fp,
        instance: 'environment:acme/app:production:DB',
        scope: 'acme/app',
        group: 'acme/app:DB:PRODUCTION',
      },
      { fingerprint: fp, instance: 'repository:acme/worker:DB', scope: 'acme/worker', group: 'acme/app:DB:PRODUCTION' },
      { fingerprint: fp, instance: 'repository:acme/other:DB', scope: 'acme/other' },
    ]);
    expect(shared.map((f) => f.kind)).toEqual(['shared-value']);
    expect(shared[0]?.evidence).toContain('- repository:acme/other:DB');
    // Only the destinations of one instance: not shared.
    expect(
      sharedValueFindings([
        {
          fingerprint: fp,
          instance: 'environment:acme/app:production:DB',
          scope: 'acme/app',
          group: 'acme/app:DB:PRODUCTION',
        },
        {
          fingerprint: fp,
          instance: 'repository:acme/worker:DB',
          scope: 'acme/worker',
          group: 'acme/app:DB:PRODUCTION',
        },
      ]),
    ).toEqual([]);

    const check = checkLedger(appendLedger('', run.events));
    const inv = inventory([
      repo('acme/worker', {
        secrets: [secret('acme/worker', 'DB'), secret('acme/worker', 'OTHER')],
        workflows: [
          parseWorkflow(
            'w.yml',
            'on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ secrets.DB }} ${{ secrets.OTHER }}\n',
          ),
        ],
      }),
    ]);
    const { findings } = analyse(inv, {
      now: NOW,
      maxAgeDays: 90,
      allowedWriters: [],
      ledger: { name: 'l', entries: check.entries, problems: [] },
      crossRepository: true,
    });
    expect(findings.map((f) => [f.kind, f.subject]).sort()).toEqual([
      ['never-rotated', 'repository:acme/worker:OTHER'],
      ['unlogged-write', 'repository:acme/worker:OTHER'],
    ]);
  });
});

describe('noise', () => {
  const base = (workflow: string, extra: Partial<RepositoryInventory> = {}) =>
    inventory([
      repo('acme/app', {
        secrets: [
          secret('acme/app', 'FINGERPRINT_KEY'),
          secret('acme/app', 'DB', { scope: 'environment', environment: 'production' }),
        ],
        environments: [reviewed('production'), reviewed('staging')],
        workflows: [parseWorkflow('.github/workflows/w.yml', workflow)],
        ...extra,
      }),
    ]);
  const run = (inv: Inventory) =>
    analyse(inv, { now: NOW, maxAgeDays: 90, allowedWriters: [], crossRepository: true }).findings.map((f) => [
      f.kind,
      f.subject,
    ]);
  const state = (variable: string): RotationRecord[] =>
    rotations([
      {
        name: variable,
        value: JSON.stringify({
          version: 1,
          phase: 'idle',
          current: { fingerprint: `hmac-sha256:${Buffer.from(variable).toString('hex')}`, since: AT },
          retiring: [],
          updated: AT,
        }),
      },
    ]);

  it('<NAME>_PENDING is part of a rotation when rotate-secret keeps state for NAME, missing otherwise', () => {
    const wf = `on: schedule
jobs:
  rotate:
    steps:
      - uses: acme/secure-deploy/actions/rotate-secret@v0
        with:
          fingerprint-key: \${{ secrets.FINGERPRINT_KEY }}
          pending-values: \${{ secrets.DB_PENDING }}
  deploy:
    environment: production
    steps:
      - run: echo \${{ secrets.DB }}
`;
    const rotated = state('DB_ROTATION_PRODUCTION').concat(state('FINGERPRINT_KEY_ROTATION_REPOSITORY'));
    expect(run(base(wf, { rotations: rotated }))).toEqual([]);
    // During a rotation the copy exists: not a secret of its own (not never rotated, not unused).
    expect(
      run(
        base(wf, {
          rotations: rotated,
          secrets: [
            secret('acme/app', 'FINGERPRINT_KEY'),
            secret('acme/app', 'DB', { scope: 'environment', environment: 'production' }),
            secret('acme/app', 'DB_PENDING', { scope: 'environment', environment: 'production' }),
          ],
        }),
      ),
    ).toEqual([]);
    expect(run(base(wf, { rotations: state('FINGERPRINT_KEY_ROTATION_REPOSITORY') }))).toContainEqual([
      'missing-secret',
      '.github/workflows/w.yml:rotate:DB_PENDING',
    ]);
  });

  it('an environment chosen by an expression may be any environment: no missing-secret for its secrets', () => {
    const wf = (env: string) => `on: push
jobs:
  deploy:
    strategy:
      matrix:
        env: [production, staging]
    environment: ${env}
    steps:
      - run: echo \${{ secrets.DB }} \${{ secrets.NOWHERE }}
`;
    const rotated = state('DB_ROTATION_PRODUCTION').concat(state('FINGERPRINT_KEY_ROTATION_REPOSITORY'));
    const parsed = parseWorkflow('w.yml', wf('${{ matrix.env }}'));
    expect(parsed.jobs[0]?.dynamicEnvironment).toBe(true);
    expect(parsed.jobs[0]?.environment).toBeUndefined();
    const found = run(base(wf('${{ matrix.env }}'), { rotations: rotated }));
    expect(found).toContainEqual(['missing-secret', '.github/workflows/w.yml:deploy:NOWHERE']);
    expect(found.filter(([, s]) => s?.endsWith(':DB'))).toEqual([]);
    expect(
      run(base(wf('{ name: "prod-${{ inputs.region }}" }'), { rotations: rotated })).filter(([, s]) =>
        s?.endsWith(':DB'),
      ),
    ).toEqual([]);
    // A literal environment that lacks the secret is still reported.
    expect(run(base(wf('staging'), { rotations: rotated }))).toContainEqual([
      'missing-secret',
      '.github/workflows/w.yml:deploy:DB',
    ]);
  });

  it('an environment named with runs of punctuation matches its rotation state (eu--west is EU_WEST)', () => {
    const inv = inventory([
      repo('acme/app', {
        secrets: [secret('acme/app', 'DB', { scope: 'environment', environment: 'eu--west' })],
        environments: [reviewed('eu--west')],
        workflows: [parseWorkflow('w.yml', DEPLOY('eu--west'))],
        rotations: state('DB_ROTATION_EU_WEST'),
      }),
    ]);
    expect(run(inv)).toEqual([]);
  });
});

describe('untrusted triggers', () => {
  it.each([
    'pull_request_target',
    'workflow_run',
    'issue_comment',
    'pull_request_review',
    'pull_request_review_comment',
  ])('%s with secrets is an exposure', (trigger) => {
    const inv = inventory([
      repo('acme/app', {
        secrets: [secret('acme/app', 'TOKEN')],
        workflows: [
          parseWorkflow(
            '.github/workflows/bot.yml',
            `on:\n  ${trigger}:\n    types: [created]\njobs:\n  bot:\n    steps:\n      - run: ./bot \${{ secrets.TOKEN }}\n`,
          ),
        ],
        rotations: rotations([{ name: 'TOKEN_ROTATION_REPOSITORY', value: '{}' }]),
      }),
    ]);
    const findings = analyse(inv, { now: NOW, maxAgeDays: 90, allowedWriters: [], crossRepository: true }).findings;
    expect(findings.map((f) => [f.kind, f.subject])).toEqual([
      ['untrusted-trigger-exposure', '.github/workflows/bot.yml'],
    ]);
  });

  it('a workflow on push with secrets is not', () => {
    const inv = inventory([
      repo('acme/app', {
        secrets: [secret('acme/app', 'TOKEN')],
        workflows: [
          parseWorkflow(
            'w.yml',
            'on: [push, pull_request]\njobs:\n  a:\n    steps:\n      - run: ${{ secrets.TOKEN }}\n',
          ),
        ],
        rotations: rotations([{ name: 'TOKEN_ROTATION_REPOSITORY', value: '{}' }]),
      }),
    ]);
    expect(analyse(inv, { now: NOW, maxAgeDays: 90, allowedWriters: [], crossRepository: true }).findings).toEqual([]);
  });
});
