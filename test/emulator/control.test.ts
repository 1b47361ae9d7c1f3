import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { sealSecret, startEmulator, type RequestLogEntry, type Violation } from '../support/github-emulator/index.ts';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/_emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined;
  return res.json();
}

describe('control API over HTTP', () => {
  it('seeds, reads decrypted secrets, injects faults, logs requests and violations, resets', async () => {
    const emulator = await startEmulator();
    try {
      const url = emulator.url;
      await control(url, 'POST', 'seed', {
        repos: [{ full_name: 'acme/app', secrets: [{ name: 'OLD', value: 'v1', created_at: '2024-01-01T00:00:00Z' }] }],
      });
      const octokit = new Octokit({ auth: 't', baseUrl: url, log: quiet });
      const { data: key } = await octokit.rest.actions.getRepoPublicKey({ owner: 'acme', repo: 'app' });
      await octokit.rest.actions.createOrUpdateRepoSecret({
        owner: 'acme',
        repo: 'app',
        secret_name: 'NEW',
        encrypted_value: await sealSecret(key.key, 'v2'),
        key_id: key.key_id,
      });
      const secrets = (await control(url, 'GET', 'secrets')) as {
        repos: Record<string, { actions: Record<string, { value: string; created_at: string }> }>;
      };
      expect(secrets.repos['acme/app']?.actions.OLD).toMatchObject({ value: 'v1', created_at: '2024-01-01T00:00:00Z' });
      expect(secrets.repos['acme/app']?.actions.NEW?.value).toBe('v2');

      expect(
        await control(url, 'POST', 'faults', { kind: 'status', status: 502, route: '/repos/{owner}/{repo}' }),
      ).toEqual({
        ids: [expect.any(Number) as unknown],
      });
      await expect(octokit.rest.repos.get({ owner: 'acme', repo: 'app' })).rejects.toMatchObject({ status: 502 });
      expect((await octokit.rest.repos.get({ owner: 'acme', repo: 'app' })).status).toBe(200);

      await fetch(`${url}/repos/acme/app/deployments`, {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: JSON.stringify({ environment: 'production' }),
      });
      const log = (await control(url, 'GET', 'requests')) as RequestLogEntry[];
      expect(log.map((r) => `${r.method} ${r.status}`)).toEqual([
        'GET 200',
        'PUT 201',
        'GET 502',
        'GET 200',
        'POST 422',
      ]);
      expect(log[1]?.operation).toBe('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}');
      expect(log[2]?.fault).toMatch(/^status#/);
      const violations = (await control(url, 'GET', 'violations')) as Violation[];
      expect(violations).toHaveLength(1);
      expect(violations[0]?.errors.join()).toContain("must have required property 'ref'");

      expect(await control(url, 'POST', 'settings', { latencyMs: 5 })).toEqual({ latencyMs: 5 });
      await control(url, 'POST', 'reset');
      expect(await control(url, 'GET', 'requests')).toEqual([]);
      await expect(octokit.rest.repos.get({ owner: 'acme', repo: 'app' })).rejects.toMatchObject({ status: 404 });
    } finally {
      await emulator.close();
    }
  });

  it('runs from the command line and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['test/support/github-emulator/cli.ts', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const m = /GitHub API emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`emulator exited: ${out}`)));
    });
    const res = await fetch(`${url}/rate_limit`, { headers: { authorization: 'token x' } });
    expect(res.status).toBe(200);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });
});

describe('held requests', () => {
  it("'after' applies the change but withholds the answer; close() drops held requests", async () => {
    const emulator = await startEmulator();
    await emulator.seed({ repos: ['acme/app'] });
    const octokit = new Octokit({ auth: 't', baseUrl: emulator.url, log: quiet, request: { retries: 0 } });
    await emulator.addFault({ kind: 'hold', when: 'after', method: 'POST', route: '/repos/{owner}/{repo}/issues' });
    await emulator.addFault({ kind: 'hold', method: 'POST', route: '/repos/{owner}/{repo}/labels' });
    const issue = octokit.rest.issues.create({ owner: 'acme', repo: 'app', title: 'half done' });
    const label = octokit.rest.issues.createLabel({ owner: 'acme', repo: 'app', name: 'never' });
    const settled = Promise.allSettled([issue, label]);
    await emulator.waitForHeld(2);
    expect(emulator.heldCount()).toBe(2);
    const state = (await emulator.state()) as {
      repos: Record<string, { issues: { title: string }[]; labels: Record<string, unknown> }>;
    };
    expect(state.repos['acme/app']?.issues.map((i) => i.title)).toEqual(['half done']);
    await emulator.close();
    const results = await settled;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(Object.keys(state.repos['acme/app']?.labels ?? {})).toEqual([]);
  });
});

describe('more endpoint behaviour', () => {
  it('reviews pending deployments (prevent_self_review) and serves raw file contents', async () => {
    const emulator = await startEmulator();
    try {
      await emulator.seed({
        users: [{ login: 'alice' }, { login: 'bob' }],
        tokens: [
          { token: 'alice-token', login: 'alice' },
          { token: 'bob-token', login: 'bob' },
        ],
        repos: [
          {
            full_name: 'acme/app',
            files: { 'deploy/config.yml': 'level: 3\n' },
            environments: [
              { name: 'production', prevent_self_review: true, reviewers: [{ type: 'User', login: 'bob' }] },
            ],
            runs: [{ id: 7, actor: 'alice', status: 'waiting', pending_deployments: [{ environment: 'production' }] }],
          },
        ],
      });
      const as = (token: string): Octokit => new Octokit({ auth: token, baseUrl: emulator.url, log: quiet });
      const envId = (
        await as('bob-token').rest.repos.getEnvironment({ owner: 'acme', repo: 'app', environment_name: 'production' })
      ).data.id;
      const review = {
        owner: 'acme',
        repo: 'app',
        run_id: 7,
        environment_ids: [envId],
        state: 'approved' as const,
        comment: 'ok',
      };
      await expect(as('alice-token').rest.actions.reviewPendingDeploymentsForRun(review)).rejects.toMatchObject({
        status: 422,
      });
      const { data: deployments } = await as('bob-token').rest.actions.reviewPendingDeploymentsForRun(review);
      expect(deployments.map((d) => d.environment)).toEqual(['production']);
      const { data: approvals } = await as('bob-token').rest.actions.getReviewsForRun({
        owner: 'acme',
        repo: 'app',
        run_id: 7,
      });
      expect(approvals.map((a) => [a.user.login, a.state])).toEqual([['bob', 'approved']]);
      expect(
        (await as('bob-token').rest.actions.getWorkflowRun({ owner: 'acme', repo: 'app', run_id: 7 })).data.status,
      ).toBe('in_progress');

      const raw = await as('bob-token').rest.repos.getContent({
        owner: 'acme',
        repo: 'app',
        path: 'deploy/config.yml',
        mediaType: { format: 'raw' },
      });
      expect(raw.data as unknown).toBe('level: 3\n');
      emulator.assertNoViolations();
    } finally {
      await emulator.close();
    }
  });
});

describe('concurrency stats', () => {
  it('counts API requests in flight and the peak since the log was cleared', async () => {
    const emulator = await startEmulator({ latencyMs: 100 });
    try {
      await emulator.seed({ repos: ['acme/app'] });
      const gh = new Octokit({ baseUrl: emulator.url, auth: 't' });
      await Promise.all(
        Array.from({ length: 5 }, () => gh.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'app' })),
      );
      expect(await emulator.stats()).toEqual({ inFlight: 0, peakInFlight: 5 });
      const res = await fetch(`${emulator.url}/_emulator/stats`);
      expect(await res.json()).toEqual({ inFlight: 0, peakInFlight: 5 });
      await emulator.clearRequests();
      await gh.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'app' });
      await gh.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'app' });
      expect((await emulator.stats()).peakInFlight).toBe(1);
    } finally {
      await emulator.close();
    }
  });
});
