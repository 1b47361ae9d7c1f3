import { Octokit } from '@octokit/rest';
import { uncompress } from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/github-emulator/index.ts';

let emulator: Emulator;
let octokit: Octokit;
const repo = { owner: 'acme', repo: 'app' };

const statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'app.tgz', digest: { sha256: 'ab'.repeat(32) } }],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: {},
};
const bundle = {
  mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  verificationMaterial: { certificate: { rawBytes: 'AAAA' }, tlogEntries: [] },
  dsseEnvelope: {
    payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
    payloadType: 'application/vnd.in-toto+json',
    signatures: [{ sig: 'AAAA' }],
  },
};

beforeAll(async () => {
  emulator = await startEmulator();
  octokit = new Octokit({
    auth: 'test-token',
    baseUrl: emulator.url,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  await emulator.seed({
    clock: '2026-03-01T12:00:00Z',
    users: [{ login: 'alice', id: 501 }, { login: 'bob' }, { login: 'deploy-bot[bot]', type: 'Bot' }],
    orgs: [
      {
        login: 'acme',
        teams: [{ slug: 'ops', name: 'Ops', members: ['alice', 'bob'] }],
        variables: [{ name: 'REGION', value: 'eu', visibility: 'all' }],
      },
    ],
    repos: [
      {
        full_name: 'acme/app',
        files: { '.github/workflows/deploy.yml': 'name: Deploy\non: push\n', 'src/index.ts': 'export {};\n' },
        environments: [
          {
            name: 'production',
            wait_timer: 30,
            reviewers: [
              { type: 'User', login: 'alice' },
              { type: 'Team', slug: 'ops' },
            ],
            branch_policies: ['main'],
            variables: [{ name: 'URL', value: 'https://app.example.com' }],
          },
          { name: 'staging' },
        ],
        variables: [{ name: 'LEVEL', value: '3' }],
        runs: [
          {
            id: 9001,
            actor: 'bob',
            triggering_actor: 'deploy-bot[bot]',
            status: 'waiting',
            approvals: [{ environments: ['production'], state: 'approved', comment: 'ship it', user: 'alice' }],
            pending_deployments: [{ environment: 'production' }],
          },
        ],
        attestations: [{ digest: `sha256:${'ab'.repeat(32)}`, bundle }],
      },
    ],
  });
});

afterAll(async () => {
  await emulator.close();
});

describe('every endpoint answers within the description', () => {
  it('repositories, organizations, teams, users', async () => {
    expect((await octokit.rest.repos.get(repo)).data.default_branch).toBe('main');
    expect((await octokit.rest.orgs.get({ org: 'acme' })).data.login).toBe('acme');
    expect((await octokit.rest.teams.getByName({ org: 'acme', team_slug: 'ops' })).data.members_count).toBe(2);
    const members = await octokit.rest.teams.listMembersInOrg({ org: 'acme', team_slug: 'ops' });
    expect(members.data.map((m) => m.login)).toEqual(['alice', 'bob']);
    expect((await octokit.rest.users.getByUsername({ username: 'alice' })).data.id).toBe(501);
    expect((await octokit.rest.users.getByUsername({ username: 'deploy-bot[bot]' })).data.type).toBe('Bot');
    await expect(octokit.rest.users.getByUsername({ username: 'nobody' })).rejects.toMatchObject({ status: 404 });
    expect((await octokit.rest.rateLimit.get()).data.rate.limit).toBe(5000);
    // A GitHub Enterprise Server style base URL works too.
    const ghes = new Octokit({ auth: 't', baseUrl: `${emulator.url}/api/v3` });
    expect((await ghes.rest.repos.get(repo)).data.full_name).toBe('acme/app');
    emulator.assertNoViolations();
  });

  it('environments and deployment branch policies', async () => {
    const { data: env } = await octokit.rest.repos.getEnvironment({ ...repo, environment_name: 'production' });
    expect(env.protection_rules?.map((r) => r.type)).toEqual(['wait_timer', 'required_reviewers', 'branch_policy']);
    expect(env.deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    const { data: list } = await octokit.rest.repos.getAllEnvironments(repo);
    expect(list.total_count).toBe(2);

    const { data: updated } = await octokit.rest.repos.createOrUpdateEnvironment({
      ...repo,
      environment_name: 'staging',
      wait_timer: 0,
      prevent_self_review: true,
      reviewers: [{ type: 'User', id: 501 }],
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    expect(updated.protection_rules?.find((r) => r.type === 'required_reviewers')).toMatchObject({
      prevent_self_review: true,
    });
    await expect(
      octokit.rest.repos.createOrUpdateEnvironment({
        ...repo,
        environment_name: 'staging',
        deployment_branch_policy: { protected_branches: true, custom_branch_policies: true },
      }),
    ).rejects.toMatchObject({ status: 422 });

    const { data: policy } = await octokit.rest.repos.createDeploymentBranchPolicy({
      ...repo,
      environment_name: 'staging',
      name: 'v*',
      type: 'tag',
    });
    expect(policy.type).toBe('tag');
    const { data: policies } = await octokit.rest.repos.listDeploymentBranchPolicies({
      ...repo,
      environment_name: 'staging',
    });
    expect(policies.branch_policies.map((p) => p.name)).toEqual(['v*']);
    await octokit.rest.repos.deleteDeploymentBranchPolicy({
      ...repo,
      environment_name: 'staging',
      branch_policy_id: policy.id ?? 0,
    });
    await octokit.rest.repos.deleteAnEnvironment({ ...repo, environment_name: 'staging' });
    await expect(octokit.rest.repos.getEnvironment({ ...repo, environment_name: 'staging' })).rejects.toMatchObject({
      status: 404,
    });
    emulator.assertNoViolations();
  });

  it('workflow runs, approvals, pending deployments, workflows', async () => {
    const { data: run } = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 9001 });
    expect(run.actor?.login).toBe('bob');
    expect(run.triggering_actor?.type).toBe('Bot');
    const { data: approvals } = await octokit.rest.actions.getReviewsForRun({ ...repo, run_id: 9001 });
    expect(approvals[0]).toMatchObject({ state: 'approved', comment: 'ship it', user: { login: 'alice' } });
    const { data: pending } = await octokit.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: 9001 });
    expect(pending[0]?.environment.name).toBe('production');
    expect(pending[0]?.reviewers.map((r) => r.type)).toEqual(['User', 'Team']);
    const { data: workflows } = await octokit.rest.actions.listRepoWorkflows(repo);
    expect(workflows.workflows.map((w) => [w.name, w.path])).toEqual([['Deploy', '.github/workflows/deploy.yml']]);
    await expect(octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 1 })).rejects.toMatchObject({ status: 404 });
    emulator.assertNoViolations();
  });

  it('deployments and statuses', async () => {
    const { data: d1 } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: 'main',
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
    });
    if (!('id' in d1)) throw new Error('expected a deployment');
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: d1.id,
      state: 'success',
      environment_url: 'https://app.example.com',
    });
    const { data: d2 } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: 'main',
      environment: 'production',
      payload: { v: 2 },
    });
    if (!('id' in d2)) throw new Error('expected a deployment');
    await octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: d2.id, state: 'success' });
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: d1.id });
    expect(statuses.map((s) => s.state)).toEqual(['inactive', 'success']);
    const { data: list } = await octokit.rest.repos.listDeployments({
      ...repo,
      environment: 'production',
      sha: d1.sha,
    });
    // Newest first; run 9001's approval of 'production' also left the deployment GitHub Actions records.
    expect(list.map((d) => d.id).filter((id) => id === d1.id || id === d2.id)).toEqual([d2.id, d1.id]);
    expect(list).toHaveLength(3);
    expect((await octokit.rest.repos.getDeployment({ ...repo, deployment_id: d2.id })).data.payload).toEqual({ v: 2 });
    await expect(octokit.rest.repos.createDeployment({ ...repo, ref: 'no-such-branch' })).rejects.toMatchObject({
      status: 422,
    });
    emulator.assertNoViolations();
  });

  it('variables (repository, environment, organization)', async () => {
    expect((await octokit.rest.actions.getRepoVariable({ ...repo, name: 'LEVEL' })).data.value).toBe('3');
    await octokit.rest.actions.createRepoVariable({ ...repo, name: 'new_var', value: 'x' });
    await octokit.rest.actions.updateRepoVariable({ ...repo, name: 'NEW_VAR', value: 'y' });
    expect((await octokit.rest.actions.listRepoVariables(repo)).data.variables.map((v) => [v.name, v.value])).toEqual([
      ['LEVEL', '3'],
      ['NEW_VAR', 'y'],
    ]);
    await octokit.rest.actions.deleteRepoVariable({ ...repo, name: 'NEW_VAR' });
    const env = await octokit.rest.actions.listEnvironmentVariables({ ...repo, environment_name: 'production' });
    expect(env.data.variables[0]?.name).toBe('URL');
    await octokit.rest.actions.createEnvironmentVariable({
      ...repo,
      environment_name: 'production',
      name: 'E',
      value: '1',
    });
    expect(
      (await octokit.rest.actions.getEnvironmentVariable({ ...repo, environment_name: 'production', name: 'E' })).data
        .value,
    ).toBe('1');
    const org = await octokit.rest.actions.listOrgVariables({ org: 'acme' });
    expect(org.data.variables[0]).toMatchObject({ name: 'REGION', visibility: 'all' });
    await octokit.rest.actions.createOrgVariable({
      org: 'acme',
      name: 'SEL',
      value: 'v',
      visibility: 'selected',
      selected_repository_ids: [],
    });
    expect((await octokit.rest.actions.getOrgVariable({ org: 'acme', name: 'SEL' })).data.visibility).toBe('selected');
    emulator.assertNoViolations();
  });

  it('deploy keys and webhooks', async () => {
    const { data: key } = await octokit.rest.repos.createDeployKey({
      ...repo,
      title: 'ci',
      key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ci@example',
    });
    expect(key.read_only).toBe(true);
    expect((await octokit.rest.repos.listDeployKeys(repo)).data).toHaveLength(1);
    expect((await octokit.rest.repos.getDeployKey({ ...repo, key_id: key.id })).data.title).toBe('ci');
    await octokit.rest.repos.deleteDeployKey({ ...repo, key_id: key.id });
    await expect(octokit.rest.repos.createDeployKey({ ...repo, key: 'not a key' })).rejects.toMatchObject({
      status: 422,
    });

    const { data: hook } = await octokit.rest.repos.createWebhook({
      ...repo,
      config: { url: 'https://hooks.example.com/in', content_type: 'json', secret: 'shh' },
      events: ['deployment', 'deployment_status'],
    });
    expect(hook.config.secret).toBe('********');
    expect((await octokit.rest.repos.listWebhooks(repo)).data.map((h) => h.id)).toEqual([hook.id]);
    expect((await octokit.rest.repos.getWebhook({ ...repo, hook_id: hook.id })).data.events).toEqual([
      'deployment',
      'deployment_status',
    ]);
    await octokit.rest.repos.deleteWebhook({ ...repo, hook_id: hook.id });
    emulator.assertNoViolations();
  });

  it('issues, comments and labels', async () => {
    await octokit.rest.issues.createLabel({ ...repo, name: 'secret-rotation', color: 'ff0000' });
    const { data: issue } = await octokit.rest.issues.create({
      ...repo,
      title: 'Rotate NPM_TOKEN',
      body: 'due',
      labels: ['secret-rotation'],
    });
    await octokit.rest.issues.create({ ...repo, title: 'Other' });
    await octokit.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['overdue'] });
    await octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'still due' });
    const { data: comments } = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(comments.map((c) => c.body)).toEqual(['still due']);
    expect(comments[0]?.updated_at).toBe(comments[0]?.created_at);
    // Editing a comment moves updated_at on (a second later here: the clock is frozen).
    await emulator.seed({ clock: '2026-03-01T12:00:01Z' });
    try {
      const { data: edited } = await octokit.rest.issues.updateComment({
        ...repo,
        comment_id: comments[0]?.id ?? 0,
        body: 'done',
      });
      expect(edited).toMatchObject({ body: 'done', created_at: '2026-03-01T12:00:00Z' });
      expect(edited.updated_at).toBe('2026-03-01T12:00:01Z');
    } finally {
      await emulator.seed({ clock: '2026-03-01T12:00:00Z' });
    }
    const { data: after } = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(after.map((c) => [c.body, c.updated_at])).toEqual([['done', '2026-03-01T12:00:01Z']]);
    await expect(octokit.rest.issues.updateComment({ ...repo, comment_id: 999_999, body: 'x' })).rejects.toMatchObject({
      status: 404,
    });
    const { data: filtered } = await octokit.rest.issues.listForRepo({
      ...repo,
      labels: 'secret-rotation,overdue',
      creator: 'github-actions[bot]',
    });
    expect(filtered.map((i) => i.number)).toEqual([issue.number]);
    await octokit.rest.issues.update({ ...repo, issue_number: issue.number, state: 'closed' });
    expect((await octokit.rest.issues.get({ ...repo, issue_number: issue.number })).data.state).toBe('closed');
    expect((await octokit.rest.issues.listForRepo({ ...repo, state: 'open' })).data.map((i) => i.title)).toEqual([
      'Other',
    ]);
    expect((await octokit.rest.issues.listLabelsForRepo(repo)).data.map((l) => l.name).sort()).toEqual([
      'overdue',
      'secret-rotation',
    ]);
    emulator.assertNoViolations();
  });

  it('attestations by digest, repository and organization', async () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
      ...repo,
      subject_digest: digest,
    });
    // As GitHub answers today: no inline bundle, a pre-signed URL serving it snappy-compressed.
    expect(data.attestations?.[0]?.bundle).toBeNull();
    const blob = await fetch(data.attestations?.[0]?.bundle_url ?? '');
    expect(blob.headers.get('content-type')).toBe('application/x-snappy');
    expect(JSON.parse(Buffer.from(uncompress(Buffer.from(await blob.arrayBuffer()))).toString())).toEqual(bundle);
    const org = await octokit.request('GET /orgs/{org}/attestations/{subject_digest}', {
      org: 'acme',
      subject_digest: digest,
      predicate_type: 'provenance',
    });
    expect(org.data.attestations).toHaveLength(1);
    await expect(
      octokit.request('GET /orgs/{org}/attestations/{subject_digest}', {
        org: 'acme',
        subject_digest: digest,
        predicate_type: 'https://spdx.dev/Document/v2.3',
      }),
    ).rejects.toMatchObject({ status: 404 });
    emulator.assertNoViolations();
  });

  it('git refs and contents listings', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/audit', sha: main.object.sha });
    await expect(
      octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/audit', sha: main.object.sha }),
    ).rejects.toMatchObject({ status: 422 });
    const { data: refs } = await octokit.rest.git.listMatchingRefs({ ...repo, ref: 'heads/' });
    expect(refs.map((r) => r.ref)).toEqual(['refs/heads/audit', 'refs/heads/main']);
    await octokit.rest.git.deleteRef({ ...repo, ref: 'heads/audit' });
    const { data: dir } = await octokit.rest.repos.getContent({ ...repo, path: '.github/workflows' });
    expect(Array.isArray(dir) ? dir.map((e) => e.name) : []).toEqual(['deploy.yml']);
    const { data: root } = await octokit.rest.repos.getContent({ ...repo, path: '' });
    expect(Array.isArray(root) ? root.map((e) => `${e.type}:${e.path}`).sort() : []).toEqual([
      'dir:.github',
      'dir:src',
    ]);
    const created = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'docs/new.md',
      message: 'add',
      content: Buffer.from('# hi').toString('base64'),
    });
    expect(created.status).toBe(201);
    await expect(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: 'docs/new.md',
        message: 'again',
        content: Buffer.from('x').toString('base64'),
      }),
    ).rejects.toMatchObject({ status: 422 });
    emulator.assertNoViolations();
  });
});
