/** The audit library against the emulator: findings in a seeded organization, none in a clean one. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit, type AuditOptions, type Finding } from '../../src/audit/index.ts';
import { executeAudit, type AuditConfig } from '../../src/audit/execute.ts';
import { toSarif } from '../../src/audit/sarif.ts';
import { createGitHubClient } from '../../src/core/github.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { ALLOWED_WRITERS, EXPECTED_DIRTY, orgFixture, TRUST_POLICY } from './org-fixture.ts';
import { validateSarif } from './sarif-schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'sd-audit-'));
let dirtyFindings: readonly Finding[] = [];

function options(kind: 'dirty' | 'clean', extra: Partial<AuditOptions> = {}): AuditOptions {
  const policy = join(dir, `trust-${kind}.yml`);
  writeFileSync(policy, TRUST_POLICY(kind === 'dirty'));
  return {
    organization: 'acme',
    maxAgeDays: 90,
    allowedWriters: ALLOWED_WRITERS,
    ledger: { owner: 'acme', repo: 'audit', branch: 'audit-log', path: 'ledger.jsonl' },
    trustPolicy: policy,
    readAuditLog: true,
    concurrency: 4,
    ...extra,
  };
}

describe.each(['dirty', 'clean'] as const)('audit of the %s organization', (kind) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
    await emulator.seed(orgFixture(kind).seed);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it(kind === 'dirty' ? 'detects every planted finding' : 'reports no finding', async () => {
    const client = createGitHubClient('ghs_audit', { baseUrl: emulator.url });
    const { report, requests } = await runAudit(client, options(kind));
    const found = report.findings.map((f) => [f.kind, f.subject.replace(/^.*trust-dirty\.yml/, 'TRUST')]);
    expect(report.partial).toEqual([]);
    expect(report.warnings).toEqual([]);
    if (kind === 'dirty') {
      for (const expected of EXPECTED_DIRTY) expect(found).toContainEqual(expected);
      expect(
        report.findings.some(
          (f) =>
            f.kind === 'unauthorized-write' && f.subject.startsWith('audit-log:repo.update_actions_secret:acme/web'),
        ),
      ).toBe(true);
      for (const f of report.findings) {
        expect(f.evidence.length, f.fingerprint).toBeGreaterThan(0);
        expect(f.rootCause).toMatch(/\S/);
      }
      dirtyFindings = report.findings;
    } else {
      expect(found).toEqual([]);
    }
    // No repeated reads: every request is distinct.
    const log = await emulator.requests();
    const gets = log.filter((r) => r.method === 'GET').map((r) => `${r.path}?${JSON.stringify(r.query)}`);
    expect(gets.length).toBe(new Set(gets).size);
    expect(requests).toBe(log.length);
    emulator.assertNoViolations();
  });
});

// The schema ships in @microsoft/jest-sarif (a devDependency); without it the test fails, never skips.
it('writes SARIF 2.1.0 that validates against the OASIS schema', () => {
  expect(dirtyFindings.length).toBeGreaterThan(10);
  const sarif = toSarif(dirtyFindings, '0.1.0') as { runs: { results: unknown[] }[] };
  expect(validateSarif(sarif)).toEqual([]);
  expect(sarif.runs[0]?.results).toHaveLength(dirtyFindings.length);
});

describe('partial reads', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
    await emulator.seed(orgFixture('clean').seed);
    await emulator.seed({
      tokens: [
        {
          token: 'no-audit-log',
          login: 'auditor',
          permissions: {
            secrets: 'read',
            dependabot_secrets: 'read',
            environments: 'read',
            organization_secrets: 'read',
            variables: 'read',
            actions: 'read',
            contents: 'read',
            metadata: 'read',
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('warns naming the permission when the audit log is forbidden, and audits the rest', async () => {
    const client = createGitHubClient('no-audit-log', { baseUrl: emulator.url });
    const { report } = await runAudit(client, options('clean'));
    expect(report.warnings).toEqual([
      expect.stringMatching(/audit log of 'acme' could not be read \(403.*read:audit_log.*Administration: read/s),
    ]);
    expect(report.findings).toEqual([]);
    expect(report.repositories).toEqual(['acme/app', 'acme/audit', 'acme/security', 'acme/web']);
    // Secret reads, removals and changes outside the ledger were not reviewed: partial, saying which and why.
    expect(report.partial).toEqual([
      expect.stringMatching(
        /^acme: audit log not read \(403 .*only organization owners can read it\): secret reads \(workflows\.prepared_workflow_job\), secret removals, Dependabot\/Codespaces secret and variable changes are not reviewed$/,
      ),
    ]);
    // Without allowed-writers too: the reads are reviewed whatever the writers policy.
    const without = await runAudit(client, options('clean', { allowedWriters: [] }));
    expect(without.report.partial).toHaveLength(1);
    expect(without.report.warnings).toHaveLength(1);
  });

  it('reports no false finding from a scope it could not read', async () => {
    await emulator.seed({
      tokens: [
        {
          token: 'no-environments',
          login: 'auditor2',
          permissions: {
            secrets: 'read',
            dependabot_secrets: 'read',
            organization_secrets: 'read',
            variables: 'read',
            actions: 'read',
            contents: 'read',
            metadata: 'read',
            organization_administration: 'read',
          },
        },
      ],
    });
    const { report } = await runAudit(
      createGitHubClient('no-environments', { baseUrl: emulator.url }),
      options('clean'),
    );
    expect(report.partial).toEqual([
      expect.stringMatching(/^acme\/app: could not read secrets of environment 'production' \(403/),
    ]);
    expect(report.findings).toEqual([]);
  });

  it('reports a repository that disappeared mid-run as partial, never clean', async () => {
    await emulator.addFault({
      route: '/repos/{owner}/{repo}/actions/secrets',
      pathPattern: '^/repos/acme/web/',
      kind: 'status',
      status: 404,
      times: -1,
    });
    const client = createGitHubClient('ghs_audit', { baseUrl: emulator.url });
    const { report, auditedScopes } = await runAudit(client, options('clean'));
    expect(report.partial).toEqual([expect.stringMatching(/^acme\/web: could not read repository secrets/)]);
    expect(auditedScopes.has('acme/web')).toBe(false);
    expect(auditedScopes.has('acme/app')).toBe(true);
    await emulator.clearFaults();
  });

  it('shards split the organization and the merge equals one whole run', async () => {
    const { seed } = orgFixture('dirty');
    await emulator.reset();
    await emulator.seed(seed);
    const client = createGitHubClient('ghs_audit', { baseUrl: emulator.url });
    const whole = (await runAudit(client, options('dirty'))).report;
    const files: string[] = [];
    for (const index of [1, 2, 3]) {
      const { report } = await runAudit(client, options('dirty', { shard: { index, count: 3 } }));
      const path = join(dir, `shard-${index}.json`);
      writeFileSync(path, JSON.stringify(report));
      files.push(path);
    }
    const config: AuditConfig = {
      repositories: [],
      organization: 'acme',
      repositoryFilter: [],
      shard: '',
      merge: files,
      maxAgeDays: 90,
      allowedWriters: ALLOWED_WRITERS,
      ledger: '',
      trustPolicy: '',
      readAuditLog: true,
      auditLogExport: [],
      auditState: '',
      readersPolicy: '',
      unreadDays: 0,
      issuesRepository: '',
      issueLabels: [],
      sarifFile: '',
      findingsFile: join(dir, 'merged.json'),
      failOn: 'none',
      allowPartial: false,
      concurrency: 4,
    };
    const merged = await executeAudit(client, config, { repository: 'acme/app', version: '0.1.0' });
    expect(merged.report.partial).toEqual([]);
    expect(merged.report.findings.map((f) => f.fingerprint).sort()).toEqual(
      whole.findings.map((f) => f.fingerprint).sort(),
    );
    const missing = await executeAudit(
      client,
      { ...config, merge: files.slice(0, 2) },
      { repository: 'acme/app', version: '0.1.0' },
    );
    expect(missing.report.partial).toEqual(['shard 3/3 is missing from the merge']);
    expect(JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8'))).toMatchObject({ version: 1 });
  });
});

describe('workflows that do not parse', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
    await emulator.seed(orgFixture('clean').seed);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('a workflow that does not parse makes its repository partial: no unused-secret advice from it', async () => {
    await emulator.seed({
      repos: [
        {
          full_name: 'acme/broken-wf',
          default_branch: 'main',
          visibility: 'private',
          files: { '.github/workflows/ci.yml': 'on: [push\njobs:\n  a: ${{ secrets.ONLY_HERE }}\n' },
          secrets: [{ name: 'ONLY_HERE', value: 'only-value' }],
        },
      ],
    });
    const client = createGitHubClient('ghs_audit', { baseUrl: emulator.url });
    const { report, auditedScopes } = await runAudit(client, options('clean', { repositories: ['acme/broken-wf'] }));
    expect(report.partial).toEqual([
      expect.stringMatching(
        /^acme\/broken-wf: \.github\/workflows\/ci\.yml is not valid YAML \(.+\); its secret references were not checked$/,
      ),
    ]);
    expect(report.findings.filter((f) => f.kind === 'unused-secret' || f.kind === 'missing-secret')).toEqual([]);
    expect(auditedScopes.has('acme/broken-wf')).toBe(false);
  });
});
