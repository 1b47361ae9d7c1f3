/**
 * require-approval end to end: the committed bundle, started as the runner starts it, against the
 * GitHub API emulator (every request validated against GitHub's OpenAPI description).
 */
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../support/github-emulator/index.ts';
import type { SeedEnvironment } from '../support/github-emulator/seed.ts';
import { assertNoLeaks, runBundle, uniqueId, type RunOptions, type RunResult } from '../support/runner.ts';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let em: Emulator;
let work: string;
let nextRun = 5000;

beforeAll(async () => {
  em = await startEmulator();
  work = mkdtempSync(join(tmpdir(), 'sd-approval-'));
  await em.seed({
    users: [
      { login: 'alice' },
      { login: 'bob' },
      { login: 'carol' },
      { login: 'octo-releaser' },
      { login: 'admin-ann' },
      { login: 'deploy-bot[bot]', type: 'Bot' },
    ],
    orgs: [{ login: 'acme', teams: [{ slug: 'release-managers', members: ['alice', 'bob'] }] }],
    tokens: [
      { token: 'tok-alice', login: 'alice' },
      { token: 'tok-bob', login: 'bob' },
      { token: 'tok-octo', login: 'octo-releaser' },
      // A GITHUB_TOKEN-like token: cannot read environments, teams or the audit log.
      { token: 'tok-deployments-only', login: 'github-actions[bot]', permissions: { deployments: 'write' } },
      // Can read runs and environments, write deployments, but not read the org audit log.
      {
        token: 'tok-no-audit',
        login: 'github-actions[bot]',
        permissions: { actions: 'read', deployments: 'write', metadata: 'read' },
      },
    ],
  });
});

afterAll(async () => {
  await em?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const HEX = 'c0ffee'.repeat(10) + 'abcd';
const DIGESTS = `sha256:${HEX}  dist/app.tar.gz\nsha256:${'1'.repeat(64)}  dist/app.sbom.json`;

interface Approval {
  environments: string[];
  state: 'approved' | 'rejected' | 'pending';
  comment?: string;
  user: string;
  attempt?: number;
}

interface Setup {
  environment?: SeedEnvironment | null;
  /** More environments (e.g. the rest of a chain). */
  more?: SeedEnvironment[];
  approvals?: Approval[];
  /** Environments a job of the run reached without a review (a bypass, or an app's gate). */
  reached?: { environment: string; attempt?: number; state?: 'queued' | 'waiting' }[];
  /** When each attempt started; the run is at the last one. */
  attempts?: string[];
  /** When the run was created (default: now). */
  runCreatedAt?: string;
  /** GitHub Apps installed that provide deployment protection rules. */
  apps?: string[];
  hasIssues?: boolean;
  collaborators?: Record<string, 'admin' | 'maintain' | 'write' | 'triage' | 'read'>;
}

const PROTECTED: SeedEnvironment = {
  name: 'production',
  prevent_self_review: true,
  reviewers: [
    { type: 'User', login: 'alice' },
    { type: 'Team', slug: 'acme/release-managers' },
  ],
  branch_policies: [{ name: 'v*', type: 'tag' }],
  can_admins_bypass: false,
};

/** A fresh repository `acme/app-<id>` with one environment and one run (id returned). */
async function setup(s: Setup = {}): Promise<{ repo: string; runId: number }> {
  const name = `app-${uniqueId()}`;
  const runId = nextRun++;
  await em.seed({
    repos: [
      {
        full_name: `acme/${name}`,
        environments: [...(s.environment === null ? [] : [s.environment ?? PROTECTED]), ...(s.more ?? [])],
        ...(s.apps ? { protection_rule_apps: s.apps } : {}),
        ...(s.hasIssues !== undefined ? { has_issues: s.hasIssues } : {}),
        ...(s.collaborators ? { collaborators: s.collaborators } : {}),
        runs: [
          {
            id: runId,
            actor: 'octo-releaser',
            triggering_actor: 'octo-releaser',
            event: 'push',
            head_branch: 'v1.0.0',
            approvals: s.approvals ?? [],
            ...(s.reached ? { reached: s.reached } : {}),
            ...(s.attempts ? { attempts: s.attempts } : {}),
            ...(s.runCreatedAt ? { created_at: s.runCreatedAt } : {}),
          },
        ],
      },
    ],
  });
  // The tag being deployed (a deployment needs a ref that exists).
  const main = await api<{ object: { sha: string } }>(`/repos/acme/${name}/git/ref/heads/main`);
  await api(`/repos/acme/${name}/git/refs`, {
    method: 'POST',
    body: { ref: 'refs/tags/v1.0.0', sha: main.object.sha },
  });
  return { repo: `acme/${name}`, runId };
}

/** No request this action sent broke GitHub's OpenAPI description. */
async function expectValidRequests(): Promise<void> {
  const bad = (await em.violations()).filter((v) => v.kind === 'request');
  expect(bad.map((v) => v.message)).toEqual([]);
}

async function run(
  target: { repo: string; runId: number },
  inputs: Record<string, string | number | boolean> = {},
  opts: {
    token?: string;
    timeoutMs?: number;
    onSpawn?: RunOptions['onSpawn'];
    event?: Record<string, unknown>;
    env?: Record<string, string>;
  } = {},
): Promise<RunResult & { audit: Record<string, unknown>[] }> {
  const auditFile = join(work, `${uniqueId()}.jsonl`);
  const result = await runBundle('require-approval', {
    inputs: { environment: 'production', digests: DIGESTS, 'audit-log': `file ${auditFile}`, ...inputs },
    env: {
      GITHUB_API_URL: em.url,
      GITHUB_REPOSITORY: target.repo,
      GITHUB_RUN_ID: String(target.runId),
      ...opts.env,
    },
    event: opts.event ?? {
      ref: 'refs/tags/v1.0.0',
      pusher: { name: 'octo-releaser' },
      sender: { login: 'octo-releaser' },
    },
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.onSpawn ? { onSpawn: opts.onSpawn } : {}),
  });
  let audit: Record<string, unknown>[] = [];
  try {
    audit = readFileSync(auditFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch {
    audit = [];
  }
  return Object.assign(result, { audit });
}

async function api<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const response = await fetch(`${em.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `token ${init.token ?? 'ghs_test_reader'}`,
      accept: 'application/vnd.github+json',
      'content-type': 'application/json',
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface DeploymentJson {
  id: number;
  ref: string;
  environment: string;
  payload: {
    digests: { digest: string; path: string }[];
    approval: { approvers: { login: string }[]; mode: string };
  };
}

/** The deployment records this action created (not the ones GitHub Actions records for environment jobs). */
async function deployments(repo: string): Promise<DeploymentJson[]> {
  const all = await api<(DeploymentJson & { payload: unknown })[]>(`/repos/${repo}/deployments`);
  return all.filter((d) => (d.payload as { tool?: string } | null)?.tool === 'secure-deploy/require-approval');
}

function expectFailure(result: RunResult, ...fragments: string[]): void {
  expect(result.exitCode, result.stdout + result.stderr).toBe(1);
  expect(result.errors).toHaveLength(1);
  for (const f of fragments) expect(result.errors[0]).toContain(f);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(result.outputs.approved).toBe('false');
}

describe('require-approval: environment mode', () => {
  it('passes when another person approved this environment, and records the evidence', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice', comment: 'ship it' }],
    });
    const result = await run(target);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.outputs.approved).toBe('true');
    const approvers = JSON.parse(result.outputs.approvers ?? '[]') as {
      login: string;
      time: string;
      comment: string;
    }[];
    expect(approvers).toHaveLength(1);
    expect(approvers[0]).toMatchObject({ login: 'alice', comment: 'ship it' });
    expect(Date.parse(approvers[0]?.time ?? '')).not.toBeNaN();

    const id = Number(result.outputs['deployment-id']);
    expect(id).toBeGreaterThan(0);
    const [deployment] = await deployments(target.repo);
    expect(deployment?.id).toBe(id);
    expect(deployment?.ref).toBe('v1.0.0');
    expect(deployment?.environment).toBe('production');
    expect(deployment?.payload.digests).toEqual([
      { digest: `sha256:${HEX}`, path: 'dist/app.tar.gz' },
      { digest: `sha256:${'1'.repeat(64)}`, path: 'dist/app.sbom.json' },
    ]);
    expect(deployment?.payload.approval.approvers.map((a) => a.login)).toEqual(['alice']);
    const statuses = await api<{ state: string }[]>(`/repos/${target.repo}/deployments/${id}/statuses`);
    expect(statuses.map((s) => s.state)).toEqual(['in_progress']);

    expect(result.summary).toContain('Approved: production');
    expect(result.summary).toContain('alice');
    expect(result.summary).toContain(`sha256:${HEX}`);
    expect(result.audit).toHaveLength(1);
    expect(result.audit[0]).toMatchObject({ action: 'deployment.approve', outcome: 'success' });
    await assertNoLeaks({
      values: { token: 'ghs_harness_token' },
      run: result,
      texts: { 'audit sink (file)': JSON.stringify(result.audit) },
      emulator: em,
    });
    await expectValidRequests();
  });

  it('fails on an unprotected environment, naming the setting and where', async () => {
    const target = await setup({
      environment: { name: 'production' },
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const result = await run(target);
    expectFailure(result, 'Settings → Environments → production → Required reviewers', 'Deployment branches');
    expect(await deployments(target.repo)).toEqual([]);
    expect(result.audit[0]).toMatchObject({ action: 'deployment.approve', outcome: 'denied' });
    expect(result.summary).toContain('Not approved: production');
  });

  it('fails when the environment does not prevent self-review', async () => {
    const target = await setup({
      environment: { ...PROTECTED, prevent_self_review: false },
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    expectFailure(await run(target), 'Prevent self-review');
  });

  it('fails on self-approval by the person who started the run', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'octo-releaser' }],
    });
    const result = await run(target);
    expectFailure(result, '0 of 1', 'octo-releaser', 'self-approval');
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('fails when the approver pushed the tag, even if someone else started the run', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const result = await run(
      target,
      {},
      {
        event: { ref: 'refs/tags/v1.0.0', pusher: { name: 'alice' }, sender: { login: 'alice' } },
        env: { GITHUB_ACTOR: 'carol', GITHUB_TRIGGERING_ACTOR: 'carol' },
      },
    );
    expectFailure(result, 'alice', 'self-approval');
  });

  it('fails when the approver authored the release being deployed', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const result = await run(
      target,
      {},
      {
        event: {
          action: 'published',
          release: { tag_name: 'v1.0.0', author: { login: 'alice' } },
          sender: { login: 'carol' },
        },
        env: { GITHUB_EVENT_NAME: 'release', GITHUB_ACTOR: 'carol', GITHUB_TRIGGERING_ACTOR: 'carol' },
      },
    );
    expectFailure(result, 'alice', 'self-approval');
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('fails on an approval by a bot', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'deploy-bot[bot]' }],
    });
    expectFailure(await run(target), 'deploy-bot[bot]', 'bot');
  });

  it('refuses min-approvals 2 on one environment: GitHub releases it on the first approval', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const result = await run(target, { 'min-approvals': 2 });
    expectFailure(
      result,
      'min-approvals 2 can never be met',
      'at most one approval per run attempt',
      "List more environments in 'environments'",
    );
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('fails on an approval for another environment only: the job environment was bypassed', async () => {
    const target = await setup({
      approvals: [{ environments: ['staging'], state: 'approved', user: 'alice' }],
      reached: [{ environment: 'production' }],
    });
    expectFailure(
      await run(target),
      "Environment 'production' requires reviewers",
      'no review recorded in this attempt',
    );
  });

  it('fails when a reviewer rejected the environment', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'rejected', user: 'bob', comment: 'not today' }],
    });
    expectFailure(await run(target), 'rejected', 'bob', 'not today');
  });

  it('fails when the approver is not in approvers', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'carol' }],
    });
    expectFailure(await run(target, { approvers: 'acme/release-managers' }), 'carol', "is not in 'approvers'");
  });

  it('fails on a documented change to the protection rules during the run, naming the administrator', async () => {
    const target = await setup({
      runCreatedAt: '2026-01-11T12:00:00Z',
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    await em.seed({
      audit_log: [
        {
          org: 'acme',
          action: 'environment.update_protection_rule',
          actor: 'admin-ann',
          repo: target.repo,
          environment_name: 'production',
          can_admins_bypass: true,
          '@timestamp': '2026-01-11T12:03:00Z',
        },
      ],
    });
    const result = await runAt('2026-01-11T12:30:00Z', target);
    expectFailure(
      result,
      "The protection rules of 'production' changed while this run was deploying: 'admin-ann' (audit log 'environment.update_protection_rule'",
    );
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('fails as a bypass when a job ran for an environment requiring reviewers with no review in this attempt', async () => {
    const target = await setup({ reached: [{ environment: 'production' }] });
    const result = await run(target);
    expectFailure(
      result,
      "Environment 'production' requires reviewers, but a job of run",
      'attempt 1 ran for it',
      'with no review recorded in this attempt',
      'started by octo-releaser',
    );
    expect(result.audit[0]).toMatchObject({ outcome: 'denied', details: { bypass: { run_id: target.runId } } });
    expect(await deployments(target.repo)).toEqual([]);
  });

  /**
   * Runs the step with the emulator's clock on the day of the seeded run: GitHub's audit log keeps
   * only this month and the six before (fact audit-log-three-month-default), so events dated by a
   * fixed calendar would otherwise age out of it as the real clock moves on.
   */
  async function runAt(now: string, target: Parameters<typeof run>[0]): Promise<Awaited<ReturnType<typeof run>>> {
    em.server.state.clock = now;
    try {
      return await run(target);
    } finally {
      em.server.state.clock = undefined;
    }
  }

  /** `count` audit-log events of the repository at `time`, none of them a bypass. */
  async function seedNoise(repo: string, count: number, time: string): Promise<void> {
    await em.seed({
      audit_log: Array.from({ length: count }, (_, n) => ({
        org: 'acme',
        action: 'environment.create_actions_variable',
        actor: 'x',
        repo,
        '@timestamp': time,
        n,
      })),
    });
  }

  async function auditLogReads(repo: string): Promise<number> {
    return (await em.requests()).filter(
      (r) => r.path === '/orgs/acme/audit-log' && JSON.stringify(r.query).includes(repo),
    ).length;
  }

  it('fails closed when the audit log has more events since the run was created than it reads', async () => {
    const target = await setup({
      runCreatedAt: '2026-01-10T12:00:00Z',
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    await seedNoise(target.repo, 1001, '2026-01-10T13:00:00Z');
    const result = await runAt('2026-01-10T14:00:00Z', target);
    expectFailure(result, "more 'environment' events", 'than the 1000 this step reads', 'detect-bypass');
    expect(await auditLogReads(target.repo)).toBe(10);
    expect(await deployments(target.repo)).toEqual([]);
    expect(result.audit[0]).toMatchObject({ action: 'deployment.approve', outcome: 'denied' });
  });

  it('reads the audit log back to when the run was created, no further', async () => {
    const target = await setup({
      runCreatedAt: '2026-01-10T12:00:00Z',
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    // Earlier the same day: more events than the step reads, all before the run existed.
    await seedNoise(target.repo, 1001, '2026-01-10T11:00:00Z');
    const result = await run(target);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.summary).toContain('no change to the protection rules in the audit log');
    expect(await auditLogReads(target.repo)).toBe(1);
  });

  it('warns that bypass detection was skipped when the audit log cannot be read', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const result = await run(target, {}, { token: 'tok-no-audit' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.warnings.join('\n')).toMatch(/The organization audit log was not read .*read:audit_log/);
    expect(result.summary).toContain('run evidence checked; audit log skipped');
  });

  it('fails when no job of this attempt reached the environment', async () => {
    const target = await setup();
    const result = await run(target);
    expectFailure(
      result,
      "Environment 'production' is in the chain, but no job of run",
      "declare 'environment: production' on a job",
    );
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('fails on an environment that does not exist', async () => {
    const target = await setup({ environment: null });
    const result = await run(target);
    expectFailure(result, "Environment 'production' does not exist");
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('fails on a token without the needed permission, naming it', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const result = await run(target, {}, { token: 'tok-deployments-only' });
    expectFailure(result, "'actions: read'");
    expect(result.summary).toContain('no deployment record was created');
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('fails on a reviewer team that cannot be resolved', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const result = await run(target, { approvers: 'acme/no-such-team' });
    expectFailure(result, "team 'acme/no-such-team' cannot be resolved");
    expect(await deployments(target.repo)).toEqual([]);
  });
});

const SECURITY: SeedEnvironment = {
  ...PROTECTED,
  name: 'production-security',
  reviewers: [
    { type: 'User', login: 'alice' },
    { type: 'User', login: 'carol' },
  ],
};

describe('require-approval: N of M across a chain of environments', () => {
  it('passes 2-of-2 when two people approved the two environments of the chain', async () => {
    const target = await setup({
      more: [SECURITY],
      approvals: [
        { environments: ['production-security'], state: 'approved', user: 'alice', comment: 'security ok' },
        { environments: ['production'], state: 'approved', user: 'bob', comment: 'ops ok' },
      ],
    });
    const result = await run(target, { 'min-approvals': 2, environments: 'production-security' });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const approvers = JSON.parse(result.outputs.approvers ?? '[]') as { login: string }[];
    expect(approvers.map((a) => a.login).sort()).toEqual(['alice', 'bob']);
    expect(result.summary).toContain('production-security in this run attempt: approved by alice');
    const [deployment] = await deployments(target.repo);
    expect(deployment?.environment).toBe('production');
    await expectValidRequests();
  });

  it('fails 2-of-2 when one person approved both environments', async () => {
    const target = await setup({
      more: [SECURITY],
      approvals: [
        { environments: ['production-security'], state: 'approved', user: 'alice' },
        { environments: ['production'], state: 'approved', user: 'alice' },
      ],
    });
    const result = await run(target, { 'min-approvals': 2, environments: 'production-security' });
    expectFailure(result, '1 of 2 required approvals', 'one person counts once across the chain');
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('refuses a chain environment that no job of this attempt passed through', async () => {
    const target = await setup({
      more: [SECURITY],
      approvals: [{ environments: ['production'], state: 'approved', user: 'bob' }],
    });
    const result = await run(target, { 'min-approvals': 2, environments: 'production-security' });
    expectFailure(
      result,
      "Environment 'production-security' is in the chain, but no job of run",
      "Remove 'production-security' from 'environments'",
    );
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('collects the approvals the environments cannot give in an issue (issue-for-more)', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice', comment: 'env ok' }],
    });
    const pending = run(target, {
      'min-approvals': 2,
      'issue-for-more': true,
      approvers: 'acme/release-managers',
      'poll-interval-seconds': 1,
      'timeout-seconds': 20,
    });
    let issue: number | undefined;
    for (let i = 0; i < 100 && issue === undefined; i++) {
      issue = (await api<{ number: number }[]>(`/repos/${target.repo}/issues?state=all`))[0]?.number;
      if (issue === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(issue, 'the action opened an issue').toBeDefined();
    const say = (token: string, body: string): Promise<unknown> =>
      api(`/repos/${target.repo}/issues/${issue}/comments`, { method: 'POST', token, body: { body } });
    await say('tok-alice', 'approve'); // counted for the environment already
    await say('tok-bob', 'approve');
    const result = await pending;
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect((JSON.parse(result.outputs.approvers ?? '[]') as { login: string }[]).map((a) => a.login)).toEqual([
      'alice',
      'bob',
    ]);
    expect(result.stdout).toContain('Not counted: alice (already counted for an environment');
    expect(result.outputs['issue-url']).toContain(`/issues/${issue}`);
  });

  it('refuses min-approvals larger than the people who could approve', async () => {
    const target = await setup({
      more: [{ ...SECURITY, reviewers: [{ type: 'User', login: 'alice' }] }],
      environment: { ...PROTECTED, reviewers: [{ type: 'User', login: 'alice' }] },
      approvals: [
        { environments: ['production-security'], state: 'approved', user: 'alice' },
        { environments: ['production'], state: 'approved', user: 'alice' },
      ],
    });
    const result = await run(target, { 'min-approvals': 2, environments: 'production-security' });
    expectFailure(result, 'min-approvals 2 is larger than the 1 person who could approve', 'alice');
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('refuses an approver-permission that is not a repository role', async () => {
    const target = await setup({ approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }] });
    const result = await run(target, { 'approver-permission': 'owner' });
    expectFailure(result, "Input 'approver-permission': 'owner' is not a repository role");
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('counts an approver only with the repository role approver-permission asks for', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
      collaborators: { alice: 'write' },
    });
    const refused = await run(target, { 'approver-permission': 'maintain' });
    expectFailure(refused, "alice (has role 'write'", "approver-permission needs 'maintain' or more");
    const passed = await run(target, { 'approver-permission': 'write' });
    expect(passed.exitCode, passed.stdout + passed.stderr).toBe(0);
  });
});

describe('require-approval: administrator bypass', () => {
  it("fails while administrators may bypass, naming the setting; 'configure' turns it off, idempotently", async () => {
    const target = await setup({
      environment: { ...PROTECTED, can_admins_bypass: true },
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const before = await run(target);
    expectFailure(
      before,
      'repository administrators can deploy to it without review',
      'Settings → Environments → production → Allow administrators to bypass configured protection rules (can_admins_bypass)',
    );
    expect(await deployments(target.repo)).toEqual([]);

    const inputs = { configure: true, approvers: 'alice\nacme/release-managers', 'deployment-refs': 'tag:v*' };
    const first = await run(target, inputs);
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(JSON.parse(first.outputs.changes ?? '[]')).toEqual([
      'stop administrators from bypassing the protection rules',
    ]);
    expect(
      (await api<{ can_admins_bypass: boolean }>(`/repos/${target.repo}/environments/production`)).can_admins_bypass,
    ).toBe(false);
    const second = await run(target, inputs);
    expect(second.outputs.changes).toBe('[]');

    const after = await run(target);
    expect(after.exitCode, after.stdout + after.stderr).toBe(0);
    await expectValidRequests();
  });

  it('passes with allow-admin-bypass, and says so in the summary and audit event', async () => {
    const target = await setup({
      environment: { ...PROTECTED, can_admins_bypass: true },
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const result = await run(target, { 'allow-admin-bypass': true });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.summary).toContain('Administrators were allowed to bypass the protection rules');
    expect(result.audit[0]).toMatchObject({ outcome: 'success', details: { admin_bypass_allowed: true } });
  });
});

describe('require-approval: run attempts', () => {
  const ATTEMPTS = ['2026-02-01T10:00:00Z', '2026-02-01T11:00:00Z'];

  it('fails closed on a rejection in attempt 1 and an approval in attempt 2: GitHub does not say which attempt a review belongs to', async () => {
    const target = await setup({
      attempts: ATTEMPTS,
      approvals: [
        { environments: ['production'], state: 'rejected', user: 'bob', comment: 'not yet', attempt: 1 },
        { environments: ['production'], state: 'approved', user: 'alice', comment: 'now', attempt: 2 },
      ],
    });
    const result = await run(target, {}, { env: { GITHUB_RUN_ATTEMPT: '2' } });
    expectFailure(
      result,
      'This is attempt 2 of run',
      "an earlier attempt also reached 'production'",
      'gives neither the attempt nor the time of a review',
      'Start a new workflow run (not a re-run)',
    );
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('counts the reviews of an environment that only this attempt reached', async () => {
    const target = await setup({
      attempts: ATTEMPTS,
      // Attempt 1 failed before reaching 'production'; attempt 2 reached it and alice approved.
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice', attempt: 2 }],
    });
    const result = await run(target, {}, { env: { GITHUB_RUN_ATTEMPT: '2' } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(result.outputs.approvers ?? '[]')).toMatchObject([{ login: 'alice' }]);
  });

  it('does not count an approval of attempt 1 for attempt 2 (a re-run of failed jobs)', async () => {
    const target = await setup({
      attempts: ATTEMPTS,
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice', attempt: 1 }],
    });
    const result = await run(target, {}, { env: { GITHUB_RUN_ATTEMPT: '2' } });
    expectFailure(result, "'production' is in the chain, but no job of run", 'attempt 2', 're-run all jobs');
  });
});

describe('require-approval: custom deployment protection rules', () => {
  const GATED: SeedEnvironment = {
    name: 'production',
    prevent_self_review: true,
    protection_rules: ['deploy-gate-app'],
    branch_policies: [{ name: 'v*', type: 'tag' }],
    can_admins_bypass: false,
  };

  it('lists the app and fails unless the app is accepted', async () => {
    const target = await setup({ environment: GATED, reached: [{ environment: 'production' }] });
    expectFailure(await run(target), 'it has no required reviewers', 'accept-protection-rules');
  });

  it('passes an app-gated environment when its app is accepted', async () => {
    const target = await setup({ environment: GATED, reached: [{ environment: 'production' }] });
    const result = await run(target, { 'accept-protection-rules': 'deploy-gate-app' });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(result.outputs.approvers ?? '[]')).toMatchObject([{ login: 'app/deploy-gate-app' }]);
    expect(result.summary).toContain('deployment protection apps: deploy-gate-app (accepted)');
    await expectValidRequests();
  });

  it("does not count an accepted app that has not let this attempt's job through (status still waiting)", async () => {
    const target = await setup({ environment: GATED, reached: [{ environment: 'production', state: 'waiting' }] });
    const result = await run(target, { 'accept-protection-rules': 'deploy-gate-app' });
    expectFailure(result, 'no deployment of run', 'got past it (no queued, in_progress or success status)');
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('refuses an accepted app that is not installed', async () => {
    const target = await setup({ environment: GATED, reached: [{ environment: 'production' }] });
    const result = await run(target, { 'accept-protection-rules': 'deploy-gate-app\nno-such-app' });
    expectFailure(result, "names 'no-such-app', which is not a GitHub App installed on", 'installed: deploy-gate-app');
    expect(await deployments(target.repo)).toEqual([]);
  });
});

describe('require-approval: configure', () => {
  it('creates the protection, then a second run reports no change', async () => {
    const target = await setup({ environment: null });
    const inputs = {
      configure: true,
      approvers: 'alice\nacme/release-managers',
      'deployment-refs': 'tag:v*',
      'wait-timer': 1,
    };
    const first = await run(target, inputs);
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    const changes = JSON.parse(first.outputs.changes ?? '[]') as string[];
    expect(changes).toContain('create the environment');
    expect(changes).toContain('stop administrators from bypassing the protection rules');
    expect(first.audit[0]).toMatchObject({ action: 'environment.configure', outcome: 'success' });

    const env = await api<{ protection_rules: { type: string; prevent_self_review?: boolean }[] }>(
      `/repos/${target.repo}/environments/production`,
    );
    expect(env.protection_rules.find((r) => r.type === 'required_reviewers')?.prevent_self_review).toBe(true);
    const policies = await api<{ branch_policies: { name: string; type: string }[] }>(
      `/repos/${target.repo}/environments/production/deployment-branch-policies`,
    );
    expect(policies.branch_policies.map((p) => `${p.type}:${p.name}`)).toEqual(['tag:v*']);

    const second = await run(target, inputs);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.outputs.changes).toBe('[]');
    expect(second.stdout).toContain('no change');
    expect(second.summary).toContain('No change');

    // The configured environment now passes the protection check.
    const check = await run(target, {});
    expectFailure(check, "'production' is in the chain, but no job of run");
    await expectValidRequests();
  });

  it('creates a chain of two environments, each with its own reviewers and no administrator bypass, idempotently', async () => {
    const target = await setup({ environment: null });
    const inputs = {
      configure: true,
      approvers: 'alice',
      environments: 'production-security: bob',
      'deployment-refs': 'tag:v*',
    };
    const first = await run(target, inputs);
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    for (const [name, reviewer] of [
      ['production', 'alice'],
      ['production-security', 'bob'],
    ] as const) {
      const env = await api<{
        can_admins_bypass?: boolean;
        protection_rules: {
          type: string;
          prevent_self_review?: boolean;
          reviewers?: { reviewer: { login?: string } }[];
        }[];
      }>(`/repos/${target.repo}/environments/${name}`);
      expect(env.can_admins_bypass, name).toBe(false);
      const rule = env.protection_rules.find((r) => r.type === 'required_reviewers');
      expect(rule?.prevent_self_review, name).toBe(true);
      expect(
        rule?.reviewers?.map((r) => r.reviewer.login),
        name,
      ).toEqual([reviewer]);
    }
    const second = await run(target, inputs);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.outputs.changes).toBe('[]');
    await expectValidRequests();
  });

  it('names the administration permission when the token cannot configure', async () => {
    const target = await setup({ environment: null });
    const result = await run(target, { configure: true, approvers: 'alice' }, { token: 'tok-no-audit' });
    expectFailure(result, "'administration: write'", 'GitHub App');
  });

  it('changes nothing when a reviewer cannot be resolved', async () => {
    const target = await setup({ environment: null });
    const result = await run(target, { configure: true, approvers: 'alice\nacme/ghosts' });
    expectFailure(result, "team 'acme/ghosts' cannot be resolved");
    await expect(api(`/repos/${target.repo}/environments/production`)).rejects.toThrow('404');
  });
});

describe('require-approval: issue mode', () => {
  async function issueRun(
    inputs: Record<string, string | number>,
    comment: ((repo: string, issue: number, child: ChildProcess | undefined) => Promise<void>) | undefined,
    issueRepo?: string,
  ): Promise<{ result: Awaited<ReturnType<typeof run>>; repo: string; issue: number | undefined }> {
    const target = await setup({ environment: null });
    const where = issueRepo ?? target.repo;
    let child: ChildProcess | undefined;
    const pending = run(
      target,
      {
        mode: 'issue',
        approvers: 'acme/release-managers',
        'poll-interval-seconds': 1,
        'timeout-seconds': 20,
        ...inputs,
      },
      { onSpawn: (c) => (child = c) },
    );
    let issue: number | undefined;
    if (comment) {
      // The event: the action's request that opened the issue (in `where`), answered.
      const [owner = '', name = ''] = where.split('/');
      await em.waitForRequest(
        (r) => r.method === 'POST' && r.path === `/repos/${owner}/${name}/issues` && r.status === 201,
        'the action to open an issue',
      );
      const issues = await api<{ number: number; title: string }[]>(`/repos/${where}/issues?state=all`);
      issue = issues.find((i) => i.title.includes(`(run ${target.runId})`))?.number;
      expect(issue, 'the action opened an issue').toBeDefined();
      await comment(where, issue ?? 0, child);
    }
    const result = await pending;
    return { result, repo: target.repo, issue };
  }

  async function say(repo: string, issue: number, token: string, body: string): Promise<void> {
    await api(`/repos/${repo}/issues/${issue}/comments`, { method: 'POST', token, body: { body } });
  }

  it('passes when an allowed approver other than the initiator comments approve', async () => {
    const { result, repo, issue } = await issueRun({}, async (r, n) => {
      await say(r, n, 'tok-octo', 'approve'); // the initiator: not counted
      await say(r, n, 'tok-alice', 'Approve, digests match');
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const approvers = JSON.parse(result.outputs.approvers ?? '[]') as { login: string; comment: string }[];
    expect(approvers.map((a) => a.login)).toEqual(['alice']);
    expect(approvers[0]?.comment).toBe('Approve, digests match');
    expect(result.outputs['issue-url']).toContain(`/issues/${issue}`);
    const state = await api<{ state: string; body: string }>(`/repos/${repo}/issues/${issue}`);
    expect(state.state).toBe('closed');
    expect(state.body).toContain(`sha256:${HEX}`);
    expect(state.body).toContain('@acme/release-managers');
    const [deployment] = await deployments(repo);
    expect(deployment?.payload.approval.mode).toBe('issue');
  });

  it('does not count a comment edited to say approve, and says why', async () => {
    const { result } = await issueRun({}, async (r, n) => {
      const posted = await api<{ id: number; created_at: string }>(`/repos/${r}/issues/${n}/comments`, {
        method: 'POST',
        token: 'tok-alice',
        body: { body: 'Checking the digests now' },
      });
      // GitHub's timestamps have whole seconds: the edit is made a second later on the
      // emulator's clock (set, not slept for), so updated_at moves on.
      em.server.state.clock = new Date(Date.parse(posted.created_at) + 1000).toISOString();
      // The initiator, who has write access, edits alice's comment into an approval.
      await api(`/repos/${r}/issues/comments/${posted.id}`, {
        method: 'PATCH',
        token: 'tok-octo',
        body: { body: 'approve' },
      });
      em.server.state.clock = undefined;
      const edit = await em.waitForRequest(
        (q) => q.method === 'PATCH' && q.path === `/repos/${r}/issues/comments/${posted.id}`,
        'the edit',
      );
      // The event: the step polled the comments after the edit, before anyone else approves.
      await em.waitForRequest(
        (q) =>
          q.id > edit.id && q.method === 'GET' && q.path === `/repos/${r}/issues/${n}/comments` && q.status === 200,
        'the step to poll the edited comment',
      );
      await say(r, n, 'tok-bob', 'approve');
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const approvers = JSON.parse(result.outputs.approvers ?? '[]') as { login: string }[];
    expect(approvers.map((a) => a.login)).toEqual(['bob']);
    expect(result.stdout).toContain('Not counted: alice (edited after posting');
    expect(result.summary).toContain('edited after posting');
    await expectValidRequests();
  });

  it('closes the issue with the failure when reading the comments fails', async () => {
    const { result, repo, issue } = await issueRun({}, async (r) => {
      // Every attempt (the first and the client's three retries) answers 500.
      await em.addFault({
        method: 'GET',
        route: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
        pathPattern: `^/repos/${r}/`,
        kind: 'status',
        status: 500,
        times: 4,
      });
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    expect(result.outputs.approved).toBe('false');
    const state = await api<{ state: string; state_reason: string | null }>(`/repos/${repo}/issues/${issue}`);
    expect(state).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    const comments = await api<{ body: string }[]>(`/repos/${repo}/issues/${issue}/comments`);
    expect(comments.map((c) => c.body).at(-1)).toMatch(
      /^Approval request \*\*failed\*\*: the GitHub API answered 500 /,
    );
    expect(await deployments(repo)).toEqual([]);
  });

  it('fails when an allowed approver denies', async () => {
    const { result, repo, issue } = await issueRun({}, async (r, n) => {
      await say(r, n, 'tok-bob', 'deny: wrong build');
    });
    expectFailure(result, 'denied', 'bob');
    expect((await api<{ state: string }>(`/repos/${repo}/issues/${issue}`)).state).toBe('closed');
    expect(await deployments(repo)).toEqual([]);
  });

  it('closes the issue when the run is cancelled while waiting', async () => {
    const { result, repo, issue } = await issueRun({}, async (_r, _n, child) => {
      child?.kill('SIGTERM');
      await Promise.resolve();
    });
    expectFailure(result, 'cancelled');
    expect((await api<{ state: string }>(`/repos/${repo}/issues/${issue}`)).state).toBe('closed');
    expect(await deployments(repo)).toEqual([]);
  });

  it('denies when the issue is closed without an approval', async () => {
    const { result, repo } = await issueRun({}, async (r, n) => {
      await api(`/repos/${r}/issues/${n}`, { method: 'PATCH', token: 'tok-bob', body: { state: 'closed' } });
    });
    expectFailure(result, 'was closed by bob with 0 of 1 approvals', 'closing the issue denies the deployment');
    expect(await deployments(repo)).toEqual([]);
  });

  it('opens the issue, with labels, in another repository', async () => {
    const approvals = `approvals-${uniqueId()}`;
    await em.seed({ repos: [{ full_name: `acme/${approvals}` }] });
    const { result, repo, issue } = await issueRun(
      { 'issue-repository': `acme/${approvals}`, 'issue-labels': 'deploy-approval\nproduction' },
      async (r, n) => {
        await say(r, n, 'tok-alice', 'approve');
      },
      `acme/${approvals}`,
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['issue-url']).toContain(`/acme/${approvals}/issues/${issue}`);
    const opened = await api<{ labels: { name: string }[]; state: string }>(`/repos/acme/${approvals}/issues/${issue}`);
    expect(opened.labels.map((l) => l.name)).toEqual(['deploy-approval', 'production']);
    expect(opened.state).toBe('closed');
    // The deployment is recorded in the repository being deployed, not the approvals one.
    expect((await deployments(repo)).map((d) => d.payload.approval.mode)).toEqual(['issue']);
    expect(await api<unknown[]>(`/repos/${repo}/issues?state=all`)).toEqual([]);
  });

  it('says clearly that issues are turned off (410)', async () => {
    const target = await setup({ environment: null, hasIssues: false });
    const result = await run(target, { mode: 'issue', approvers: 'acme/release-managers', 'timeout-seconds': 5 });
    expectFailure(
      result,
      'Issues are turned off in',
      '410',
      'Settings → General → Features → Issues',
      "'issue-repository'",
    );
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('refuses up front a wait longer than the token lives, naming app-id / app-private-key', async () => {
    const token = `ghs_expiring_${uniqueId()}`;
    await em.seed({
      tokens: [
        { token, login: 'github-actions[bot]', expires_at: new Date(Date.now() + 10 * 60 * 1000).toISOString() },
      ],
    });
    const target = await setup({ environment: null });
    const result = await run(
      target,
      { mode: 'issue', approvers: 'acme/release-managers', 'timeout-minutes': 60 },
      { token },
    );
    expectFailure(
      result,
      'The token expires at',
      'before this approval request would time out (1 h)',
      "Pass 'app-id' and 'app-private-key'",
    );
    expect(await api<unknown[]>(`/repos/${target.repo}/issues?state=all`)).toEqual([]);
  });

  it('authenticates as a GitHub App installation with app-id / app-private-key, minting a new token as each expires, and never prints the key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const appId = 400000 + Math.floor(Math.random() * 1000);
    const mintsBefore = (await em.requests()).filter((q) => q.path.endsWith('/access_tokens')).length;
    await em.seed({
      apps: [
        {
          id: appId,
          slug: 'deploy-approvals',
          public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          installations: ['acme'],
          // Tokens that live 2 s: the wait outlives several of them.
          token_lifetime_seconds: 2,
        },
      ],
    });
    const { result, repo, issue } = await issueRun(
      { 'app-id': String(appId), 'app-private-key': pem, 'timeout-minutes': 120, 'timeout-seconds': 20 },
      async (r, n) => {
        // Approve only once the step has had to mint a third token while waiting.
        const mints = async (): Promise<number> =>
          (await em.requests()).filter((q) => q.path.endsWith('/access_tokens') && q.status === 201).length;
        for (let i = 0; i < 200 && (await mints()) < mintsBefore + 3; i++) await new Promise((w) => setTimeout(w, 100));
        expect(await mints()).toBeGreaterThanOrEqual(mintsBefore + 3);
        await say(r, n, 'tok-alice', 'approve');
      },
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    // No request was refused for an expired token.
    expect((await em.requests()).filter((q) => q.status === 401 && q.path.includes(repo))).toEqual([]);
    // Each minted installation token was masked as it was minted.
    expect(result.masks.filter((m) => m.startsWith('ghs_emu')).length).toBeGreaterThanOrEqual(3);
    const opened = await api<{ user: { login: string } }>(`/repos/${repo}/issues/${issue}`);
    expect(opened.user.login).toBe('deploy-approvals[bot]');
    // Registered with the runner (::add-mask::), and nowhere else in what the step printed.
    const printed = result.everything
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    for (const line of pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) {
      expect(result.masks).toContain(line);
      expect(printed).not.toContain(line);
    }
    await expectValidRequests();
  });

  it('times out with a clear failure and closes the issue', async () => {
    const { result, repo } = await issueRun({ 'timeout-seconds': 2 }, undefined);
    expectFailure(result, 'timed out after 2 s', '0 of 1');
    const issues = await api<{ state: string }[]>(`/repos/${repo}/issues?state=all`);
    expect(issues.map((i) => i.state)).toEqual(['closed']);
    expect(await deployments(repo)).toEqual([]);
  });
});
