/**
 * require-approval end to end: the committed bundle, started as the runner starts it, against the
 * GitHub API emulator (every request validated against GitHub's OpenAPI description).
 */
import type { ChildProcess } from 'node:child_process';
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
}

interface Setup {
  environment?: SeedEnvironment | null;
  approvals?: Approval[];
  /** When the run was created (default: now). */
  runCreatedAt?: string;
}

const PROTECTED: SeedEnvironment = {
  name: 'production',
  prevent_self_review: true,
  reviewers: [
    { type: 'User', login: 'alice' },
    { type: 'Team', slug: 'acme/release-managers' },
  ],
  branch_policies: [{ name: 'v*', type: 'tag' }],
};

/** A fresh repository `acme/app-<id>` with one environment and one run (id returned). */
async function setup(s: Setup = {}): Promise<{ repo: string; runId: number }> {
  const name = `app-${uniqueId()}`;
  const runId = nextRun++;
  await em.seed({
    repos: [
      {
        full_name: `acme/${name}`,
        environments: s.environment === null ? [] : [s.environment ?? PROTECTED],
        runs: [
          {
            id: runId,
            actor: 'octo-releaser',
            triggering_actor: 'octo-releaser',
            event: 'push',
            head_branch: 'v1.0.0',
            approvals: s.approvals ?? [],
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

async function deployments(repo: string): Promise<DeploymentJson[]> {
  return api<DeploymentJson[]>(`/repos/${repo}/deployments`);
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

  it('fails when two approvals are required and one is given', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const result = await run(target, { 'min-approvals': 2 });
    expectFailure(result, '1 of 2 required approvals');
    expect(JSON.parse(result.outputs.approvers ?? '[]')).toHaveLength(1);
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('passes with two approvals from distinct people', async () => {
    const target = await setup({
      approvals: [
        { environments: ['production'], state: 'approved', user: 'alice' },
        { environments: ['production'], state: 'approved', user: 'bob' },
      ],
    });
    const result = await run(target, { 'min-approvals': 2, approvers: 'acme/release-managers' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect((JSON.parse(result.outputs.approvers ?? '[]') as { login: string }[]).map((a) => a.login)).toEqual([
      'alice',
      'bob',
    ]);
  });

  it('fails on an approval for another environment', async () => {
    const target = await setup({
      approvals: [{ environments: ['staging'], state: 'approved', user: 'alice' }],
    });
    expectFailure(await run(target), "'staging', not 'production'");
  });

  it('fails when a reviewer rejected the environment', async () => {
    const target = await setup({
      approvals: [
        { environments: ['production'], state: 'approved', user: 'alice' },
        { environments: ['production'], state: 'rejected', user: 'bob', comment: 'not today' },
      ],
    });
    expectFailure(await run(target), 'rejected', 'bob', 'not today');
  });

  it('fails when the approver is not in approvers', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'carol' }],
    });
    expectFailure(await run(target, { approvers: 'acme/release-managers' }), 'carol', "is not in 'approvers'");
  });

  it('fails on a bypass event in the audit log, naming the administrator', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    await em.seed({
      audit_log: [
        {
          org: 'acme',
          action: 'environment.bypass_protection_rules',
          actor: 'admin-ann',
          repo: target.repo,
          environment_name: 'production',
          workflow_run_id: target.runId,
        },
      ],
    });
    const result = await run(target);
    expectFailure(result, "Administrator 'admin-ann' bypassed");
    expect(await deployments(target.repo)).toEqual([]);
  });

  it('names the administrator who bypassed, though the bypassed run has no approvals', async () => {
    const target = await setup();
    await em.seed({
      audit_log: [
        {
          org: 'acme',
          action: 'environment.bypass_protection_rules',
          actor: 'admin-ann',
          repo: target.repo,
          environment_name: 'production',
          workflow_run_id: target.runId,
        },
      ],
    });
    const result = await run(target);
    expectFailure(result, "Administrator 'admin-ann' bypassed");
    expect(result.errors[0]).not.toContain('has no approvals');
    expect(await deployments(target.repo)).toEqual([]);
  });

  /** `count` audit-log events of the repository at `time`, none of them a bypass. */
  async function seedNoise(repo: string, count: number, time: string): Promise<void> {
    await em.seed({
      audit_log: Array.from({ length: count }, (_, n) => ({
        org: 'acme',
        action: 'repo.update',
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
    const result = await run(target);
    expectFailure(result, 'audit log was too large to confirm', 'than the 1000 this step reads', 'detect-bypass');
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
    expect(result.summary).toContain('no bypass found');
    expect(await auditLogReads(target.repo)).toBe(1);
  });

  it('warns that bypass detection was skipped when the audit log cannot be read', async () => {
    const target = await setup({
      approvals: [{ environments: ['production'], state: 'approved', user: 'alice' }],
    });
    const result = await run(target, {}, { token: 'tok-no-audit' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.warnings.join('\n')).toMatch(/Bypass detection was skipped because .*audit log/);
  });

  it('fails on a run with no approvals', async () => {
    const target = await setup();
    const result = await run(target);
    expectFailure(result, `Run ${target.runId} has no approvals`, 'Required reviewers');
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
    expectFailure(check, `Run ${target.runId} has no approvals`);
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
  ): Promise<{ result: Awaited<ReturnType<typeof run>>; repo: string; issue: number | undefined }> {
    const target = await setup({ environment: null });
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
      // The event: the action's request that opened the issue, answered.
      const [owner = '', name = ''] = target.repo.split('/');
      await em.waitForRequest(
        (r) => r.method === 'POST' && r.path === `/repos/${owner}/${name}/issues` && r.status === 201,
        'the action to open an issue',
      );
      const issues = await api<{ number: number }[]>(`/repos/${target.repo}/issues?state=all`);
      issue = issues[0]?.number;
      expect(issue, 'the action opened an issue').toBeDefined();
      await comment(target.repo, issue ?? 0, child);
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

  it('times out with a clear failure and closes the issue', async () => {
    const { result, repo } = await issueRun({ 'timeout-seconds': 2 }, undefined);
    expectFailure(result, 'timed out after 2 s', '0 of 1');
    const issues = await api<{ state: string }[]>(`/repos/${repo}/issues?state=all`);
    expect(issues.map((i) => i.state)).toEqual(['closed']);
    expect(await deployments(repo)).toEqual([]);
  });
});
