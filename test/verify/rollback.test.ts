import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import {
  CONFIRMED_DESCRIPTION,
  compareDigests,
  deploymentPayload,
  parseDigests,
  PAYLOAD_KEY,
  recordOf,
  rollbackOnMismatch,
  type DeploymentsClient,
} from '../../src/verify/rollback.ts';
import { startEmulator, type Emulator } from '../support/github-emulator/index.ts';

const d = (c: string): string => `sha256:${c.repeat(64)}`;

describe('digests', () => {
  it('parses the verify-signatures digests output and plain lists', () => {
    expect(parseDigests(`${d('a')}  dist/app.tgz\n${d('b')}  dist/lib.tgz\n\n${d('a')}  again`)).toEqual([
      d('a'),
      d('b'),
    ]);
    expect(parseDigests(`${d('c')},${d('d').toUpperCase()}`)).toEqual([d('c'), d('d')]);
    expect(() => parseDigests('latest')).toThrow(ConfigurationError);
    expect(() => parseDigests('sha256:abc  app')).toThrow("'sha256:abc' is not a digest");
  });

  it('compares deployed with verified', () => {
    expect(compareDigests([d('a'), d('e')], [d('a'), d('b')])).toEqual({ unexpected: [d('e')], missing: [d('b')] });
  });

  it('reads only verified records from payloads', () => {
    expect(recordOf(deploymentPayload([d('a')]))).toEqual({ verified: true, digests: [d('a')] });
    expect(recordOf(JSON.stringify(deploymentPayload([d('a')])))?.digests).toEqual([d('a')]);
    expect(recordOf({ [PAYLOAD_KEY]: { verified: false, digests: [d('a')] } })).toBeUndefined();
    expect(recordOf({ [PAYLOAD_KEY]: { verified: true, digests: ['nonsense'] } })).toBeUndefined();
    expect(recordOf('not json')).toBeUndefined();
  });

  it('reads the payload require-approval writes: tool and digests [{digest, path}]', () => {
    const approval = {
      tool: 'secure-deploy/require-approval',
      digests: [
        { digest: d('a'), path: 'dist/app.tgz' },
        { digest: d('B'), path: 'dist/lib.tgz' },
      ],
    };
    expect(recordOf(approval)).toEqual({ verified: true, digests: [d('a'), d('b')] });
    expect(recordOf(JSON.stringify(approval))?.digests).toHaveLength(2);
    expect(recordOf({ ...approval, tool: 'someone-else' })).toBeUndefined();
    expect(recordOf({ ...approval, digests: [] })).toBeUndefined();
    expect(recordOf({ ...approval, digests: [{ digest: 'latest', path: 'x' }] })).toBeUndefined();
    expect(recordOf({ ...approval, digests: [{ path: 'x' }] })).toBeUndefined();
  });
});

describe('rollbackOnMismatch against the GitHub emulator', () => {
  let emulator: Emulator;
  let octokit: Octokit;
  const owner = 'acme';
  const repo = 'app';
  const environment = 'production';

  beforeAll(async () => {
    emulator = await startEmulator();
    octokit = new Octokit({ baseUrl: emulator.url, auth: 'deploy-token' });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  async function head(): Promise<string> {
    const { data } = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    return data.object.sha;
  }

  /** `confirmed`: the success status a post-deploy check writes; `success`: one a deploy script writes. */
  async function deploy(
    ref: string,
    digests: string[],
    states: ('confirmed' | 'success' | 'failure')[],
  ): Promise<number> {
    const { data } = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref,
      environment,
      auto_merge: false,
      required_contexts: [],
      payload: deploymentPayload(digests),
    });
    if (!('id' in data)) throw new Error('no deployment created');
    for (const state of states) {
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: data.id,
        state: state === 'confirmed' ? 'success' : state,
        environment,
        ...(state === 'confirmed'
          ? { description: `${CONFIRMED_DESCRIPTION}: every running digest was verified` }
          : {}),
      });
    }
    return data.id;
  }

  async function statesOf(id: number): Promise<{ state: string; description: string | null }[]> {
    const { data } = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: id });
    return data.map((s) => ({ state: s.state, description: s.description ?? null }));
  }

  it('detects a wrong digest, marks the deployment failed and redeploys the last good ref', async () => {
    await emulator.reset();
    await emulator.seed({
      repos: [{ full_name: `${owner}/${repo}`, environments: [{ name: environment }], files: { 'app.txt': 'v1' } }],
    });
    const goodSha = await head();
    const good = await deploy(goodSha, [d('1')], ['confirmed']);
    // A later deployment that succeeded and was then found broken: not a rollback target.
    const broken = await deploy(goodSha, [d('2')], ['confirmed', 'failure']);
    // One a deploy script called successful, but whose running digests no check confirmed: neither.
    const unconfirmed = await deploy(goodSha, [d('4')], ['success']);
    // A new commit, deployed and verified with digest 3 — but something else is running.
    await emulator.seed({ repos: [{ full_name: `${owner}/${repo}`, files: { 'app.txt': 'v2' } }] });
    const newSha = await head();
    expect(newSha).not.toBe(goodSha);
    const current = await deploy(newSha, [d('3')], ['success']);
    expect((await statesOf(good))[0]?.state).toBe('inactive');

    const client: DeploymentsClient = octokit;
    const result = await rollbackOnMismatch(client, {
      owner,
      repo,
      environment,
      deploymentId: current,
      deployedDigests: parseDigests(`${d('e')}  registry.example/app`),
      verifiedDigests: [d('3')],
      logUrl: 'https://github.com/acme/app/actions/runs/42',
    });

    expect(result.outcome).toBe('rolled-back');
    expect(result.unexpected).toEqual([d('e')]);
    expect(result.missing).toEqual([d('3')]);
    expect(result.skipped).toEqual([
      { deploymentId: unconfirmed, reason: 'no post-deploy check confirmed that what it ran was what was verified' },
      { deploymentId: broken, reason: 'its last status is failure' },
    ]);
    expect(result.rolledBackTo).toMatchObject({ deploymentId: good, sha: goodSha, digests: [d('1')] });
    expect(result.message).toContain(`deployment ${current} runs unverified digests ${d('e')}`);

    // The breached deployment is marked failed, naming the digest.
    const currentStates = await statesOf(current);
    expect(currentStates[0]?.state).toBe('failure');
    expect(currentStates[0]?.description).toContain(`Integrity breach: running unverified ${d('e').slice(0, 19)}`);

    // A new deployment of the last good commit, with its verified digests in the payload.
    const newId = result.rolledBackTo?.newDeploymentId as number;
    const { data: rollback } = await octokit.rest.repos.getDeployment({ owner, repo, deployment_id: newId });
    expect(rollback.sha).toBe(goodSha);
    expect(rollback.environment).toBe(environment);
    expect(recordOf(rollback.payload)?.digests).toEqual([d('1')]);
    expect(rollback.payload).toMatchObject({ [PAYLOAD_KEY]: { 'rollback-of': current, 'restored-from': good } });
    emulator.assertNoViolations();
  });

  it('marks an intact deployment successful, saying its integrity was confirmed', async () => {
    await emulator.reset();
    await emulator.seed({
      repos: [{ full_name: `${owner}/${repo}`, environments: [{ name: environment }], files: { a: '1' } }],
    });
    const current = await deploy(await head(), [d('3')], ['success']);
    const result = await rollbackOnMismatch(octokit, {
      owner,
      repo,
      environment,
      deploymentId: current,
      deployedDigests: [d('3')],
      verifiedDigests: [d('3')],
    });
    expect(result.outcome).toBe('intact');
    const [latest] = await statesOf(current);
    expect(latest?.state).toBe('success');
    expect(latest?.description).toBe(`${CONFIRMED_DESCRIPTION}: every running digest was verified`);
  });

  it('marks the deployment failed and says so when there is nothing good to roll back to', async () => {
    await emulator.reset();
    await emulator.seed({
      repos: [{ full_name: `${owner}/${repo}`, environments: [{ name: environment }], files: { a: '1' } }],
    });
    const sha = await head();
    // An earlier deployment without verified digests in its payload.
    const { data } = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: sha,
      environment,
      required_contexts: [],
      payload: {},
    });
    if (!('id' in data)) throw new Error('no deployment');
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: data.id,
      state: 'success',
      description: CONFIRMED_DESCRIPTION,
    });
    const current = await deploy(sha, [d('3')], ['success']);
    const result = await rollbackOnMismatch(octokit, {
      owner,
      repo,
      environment,
      deploymentId: current,
      deployedDigests: [d('9')],
      verifiedDigests: [d('3')],
    });
    expect(result.outcome).toBe('no-rollback-target');
    expect(result.skipped).toEqual([{ deploymentId: data.id, reason: 'its payload records no verified digests' }]);
    expect(result.message).toContain('no earlier successful deployment with verified digests was found in production');
    expect((await statesOf(current))[0]?.state).toBe('failure');
  });

  it('fails closed without deployed digests and reports API failures', async () => {
    await expect(
      rollbackOnMismatch(octokit, {
        owner,
        repo,
        environment,
        deploymentId: 1,
        deployedDigests: [],
        verifiedDigests: [d('3')],
      }),
    ).rejects.toThrow('no deployed digests were reported');
    await expect(
      rollbackOnMismatch(octokit, {
        owner,
        repo,
        environment,
        deploymentId: 999999,
        deployedDigests: [d('9')],
        verifiedDigests: [d('3')],
      }),
    ).rejects.toThrow(/could not mark the deployment failed \(HTTP 404\)/);
  });
});
