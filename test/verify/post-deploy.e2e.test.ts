/**
 * verify-signatures `mode: post-deploy`, end to end through the committed action bundle against
 * the GitHub API emulator: deployments carry the payload require-approval writes (`tool`,
 * `digests: [{digest, path}]`); a wrong digest running is detected, the deployment is marked
 * failed and a deployment of the last good ref is created; matching digests pass and mark the
 * deployment successful — which makes it a rollback target later.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/github-emulator/index.ts';
import { assertNoLeaks, runBundle, type RunResult, uniqueId } from '../support/runner.ts';
import { runCli } from './cli.ts';

const d = (c: string): string => `sha256:${c.repeat(64)}`;
const owner = 'acme';
const environment = 'production';
const TOKEN = 'deploy-token';

let emulator: Emulator;
let octokit: Octokit;
let ws: string;

beforeAll(async () => {
  emulator = await startEmulator();
  octokit = new Octokit({ baseUrl: emulator.url, auth: TOKEN });
  ws = mkdtempSync(join(tmpdir(), 'sd-post-deploy-'));
});

afterAll(async () => {
  await emulator?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

/** The payload require-approval writes into the deployment it creates (src/approval). */
function approvalPayload(digests: string[]): Record<string, unknown> {
  return {
    tool: 'secure-deploy/require-approval',
    repository: `${owner}/x`,
    digests: digests.map((digest, i) => ({ digest, path: `dist/app-${i}.tgz` })),
    approval: { mode: 'environment', environment },
  };
}

async function setup(): Promise<{ repo: string; head: () => Promise<string> }> {
  const repo = `app-${uniqueId()}`;
  await emulator.seed({
    repos: [{ full_name: `${owner}/${repo}`, environments: [{ name: environment }], files: { 'app.txt': 'v1' } }],
  });
  const head = async (): Promise<string> =>
    (await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' })).data.object.sha;
  return { repo, head };
}

async function deploy(repo: string, ref: string, digests: string[], states: ('success' | 'in_progress')[]) {
  const { data } = await octokit.rest.repos.createDeployment({
    owner,
    repo,
    ref,
    environment,
    auto_merge: false,
    required_contexts: [],
    payload: approvalPayload(digests),
  });
  if (!('id' in data)) throw new Error('no deployment created');
  for (const state of states) {
    await octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: data.id, state, environment });
  }
  return data.id;
}

function postDeploy(repo: string, inputs: Record<string, string>): Promise<RunResult> {
  return runBundle('verify-signatures', {
    cwd: ws,
    token: TOKEN,
    env: { GITHUB_API_URL: emulator.url, GITHUB_REPOSITORY: `${owner}/${repo}`, GITHUB_REPOSITORY_OWNER: owner },
    inputs: { mode: 'post-deploy', environment, ...inputs },
  });
}

describe('verify-signatures mode: post-deploy', () => {
  it('detects a wrong digest, marks the deployment failed and rolls back to the last good ref', async () => {
    const { repo, head } = await setup();
    const goodSha = await head();
    // The last good deployment: its post-deploy check confirmed what ran (and marked it successful).
    const good = await deploy(repo, goodSha, [d('1')], ['in_progress']);
    const confirm = await postDeploy(repo, { 'deployment-id': String(good), 'deployed-digests': `${d('1')}  app\n` });
    expect(confirm.exitCode).toBe(0);
    await assertNoLeaks({ values: { token: TOKEN }, run: confirm, emulator });
    // A later one whose deploy script reported success but whose running digests nobody checked.
    await emulator.seed({ repos: [{ full_name: `${owner}/${repo}`, files: { 'app.txt': 'v1.5' } }] });
    await deploy(repo, await head(), [d('2')], ['success']);
    await emulator.seed({ repos: [{ full_name: `${owner}/${repo}`, files: { 'app.txt': 'v2' } }] });
    const newSha = await head();
    const current = await deploy(repo, newSha, [d('3')], ['in_progress']);

    const run = await postDeploy(repo, {
      'deployment-id': String(current),
      'deployed-digests': `${d('e')}  registry.example/app:latest\n`,
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs.verified).toBe('false');
    expect(run.outputs['rolled-back-to']).toBe(goodSha);
    const rollbackId = Number(run.outputs['rollback-deployment-id']);
    expect(rollbackId).toBeGreaterThan(current);
    // One annotation that names the unexpected digest and what happened.
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(`${d('e')} (registry.example/app:latest)`);
    expect(run.errors[0]).toContain(`rolled back to ${goodSha}`);
    const rows = JSON.parse(run.outputs.results ?? '[]') as { status: string; method: string }[];
    expect(rows).toEqual([expect.objectContaining({ status: 'failed', method: 'deployment' })]);

    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: current });
    expect(statuses[0]?.state).toBe('failure');
    const { data: rollback } = await octokit.rest.repos.getDeployment({ owner, repo, deployment_id: rollbackId });
    expect(rollback.sha).toBe(goodSha);
    expect(rollback.environment).toBe(environment);
    expect(rollback.payload).toMatchObject({
      'secure-deploy': { verified: true, digests: [d('1')], 'rollback-of': current, 'restored-from': good },
    });
    expect(run.summary).toContain('Integrity breach');
    emulator.assertNoViolations();
  });

  it('passes when what runs is what was verified, read from a command run without a shell', async () => {
    const { repo, head } = await setup();
    const current = await deploy(repo, await head(), [d('3'), d('4')], ['in_progress']);
    const run = await postDeploy(repo, {
      'deployment-id': String(current),
      // A shell would run the `touch`; execFile hands it to printf as a plain argument.
      'deployed-digests-command': `printf "%s\\n" "${d('3')}  app; touch pwned" '${d('4')}  worker'`,
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verified).toBe('true');
    expect(run.outputs['rolled-back-to'] ?? '').toBe('');
    expect(run.outputs.digests).toBe(`${d('3')}  app; touch pwned\n${d('4')}  worker`);
    expect(existsSync(join(ws, 'pwned'))).toBe(false);
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: current });
    expect(statuses.map((s) => s.state)).toEqual(['success', 'in_progress']);
    expect(statuses[0]?.description).toMatch(/^Integrity confirmed by secure-deploy/);
    emulator.assertNoViolations();
  });

  it('fails closed on bad input: no deployment id, both digest sources, a deployment without verified digests', async () => {
    const { repo, head } = await setup();
    const noId = await postDeploy(repo, { 'deployed-digests': d('1') });
    expect(noId.errors.join('\n')).toMatch(/needs 'deployment-id'/);
    const both = await postDeploy(repo, {
      'deployment-id': '1',
      'deployed-digests': d('1'),
      'deployed-digests-command': 'true',
    });
    expect(both.errors.join('\n')).toMatch(/exactly one of 'deployed-digests'/);
    const { data } = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: await head(),
      environment,
      auto_merge: false,
      required_contexts: [],
      payload: { deployed: 'by hand' },
    });
    if (!('id' in data)) throw new Error('no deployment');
    const unverified = await postDeploy(repo, { 'deployment-id': String(data.id), 'deployed-digests': d('1') });
    expect(unverified.exitCode).not.toBe(0);
    expect(unverified.errors.join('\n')).toMatch(/records no verified digests/);
    const garbage = await postDeploy(repo, { 'deployment-id': String(data.id), 'deployed-digests': 'latest' });
    expect(garbage.errors.join('\n')).toMatch(/does not start with a digest/);
  });

  it('does the same from the CLI: secure-deploy verify --mode post-deploy', async () => {
    const { repo, head } = await setup();
    const goodSha = await head();
    const good = await deploy(repo, goodSha, [d('1')], ['in_progress']);
    writeFileSync(join(ws, 'deployed.txt'), `${d('1')}  app\n`);
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: emulator.url };
    const args = ['verify', '--mode', 'post-deploy', '--repository', `${owner}/${repo}`];
    const intact = await runCli([...args, '--deployment-id', String(good), '--deployed-digests', 'deployed.txt'], {
      cwd: ws,
      env,
    });
    expect(intact.stderr).toBe('');
    expect(intact.exitCode).toBe(0);
    expect(intact.stdout).toMatch(/VERIFIED {2}app/);
    await emulator.seed({ repos: [{ full_name: `${owner}/${repo}`, files: { 'app.txt': 'v2' } }] });
    const current = await deploy(repo, await head(), [d('3')], ['in_progress']);
    writeFileSync(join(ws, 'deployed.txt'), `${d('f')}  app\n`);
    const breach = await runCli(
      [...args, '--deployment-id', String(current), '--deployed-digests', 'deployed.txt', '--json'],
      { cwd: ws, env },
    );
    expect(breach.exitCode).toBe(1);
    expect(breach.stderr).toContain(`runs unverified ${d('f')} (app)`);
    expect(JSON.parse(breach.stdout)).toMatchObject({ outcome: 'rolled-back', rolledBackTo: { sha: goodSha } });
    emulator.assertNoViolations();
  });
});
