/**
 * The approval library called in-process, the way the deploy gate and the CLI call it, against the
 * GitHub API emulator.
 */
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ApprovalDenied,
  configureEnvironment,
  parseDeploymentRefs,
  parseDigests,
  requireApproval,
  type ApprovalDeps,
} from '../../src/approval/index.ts';
import { registerApprovalCommands } from '../../src/cli/approval.ts';
import { AuditEmitter } from '../../src/core/audit.ts';
import { runContext } from '../../src/core/context.ts';
import { createGitHubClient } from '../../src/core/github.ts';
import { startEmulator, type Emulator } from '../support/github-emulator/index.ts';
import { uniqueId } from '../support/runner.ts';

let em: Emulator;

beforeAll(async () => {
  em = await startEmulator();
  await em.seed({
    users: [{ login: 'alice' }, { login: 'octo-releaser' }],
    orgs: [{ login: 'acme', teams: [{ slug: 'release-managers', members: ['alice'] }] }],
  });
});

afterAll(async () => {
  await em?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function repoWithRun(approver: string, protectedEnv = true): Promise<{ repo: string; runId: number }> {
  const name = `lib-${uniqueId()}`;
  const runId = 7000 + Math.floor(Math.random() * 1000);
  await em.seed({
    repos: [
      {
        full_name: `acme/${name}`,
        branches: ['release'],
        environments: [
          protectedEnv
            ? {
                name: 'production',
                prevent_self_review: true,
                reviewers: [{ type: 'User', login: 'alice' }],
                deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
                can_admins_bypass: false,
              }
            : { name: 'production' },
        ],
        runs: [
          {
            id: runId,
            actor: 'octo-releaser',
            approvals: [{ environments: ['production'], state: 'approved', user: approver, comment: 'ok' }],
          },
        ],
      },
    ],
  });
  return { repo: `acme/${name}`, runId };
}

function deps(repo: string, runId: number, warnings: string[] = []): ApprovalDeps {
  const ctx = runContext({
    GITHUB_REPOSITORY: repo,
    GITHUB_RUN_ID: String(runId),
    GITHUB_ACTOR: 'octo-releaser',
    GITHUB_REF: 'refs/heads/release',
    GITHUB_SHA: 'b'.repeat(40),
  });
  return {
    client: createGitHubClient('ghs_library_token', { baseUrl: em.url, retries: 0 }),
    ctx,
    audit: new AuditEmitter(ctx),
    log: { info: () => undefined, warning: (m) => warnings.push(m) },
  };
}

describe('requireApproval (as the deploy gate calls it)', () => {
  it('returns the approvers and the deployment id, with the verified digests in the payload', async () => {
    const { repo, runId } = await repoWithRun('alice');
    const d = deps(repo, runId);
    const digests = parseDigests([`sha256:${'e'.repeat(64)}  app.tgz`]);
    const result = await requireApproval(
      {
        environment: 'production',
        mode: 'environment',
        requireProtection: true,
        allowSelfApproval: false,
        approvers: [],
        minApprovals: 1,
        detectBypass: true,
        digests,
        createDeployment: true,
      },
      d,
    );
    expect(result.approvers.map((a) => a.login)).toEqual(['alice']);
    expect(result.ref).toBe('release');
    expect(result.deploymentId).toBeGreaterThan(0);
    const { data } = await d.client.rest.repos.getDeployment({
      owner: 'acme',
      repo: repo.split('/')[1] ?? '',
      deployment_id: result.deploymentId ?? 0,
    });
    expect(data.payload).toMatchObject({
      digests: [{ digest: `sha256:${'e'.repeat(64)}`, path: 'app.tgz' }],
      approval: { mode: 'environment', environment: 'production', approvers: [{ login: 'alice', comment: 'ok' }] },
      run_id: runId,
    });
    expect(d.audit?.events.map((e) => [e.action, e.outcome])).toEqual([['deployment.approve', 'success']]);
  });

  it('throws ApprovalDenied, with what it saw, on self-approval', async () => {
    const { repo, runId } = await repoWithRun('octo-releaser');
    const d = deps(repo, runId);
    const error = await requireApproval(
      {
        environment: 'production',
        mode: 'environment',
        requireProtection: true,
        allowSelfApproval: false,
        approvers: [],
        minApprovals: 1,
        detectBypass: false,
        digests: [],
        createDeployment: true,
      },
      d,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApprovalDenied);
    expect((error as ApprovalDenied).refused).toEqual([
      {
        login: 'octo-releaser',
        reason: 'started this run, pushed its ref or authored its release: self-approval is not allowed',
      },
    ]);
    expect(d.audit?.events.map((e) => e.outcome)).toEqual(['denied']);
  });

  it('finds a documented change to the protection rules during the run behind a page of other audit-log events', async () => {
    const { repo, runId } = await repoWithRun('alice');
    const change = {
      org: 'acme',
      action: 'environment.update_protection_rule',
      actor: 'admin-ann',
      repo,
      environment_name: 'production',
      can_admins_bypass: true,
      '@timestamp': new Date().toISOString(),
    };
    const noise = Array.from({ length: 150 }, (_, i) => ({
      org: 'acme',
      action: 'repo.update',
      actor: 'x',
      repo,
      n: i,
    }));
    await em.seed({ audit_log: [change, ...noise] });
    const error = await requireApproval(
      {
        environment: 'production',
        mode: 'environment',
        requireProtection: true,
        allowSelfApproval: false,
        approvers: [],
        minApprovals: 1,
        detectBypass: true,
        digests: [],
        createDeployment: true,
      },
      deps(repo, runId),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApprovalDenied);
    expect((error as Error).message).toContain(
      "The protection rules of 'production' changed while this run was deploying: 'admin-ann' (audit log 'environment.update_protection_rule'",
    );
    const auditRequests = (await em.requests()).filter((r) => r.path.includes('/audit-log'));
    expect(auditRequests.length).toBeGreaterThanOrEqual(2);
  });
});

describe('configureEnvironment', () => {
  it('is idempotent, also for protected-branches', async () => {
    const { repo, runId } = await repoWithRun('alice', false);
    const d = deps(repo, runId);
    const options = {
      environment: 'production',
      reviewers: [{ kind: 'team', org: 'acme', slug: 'release-managers' }] as const,
      preventSelfReview: true,
      waitTimer: 0,
      refs: parseDeploymentRefs(['protected-branches']),
    };
    const first = await configureEnvironment(options, d);
    expect(first.created).toBe(false);
    expect(first.changes).toEqual([
      "add required reviewer team 'acme/release-managers'",
      'set prevent self-review to true',
      'stop administrators from bypassing the protection rules',
      'limit deployments to protected branches',
    ]);
    expect((await configureEnvironment(options, d)).changes).toEqual([]);
  });
});

describe('secure-deploy approval check', () => {
  async function cli(args: string[]): Promise<{ out: string; exitCode: number | undefined }> {
    const saved = { token: process.env.GITHUB_TOKEN, api: process.env.GITHUB_API_URL, exit: process.exitCode };
    process.env.GITHUB_TOKEN = 'ghs_cli_token';
    process.env.GITHUB_API_URL = em.url;
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    try {
      const program = new Command('secure-deploy').exitOverride();
      registerApprovalCommands(program);
      process.exitCode = undefined;
      await program.parseAsync(args, { from: 'user' });
      return { out, exitCode: process.exitCode === undefined ? undefined : Number(process.exitCode) };
    } finally {
      vi.restoreAllMocks();
      process.exitCode = saved.exit;
      if (saved.token === undefined) delete process.env.GITHUB_TOKEN;
      else process.env.GITHUB_TOKEN = saved.token;
      if (saved.api === undefined) delete process.env.GITHUB_API_URL;
      else process.env.GITHUB_API_URL = saved.api;
    }
  }

  it('says a protected environment is protected', async () => {
    const { repo } = await repoWithRun('alice');
    const r = await cli(['approval', 'check', '--repo', repo, '--environment', 'production']);
    expect(r.out).toContain('is protected');
    expect(r.exitCode).toBeUndefined();
  });

  it('exits 1 and names the setting for an unprotected one', async () => {
    const { repo } = await repoWithRun('alice', false);
    const r = await cli(['approval', 'check', '--repo', repo, '--environment', 'production', '--json']);
    expect(r.exitCode).toBe(1);
    // core's GitHub client logs requests as `::debug::` lines on stdout even outside a runner (reported to the lead).
    const json = r.out
      .split('\n')
      .filter((l) => !l.startsWith('::'))
      .join('\n');
    const parsed = JSON.parse(json) as { protected: boolean; problems: string[] };
    expect(parsed.protected).toBe(false);
    expect(parsed.problems.join('\n')).toContain('Required reviewers');
  });
});
