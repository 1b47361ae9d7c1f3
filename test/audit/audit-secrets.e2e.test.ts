/**
 * audit-secrets end to end: the committed bundle (dist/audit-secrets/index.js) run the way the
 * runner runs it, against the GitHub API emulator and a real rsyslog.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger, readLedger } from '../../src/audit/ledger.ts';
import type { AuditEvent } from '../../src/core/audit.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { type Rsyslog, startRsyslog } from '../support/rsyslog.ts';
import { assertNoLeaks, type RunResult, runBundle } from '../support/runner.ts';
import { silentClient } from './client.ts';
import { ALLOWED_WRITERS, EXPECTED_DIRTY, orgFixture, TRUST_POLICY } from './org-fixture.ts';
import { validateSarif } from './sarif-schema.ts';

interface Finding {
  fingerprint: string;
  kind: string;
  subject: string;
  severity: string;
}

/** Where audit-secrets keeps its state by default: beside the ledger (src/audit/audit-state.ts). */
const STATE_PATH = 'audit-secrets-state.json';
const work = mkdtempSync(join(tmpdir(), 'sd-audit-e2e-'));
interface ApiIssue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: { name: string }[];
}

async function issues(emulator: Emulator): Promise<ApiIssue[]> {
  return (await silentClient(emulator.url).paginate('GET /repos/{owner}/{repo}/issues', {
    owner: 'acme',
    repo: 'security',
    state: 'all',
    per_page: 100,
  })) as ApiIssue[];
}

/** The audit state file the previous run wrote beside the ledger, if any. */
async function auditState(emulator: Emulator): Promise<string | undefined> {
  try {
    const { data } = (await silentClient(emulator.url).request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: 'acme',
      repo: 'audit',
      path: STATE_PATH,
      ref: 'audit-log',
    })) as { data: { content: string } };
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/**
 * Reseeds the emulator with an organization. With `keep` (the same organization later on), it
 * keeps the issues filed so far and the audit state the last run wrote, as an organization keeps
 * both (a lost state makes the audit close event findings' issues only on evidence, tested in
 * audit-reads.e2e.test.ts).
 */
async function reseed(
  emulator: Emulator,
  kind: 'dirty' | 'clean',
  keep?: readonly ApiIssue[],
  { keepState = true }: { keepState?: boolean } = {},
): Promise<void> {
  const state = keep && keepState ? await auditState(emulator) : undefined;
  await emulator.reset();
  const { seed } = orgFixture(kind);
  const repos = (seed.repos ?? []).map((r) => {
    if (typeof r === 'string') return r;
    if (r.full_name === 'acme/security') {
      return {
        ...r,
        issues: [...(keep ?? [])]
          .sort((a, b) => a.number - b.number)
          .map((i) => ({ title: i.title, body: i.body ?? '', state: i.state, labels: i.labels.map((l) => l.name) })),
      };
    }
    if (r.full_name === 'acme/audit' && state !== undefined && Array.isArray(r.files)) {
      return { ...r, files: [...r.files, { path: STATE_PATH, content: state, branch: 'audit-log' }] };
    }
    return r;
  });
  await emulator.seed({ ...seed, repos });
}

function audit(emulator: Emulator, kind: 'dirty' | 'clean', extra: Record<string, string> = {}): Promise<RunResult> {
  // One policy file, fixed in place: the trust-anchor finding's scope is the file.
  const policy = join(work, 'trust-policy.yml');
  writeFileSync(policy, TRUST_POLICY(kind === 'dirty'));
  return runBundle('audit-secrets', {
    env: { GITHUB_API_URL: emulator.url },
    inputs: {
      organization: 'acme',
      'allowed-writers': ALLOWED_WRITERS.join('\n'),
      ledger: 'acme/audit@audit-log:ledger.jsonl',
      'trust-policy': policy,
      'issues-repository': 'acme/security',
      'issue-labels': 'security',
      'sarif-file': join(work, `${kind}.sarif`),
      'findings-file': join(work, `${kind}.json`),
      'audit-log': `file ${join(work, 'events.jsonl')}`,
      ...extra,
    },
  });
}

function findings(result: RunResult): Finding[] {
  return JSON.parse(result.outputs.findings ?? '[]') as Finding[];
}

describe('audit-secrets bundle against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it(
    'detects each finding, files issues once, closes them after the fix and reopens a returning one',
    { timeout: 300_000 },
    async () => {
      await reseed(emulator, 'dirty');
      const first = await audit(emulator, 'dirty');
      expect(first.exitCode, first.stdout).toBe(1);
      expect(first.errors.at(-1)).toMatch(/at or above fail-on 'high'/);
      const found = findings(first);
      for (const [kind, subject] of EXPECTED_DIRTY) {
        expect(found.map((f) => [f.kind, f.subject.replace(/^.*trust-policy\.yml/, 'TRUST')])).toContainEqual([
          kind,
          subject,
        ]);
      }
      expect(first.outputs['highest-severity']).toBe('critical');
      expect(first.outputs.partial).toBe('false');
      expect(first.summary).toContain('Secret audit');
      expect(first.summary).toContain('ledger-tampered');
      const sarif = JSON.parse(readFileSync(join(work, 'dirty.sarif'), 'utf8')) as {
        version: string;
        runs: { results: unknown[] }[];
      };
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0]?.results).toHaveLength(found.length);
      expect(validateSarif(sarif)).toEqual([]);
      // GitHub never hands a secret's value to anyone, so the run cannot receive the seeded values
      // (db-value-1, ...) and grepping for them proves nothing; what it does receive is its token (the runner's default, ghs_harness_token). Nothing it left
      // behind — command files, the file sink, the ledger it wrote, its requests — holds the token.
      await assertNoLeaks({
        values: { token: 'ghs_harness_token' },
        run: first,
        files: [join(work, 'events.jsonl'), join(work, 'dirty.sarif'), join(work, 'dirty.json')],
        emulator,
      });

      let filed = await issues(emulator);
      expect(filed).toHaveLength(found.length);
      expect(JSON.parse(first.outputs['issues-created'] ?? '[]')).toHaveLength(found.length);
      const tampered = filed.find((i) => i.title.includes('audit ledger is not intact'));
      expect(tampered?.labels.map((l) => l.name).sort()).toEqual([
        'audit:ledger-tampered',
        'secure-deploy-audit',
        'security',
        'severity:critical',
      ]);
      expect(tampered?.body).toMatch(/### Likely root cause\n.*rewritten/);

      // Running twice files nothing twice.
      const second = await audit(emulator, 'dirty');
      expect(second.exitCode).toBe(1);
      expect(second.outputs['issues-created']).toBe('[]');
      expect(await issues(emulator)).toHaveLength(found.length);

      // The fix: every finding is gone, so every issue closes.
      filed = await issues(emulator);
      await reseed(emulator, 'clean', filed);
      const fixed = await audit(emulator, 'clean');
      expect(fixed.exitCode, fixed.stdout).toBe(0);
      expect(fixed.outputs.count).toBe('0');
      expect(JSON.parse(fixed.outputs['issues-closed'] ?? '[]')).toHaveLength(found.length);
      expect((await issues(emulator)).every((i) => i.state === 'closed')).toBe(true);

      // A finding that returns reopens its issue instead of filing a new one.
      filed = await issues(emulator);
      // The seeded audit log replays mallory's old write, which the kept state has already handled
      // (a real return would be a new write, a new event): start this org's state afresh.
      await reseed(emulator, 'dirty', filed, { keepState: false });
      const back = await audit(emulator, 'dirty', { 'fail-on': 'none' });
      expect(back.exitCode).toBe(0);
      expect(JSON.parse(back.outputs['issues-created'] ?? '[]')).toHaveLength(found.length);
      const after = await issues(emulator);
      expect(after).toHaveLength(found.length);
      expect(after.every((i) => i.state === 'open')).toBe(true);
      emulator.assertNoViolations();
    },
  );

  it('warns naming the permission when the audit log is forbidden, and still audits', async () => {
    await reseed(emulator, 'clean');
    await emulator.seed({
      tokens: [
        {
          token: 'ghs_no_audit_log',
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
            issues: 'write',
          },
        },
      ],
    });
    const policy = join(work, 'trust-clean.yml');
    writeFileSync(policy, TRUST_POLICY(false));
    const events = join(work, 'partial-events.jsonl');
    const run = (extra: Record<string, string>) =>
      runBundle('audit-secrets', {
        env: { GITHUB_API_URL: emulator.url },
        token: 'ghs_no_audit_log',
        inputs: {
          organization: 'acme',
          'allowed-writers': ALLOWED_WRITERS.join('\n'),
          ledger: 'acme/audit',
          'trust-policy': policy,
          'audit-log': `file ${events}`,
          'sarif-file': '',
          'findings-file': '',
          ...extra,
        },
      });
    // With allowed-writers, writers outside the ledger go unchecked: partial, which fails the step.
    const strict = await run({});
    expect(strict.exitCode, strict.stdout).toBe(1);
    expect(strict.warnings).toContainEqual(
      expect.stringMatching(/audit log of 'acme' could not be read \(403.*'read:audit_log'/s),
    );
    expect(strict.errors.at(-1)).toMatch(/audit is partial, not clean: .*acme: audit log not read.*allow-partial/s);
    expect(strict.outputs.partial).toBe('true');
    expect(strict.outputs.count).toBe('0');

    // allow-partial passes it, still recorded as partial (never as a success); an optional sink
    // that cannot be written is a warning, not silence.
    const allowed = await run({
      'allow-partial': 'true',
      'audit-log': `file ${events}\nhttp http://127.0.0.1:9/collector retries=0 required=false`,
    });
    expect(allowed.exitCode, allowed.stdout).toBe(0);
    expect(allowed.outputs.partial).toBe('true');
    expect(allowed.warnings).toContainEqual(
      expect.stringMatching(
        /optional audit sink http http:\/\/127\.0\.0\.1:9\/collector could not record 'secrets.audit'/,
      ),
    );
    const recorded = readFileSync(events, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEvent);
    expect(recorded.map((e) => [e.action, e.outcome, e.details.partial])).toEqual([
      ['secrets.audit', 'failure', true],
      ['secrets.audit', 'partial', true],
    ]);

    // Without allowed-writers too: the secret reads GitHub recorded were not reviewed, so the
    // audit is partial and says which checks could not run and why.
    const noWriters = await run({ 'allowed-writers': '' });
    expect(noWriters.exitCode, noWriters.stdout).toBe(1);
    expect(noWriters.outputs.partial).toBe('true');
    expect(noWriters.errors.at(-1)).toMatch(
      /acme: audit log not read \(403 .*\): secret reads \(workflows\.prepared_workflow_job\)/,
    );
  });

  it('fails with a clear message on a ledger that is not JSON lines', async () => {
    await emulator.reset();
    await emulator.seed({
      repos: [
        { full_name: 'acme/app', default_branch: 'main', files: { 'README.md': 'x' } },
        {
          full_name: 'acme/audit',
          default_branch: 'main',
          files: [{ path: 'ledger.jsonl', content: 'hello\n{"not":"an entry"}\n', branch: 'audit-log' }],
        },
      ],
    });
    const result = await runBundle('audit-secrets', {
      env: { GITHUB_API_URL: emulator.url },
      inputs: {
        repositories: 'acme/app',
        ledger: 'acme/audit',
        'audit-log': `file ${join(work, 'e.jsonl')}`,
        'sarif-file': '',
        'findings-file': '',
      },
    });
    expect(result.exitCode).toBe(1);
    const kinds = (JSON.parse(result.outputs.findings ?? '[]') as Finding[]).filter(
      (f) => f.kind === 'ledger-tampered',
    );
    expect(kinds.map((f) => f.subject).sort()).toEqual([
      'acme/audit@audit-log:ledger.jsonl:not-an-entry:2',
      'acme/audit@audit-log:ledger.jsonl:not-json:1',
    ]);
  });
});

describe('audit sinks through the bundle', () => {
  let emulator: Emulator;
  let rsyslog: Rsyslog;
  beforeAll(async () => {
    [emulator, rsyslog] = await Promise.all([startEmulator(), startRsyslog()]);
    await emulator.seed({
      repos: [
        { full_name: 'acme/app', default_branch: 'main', files: { 'README.md': 'x' } },
        { full_name: 'acme/audit', default_branch: 'main', files: { 'README.md': 'x' } },
      ],
    });
  });
  afterAll(async () => {
    await Promise.all([emulator?.close(), rsyslog?.close()]);
  });

  it('sends the audit event to rsyslog over TCP and TLS', async () => {
    const result = await runBundle('audit-secrets', {
      env: { GITHUB_API_URL: emulator.url },
      inputs: {
        repositories: 'acme/app',
        'sarif-file': '',
        'findings-file': '',
        'audit-log': [
          `syslog 127.0.0.1:${rsyslog.tcpPort} app=e2e-tcp`,
          `syslog 127.0.0.1:${rsyslog.tlsPort} tls=true ca=${rsyslog.caFile} app=e2e-tls`,
        ].join('\n'),
      },
    });
    expect(result.exitCode, result.stdout).toBe(0);
    const got = await rsyslog.waitFor(2);
    expect(got.map((m) => [m.app, m.version, m.msgid]).sort()).toEqual([
      ['e2e-tcp', '1', 'secrets.audit'],
      ['e2e-tls', '1', 'secrets.audit'],
    ]);
    const events = got.map((m) => JSON.parse(m.msg.replace(/^\ufeff/, '')) as AuditEvent);
    expect(events[0]?.hash).toBe(events[1]?.hash);
    await assertNoLeaks({
      values: { token: 'ghs_harness_token' },
      run: result,
      texts: { 'syslog sink (as received)': rsyslog.raw().join('\n') },
      emulator,
    });
  });

  it('fails the step when a required sink cannot be written', async () => {
    const result = await runBundle('audit-secrets', {
      env: { GITHUB_API_URL: emulator.url },
      inputs: {
        repositories: 'acme/app',
        'sarif-file': '',
        'findings-file': '',
        'audit-log': 'syslog 127.0.0.1:9 retries=1 backoff-ms=10',
      },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(/A required audit sink could not record 'secrets.audit': syslog 127.0.0.1:9/),
    ]);
  });

  it('20 concurrent action runs append to the ledger, losing nothing and breaking no link', async () => {
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        runBundle('audit-secrets', {
          env: { GITHUB_API_URL: emulator.url, GITHUB_RUN_ID: String(5000 + n) },
          timeoutMs: 300_000,
          inputs: {
            repositories: 'acme/app',
            'sarif-file': '',
            'findings-file': '',
            'audit-log': 'github acme/audit path=concurrent.jsonl backoff-ms=200',
          },
        }),
      ),
    );
    for (const r of runs) expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const text = await readLedger(silentClient(emulator.url), {
      owner: 'acme',
      repo: 'audit',
      branch: 'audit-log',
      path: 'concurrent.jsonl',
    });
    const check = checkLedger(text ?? '');
    expect(check.problems).toEqual([]);
    expect(check.entries.map((e) => e.event.run_id).sort()).toEqual(Array.from({ length: 20 }, (_, n) => 5000 + n));
    emulator.assertNoViolations();
  }, 400_000);
});
