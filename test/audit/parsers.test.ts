/** Pure readers: workflows, rotate-secret state variables, trust anchors, shards, sink framing. */
import { describe, expect, it } from 'vitest';
import { instanceVariableKey, matchesFilter, parseRotationVariable, shardOf } from '../../src/audit/inventory.ts';
import { parseLedgerLocation } from '../../src/audit/ledger.ts';
import { parseShard } from '../../src/audit/report.ts';
import { readTrustAnchors } from '../../src/audit/trust-anchors.ts';
import { parseWorkflow } from '../../src/audit/workflows.ts';
import { ConfigurationError } from '../../src/core/errors.ts';
import { instanceKey as rotateSecretInstanceKey } from '../../src/core/rotation-records.ts';
import { stateVariableName } from '../../src/secrets/config.ts';

describe('parseWorkflow', () => {
  it('reads secrets in expressions only, not in plain text that looks like one', () => {
    const wf = parseWorkflow(
      '.github/workflows/audit.yml',
      `on: push
jobs:
  audit:
    steps:
      - if: secrets.GATE != ''
        run: echo
      - uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: audit-secrets.sarif
          token: \${{ secrets.AUDIT_TOKEN }}
`,
    );
    expect(wf.jobs.flatMap((j) => j.secrets.map((s) => s.name)).sort()).toEqual(['AUDIT_TOKEN', 'GATE']);
  });

  it('finds triggers, job environments and secret references with their lines', () => {
    const wf = parseWorkflow(
      '.github/workflows/x.yml',
      `name: x
on: [pull_request_target, push]
env:
  A: \${{ secrets.SHARED }}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      # \${{ secrets.COMMENTED }}
      - run: echo \${{ secrets.GITHUB_TOKEN }} \${{ secrets['BRACKET'] }}
  "deploy":
    environment:
      name: production
    steps:
      - run: echo \${{ secrets.deploy_key }}
`,
    );
    expect(wf.triggers).toEqual(['pull_request_target', 'push']);
    expect(wf.jobs).toEqual([
      {
        id: 'build',
        environment: undefined,
        secrets: [
          { name: 'BRACKET', line: 10 },
          { name: 'SHARED', line: 4 },
        ],
      },
      {
        id: 'deploy',
        environment: 'production',
        secrets: [
          { name: 'DEPLOY_KEY', line: 15 },
          { name: 'SHARED', line: 4 },
        ],
      },
    ]);
  });

  it('marks a workflow that can hand on secrets it does not name (inherit, toJSON, computed index)', () => {
    const job = (body: string): string => `on: push\njobs:\n  deploy:\n${body}`;
    const inherit = parseWorkflow(
      'a.yml',
      job('    uses: acme/shared/.github/workflows/d.yml@main\n    secrets: inherit\n'),
    );
    const json = parseWorkflow(
      'b.yml',
      job("    runs-on: x\n    steps:\n      - run: echo '${{ toJSON(secrets) }}'\n"),
    );
    const computed = parseWorkflow(
      'c.yml',
      job("    runs-on: x\n    steps:\n      - run: echo ${{ secrets[format('{0}_KEY', 'DB')] }}\n"),
    );
    const named = parseWorkflow(
      'd.yml',
      job("    runs-on: x\n    steps:\n      - run: echo ${{ secrets['DB'] }} ${{ secrets.API }}\n"),
    );
    expect([inherit, json, computed].map((w) => w.secretsWholesale)).toEqual([true, true, true]);
    expect(named.secretsWholesale).toBeUndefined();
    expect(named.jobs[0]?.secrets.map((x) => x.name)).toEqual(['DB', 'API']);
  });

  it('reports YAML it cannot read instead of guessing', () => {
    expect(parseWorkflow('w.yml', 'on: [push\njobs:').parseError).toMatch(/\S/);
  });
});

describe('rotate-secret state variables', () => {
  it('reads <NAME>_ROTATION_<INSTANCE> with the current fingerprint and time', () => {
    const value = JSON.stringify({
      version: 1,
      phase: 'idle',
      current: { fingerprint: 'hmac-sha256:ab', since: '2026-01-02T00:00:00Z' },
      retiring: [],
      updated: '2026-01-03T00:00:00Z',
    });
    expect(parseRotationVariable('DB_PASSWORD_ROTATION_PRODUCTION_EU', value)).toEqual({
      variable: 'DB_PASSWORD_ROTATION_PRODUCTION_EU',
      secret: 'DB_PASSWORD',
      instance: 'PRODUCTION_EU',
      phase: 'idle',
      rotatedAt: '2026-01-02T00:00:00Z',
      fingerprint: 'hmac-sha256:ab',
    });
    expect(parseRotationVariable('REGION', 'eu')).toBeUndefined();
    expect(instanceVariableKey('production-eu')).toBe('PRODUCTION_EU');
    // The same key rotate-secret writes: a run of non-alphanumerics is one '_'.
    expect(instanceVariableKey('eu--west')).toBe('EU_WEST');
    expect(instanceVariableKey('eu--west')).toBe(rotateSecretInstanceKey('eu--west'));
    expect(stateVariableName({ name: 'DB' }, { key: rotateSecretInstanceKey('eu--west') })).toBe('DB_ROTATION_EU_WEST');
  });
});

describe('trust anchors', () => {
  it('takes every mapping with a review-by date, named by id or name, with its line', () => {
    expect(
      readTrustAnchors(`version: 1
anchors:
  - id: release
    type: public-key
    review-by: 2025-01-01
  - name: other
    review_by: "2030-06-30"
  - id: no-review
`),
    ).toEqual([
      { name: 'release', reviewBy: '2025-01-01', line: 5 },
      { name: 'other', reviewBy: '2030-06-30', line: 7 },
    ]);
    expect(() => readTrustAnchors('anchors:\n  - id: x\n    review-by: soon\n')).toThrow(/not a date/);
  });
});

describe('scope selection', () => {
  it('splits repositories into stable shards', () => {
    const names = Array.from({ length: 300 }, (_, i) => `acme/r${i}`);
    const counts = [1, 2, 3].map((s) => names.filter((n) => shardOf(n, 3) === s).length);
    expect(counts.reduce((a, b) => a + b)).toBe(300);
    for (const c of counts) expect(c).toBeGreaterThan(60);
    expect(shardOf('acme/r1', 3)).toBe(shardOf('ACME/R1', 3));
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('')).toBeUndefined();
    expect(() => parseShard('5/4')).toThrow(ConfigurationError);
  });

  it('filters repository names with globs and exclusions', () => {
    expect(matchesFilter('service-a', ['service-*', '!*-sandbox'])).toBe(true);
    expect(matchesFilter('service-sandbox', ['service-*', '!*-sandbox'])).toBe(false);
    expect(matchesFilter('web', [])).toBe(true);
  });

  it('reads ledger locations', () => {
    expect(parseLedgerLocation('acme/audit')).toEqual({
      owner: 'acme',
      repo: 'audit',
      branch: 'audit-log',
      path: 'ledger.jsonl',
    });
    expect(parseLedgerLocation('acme/audit@main:logs/l.jsonl')).toEqual({
      owner: 'acme',
      repo: 'audit',
      branch: 'main',
      path: 'logs/l.jsonl',
    });
    expect(parseLedgerLocation('nope')).toBeUndefined();
  });
});
