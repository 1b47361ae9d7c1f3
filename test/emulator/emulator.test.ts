import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import sodium from 'libsodium-wrappers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, VIOLATION_PREFIX, type Emulator } from '../support/github-emulator/index.ts';
import { getSpec } from '../support/github-emulator/openapi.ts';

let emulator: Emulator;

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function client(token = 'test-token'): Octokit {
  return new Octokit({ auth: token, baseUrl: emulator.url, log: quiet });
}

async function raw(method: string, path: string, body?: unknown, token = 'test-token'): Promise<Response> {
  return fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function seal(publicKey: string, value: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL);
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key), sodium.base64_variants.ORIGINAL);
}

/** `GET /orgs/{org}/audit-log` is GitHub Enterprise Cloud only, so Octokit has no types for it. */
function actions(data: unknown): string[] {
  return (data as { action: string }[]).map((e) => e.action);
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number'
    ? (error as { status: number }).status
    : undefined;
}

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  await emulator.reset();
  await emulator.seed({
    users: [{ login: 'alice' }, { login: 'bob' }],
    orgs: [{ login: 'acme', teams: [{ slug: 'ops', name: 'Ops', members: ['alice', 'bob'] }] }],
    repos: [
      {
        full_name: 'acme/app',
        files: { '.github/workflows/deploy.yml': 'name: Deploy\non: push\n', 'README.md': 'hello\n' },
        environments: [
          {
            name: 'production',
            wait_timer: 5,
            prevent_self_review: true,
            reviewers: [
              { type: 'User', login: 'alice' },
              { type: 'Team', slug: 'ops' },
            ],
            branch_policies: ['main', { name: 'v*', type: 'tag' }],
            secrets: [
              {
                name: 'DEPLOY_KEY',
                value: 'old',
                created_at: '2025-01-01T00:00:00Z',
                updated_at: '2025-02-01T00:00:00Z',
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('OpenAPI validation', () => {
  it('rejects a body the description does not allow, with the schema error, and records it', async () => {
    const res = await raw('PUT', '/repos/acme/app/environments/production', { wait_timer: 'soon' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { message: string };
    expect(body.message.startsWith(VIOLATION_PREFIX)).toBe(true);
    expect(body.message).toContain('body/wait_timer must be integer');
    const violations = await emulator.violations();
    expect(violations).toHaveLength(1);
    expect(violations[0]?.kind).toBe('request');
    expect(violations[0]?.operation).toBe('PUT /repos/{owner}/{repo}/environments/{environment_name}');
    expect(() => emulator.assertNoViolations()).toThrow(/body\/wait_timer must be integer/);
    // Sent on purpose: cleared so that the after-each check (test/support/setup.ts) does not fail this test.
    await emulator.clearViolations();
  });

  it('rejects a query parameter of the wrong type and a missing required body field', async () => {
    const q = await raw('GET', '/orgs/acme/repos?per_page=lots');
    expect(q.status).toBe(400);
    expect(((await q.json()) as { message: string }).message).toMatch(/query\/per_page must be integer/);

    const e = await raw('GET', '/orgs/acme/repos?type=everything');
    expect(e.status).toBe(400);
    expect(((await e.json()) as { message: string }).message).toMatch(
      /query\/type must be equal to one of the allowed values/,
    );

    await expect(
      client().request('POST /repos/{owner}/{repo}/deployments', { owner: 'acme', repo: 'app' } as never),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("must have required property 'ref'") as unknown,
    });
    expect((await emulator.violations()).map((v) => v.kind)).toEqual(['request', 'request', 'request']);
    // Sent on purpose: cleared so that the after-each check (test/support/setup.ts) does not fail this test.
    await emulator.clearViolations();
  });

  it('answers 401 without a token and 404 for unknown routes', async () => {
    const noAuth = await fetch(`${emulator.url}/repos/acme/app`);
    expect(noAuth.status).toBe(401);
    const unknown = await raw('GET', '/repos/acme/app/pulls');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ message: 'Not Found' });
    expect((await raw('GET', '/no/such/thing')).status).toBe(404);
    const violations = await emulator.violations();
    expect(violations.map((v) => [v.kind, v.operation])).toEqual([
      ['unrouted', 'GET /repos/{owner}/{repo}/pulls'],
      ['unrouted', ''],
    ]);
    expect(violations[0]?.message).toContain('does not emulate it');
    // Sent on purpose: cleared so that the after-each check (test/support/setup.ts) does not fail this test.
    await emulator.clearViolations();
  });

  it('routes only operations that exist in the description', () => {
    const routes = emulator.server.routeList();
    expect(routes.length).toBeGreaterThan(80);
    for (const r of routes) {
      const spec = getSpec(r.spec === 'ghec' ? 'ghec' : 'api.github.com');
      expect(spec.hasOperation(r.method, r.template), `${r.method} ${r.template}`).toBe(true);
    }
  });
});

describe('secrets', () => {
  it('decrypts a sealed repository secret; wrong key_id or unopenable value → 422', async () => {
    const octokit = client();
    const { data: key } = await octokit.rest.actions.getRepoPublicKey({ owner: 'acme', repo: 'app' });
    expect(Buffer.from(key.key, 'base64')).toHaveLength(32);

    const created = await octokit.rest.actions.createOrUpdateRepoSecret({
      owner: 'acme',
      repo: 'app',
      secret_name: 'npm_token',
      encrypted_value: await seal(key.key, 'hunter2'),
      key_id: key.key_id,
    });
    expect(created.status).toBe(201);
    const updated = await octokit.rest.actions.createOrUpdateRepoSecret({
      owner: 'acme',
      repo: 'app',
      secret_name: 'NPM_TOKEN',
      encrypted_value: await seal(key.key, 'hunter3'),
      key_id: key.key_id,
    });
    expect(updated.status).toBe(204);
    expect((await emulator.secrets()).repos['acme/app']?.actions.NPM_TOKEN?.value).toBe('hunter3');

    await expect(
      octokit.rest.actions.createOrUpdateRepoSecret({
        owner: 'acme',
        repo: 'app',
        secret_name: 'NPM_TOKEN',
        encrypted_value: await seal(key.key, 'x'),
        key_id: '123',
      }),
    ).rejects.toMatchObject({ status: 422 });
    const other = sodium.crypto_box_keypair();
    await expect(
      octokit.rest.actions.createOrUpdateRepoSecret({
        owner: 'acme',
        repo: 'app',
        secret_name: 'NPM_TOKEN',
        encrypted_value: await seal(sodium.to_base64(other.publicKey, sodium.base64_variants.ORIGINAL), 'x'),
        key_id: key.key_id,
      }),
    ).rejects.toMatchObject({ status: 422 });

    const { data: list } = await octokit.rest.actions.listRepoSecrets({ owner: 'acme', repo: 'app' });
    expect(list.secrets.map((s) => s.name)).toEqual(['NPM_TOKEN']);
    // The request log keeps the ciphertext as sent.
    const puts = (await emulator.requests()).filter((r) => r.method === 'PUT');
    expect(JSON.stringify(puts[0]?.body)).not.toContain('hunter2');
    emulator.assertNoViolations();
  });

  it('rotates an environment secret and keeps created_at', async () => {
    const octokit = client();
    const { data: key } = await octokit.rest.actions.getEnvironmentPublicKey({
      owner: 'acme',
      repo: 'app',
      environment_name: 'production',
    });
    const res = await octokit.rest.actions.createOrUpdateEnvironmentSecret({
      owner: 'acme',
      repo: 'app',
      environment_name: 'production',
      secret_name: 'DEPLOY_KEY',
      encrypted_value: await seal(key.key, 'new'),
      key_id: key.key_id,
    });
    expect(res.status).toBe(204);
    const { data } = await octokit.rest.actions.getEnvironmentSecret({
      owner: 'acme',
      repo: 'app',
      environment_name: 'production',
      secret_name: 'DEPLOY_KEY',
    });
    expect(data.created_at).toBe('2025-01-01T00:00:00Z');
    expect(data.updated_at).not.toBe('2025-02-01T00:00:00Z');
    expect((await emulator.secrets()).repos['acme/app']?.environments.production?.DEPLOY_KEY?.value).toBe('new');
    emulator.assertNoViolations();
  });

  it('handles organization secrets with selected repositories and Dependabot secrets', async () => {
    const octokit = client();
    const { data: key } = await octokit.rest.actions.getOrgPublicKey({ org: 'acme' });
    const repoId = (await octokit.rest.repos.get({ owner: 'acme', repo: 'app' })).data.id;
    await octokit.rest.actions.createOrUpdateOrgSecret({
      org: 'acme',
      secret_name: 'ORG_TOKEN',
      encrypted_value: await seal(key.key, 'org-value'),
      key_id: key.key_id,
      visibility: 'selected',
      selected_repository_ids: [repoId],
    });
    const { data: secret } = await octokit.rest.actions.getOrgSecret({ org: 'acme', secret_name: 'ORG_TOKEN' });
    expect(secret.visibility).toBe('selected');
    const { data: repos } = await octokit.rest.actions.listSelectedReposForOrgSecret({
      org: 'acme',
      secret_name: 'ORG_TOKEN',
    });
    expect(repos.repositories.map((r) => r.full_name)).toEqual(['acme/app']);

    const { data: dkey } = await octokit.rest.dependabot.getRepoPublicKey({ owner: 'acme', repo: 'app' });
    const d = await octokit.rest.dependabot.createOrUpdateRepoSecret({
      owner: 'acme',
      repo: 'app',
      secret_name: 'REGISTRY',
      encrypted_value: await seal(dkey.key, 'dep'),
      key_id: dkey.key_id,
    });
    expect(d.status).toBe(201);
    const all = await emulator.secrets();
    expect(all.orgs.acme?.ORG_TOKEN?.value).toBe('org-value');
    expect(all.repos['acme/app']?.dependabot.REGISTRY?.value).toBe('dep');
    await octokit.rest.actions.deleteOrgSecret({ org: 'acme', secret_name: 'ORG_TOKEN' });
    expect((await emulator.secrets()).orgs.acme).toEqual({});
    emulator.assertNoViolations();
  });
});

describe('faults', () => {
  const Resilient = Octokit.plugin(retry, throttling);
  function resilient(onSecondary: () => void): InstanceType<typeof Resilient> {
    return new Resilient({
      auth: 'test-token',
      baseUrl: emulator.url,
      log: quiet,
      retry: { retryAfterBaseValue: 10 },
      throttle: {
        retryAfterBaseValue: 10,
        onRateLimit: () => true,
        onSecondaryRateLimit: () => {
          onSecondary();
          return true;
        },
      },
    });
  }

  it('recovers from a secondary rate limit and from a 500', async () => {
    let secondary = 0;
    const octokit = resilient(() => (secondary += 1));
    await emulator.addFault({ route: '/repos/{owner}/{repo}', kind: 'secondary-rate-limit', retryAfter: 1 });
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'app' });
    expect(data.full_name).toBe('acme/app');
    expect(secondary).toBe(1);

    await emulator.addFault({ method: 'GET', pathPattern: '/environments$', kind: 'status', status: 500 });
    const envs = await octokit.rest.repos.getAllEnvironments({ owner: 'acme', repo: 'app' });
    expect(envs.data.total_count).toBe(1);

    await emulator.addFault({ route: '/repos/acme/app', kind: 'rate-limit', retryAfter: 1 });
    expect((await octokit.rest.repos.get({ owner: 'acme', repo: 'app' })).status).toBe(200);

    const statuses = (await emulator.requests()).map((r) => r.status);
    expect(statuses).toEqual([403, 200, 500, 200, 429, 200]);
    emulator.assertNoViolations();
  });

  it('holds a request until released', async () => {
    await emulator.addFault({ route: '/repos/{owner}/{repo}/deployments', method: 'POST', kind: 'hold' });
    const pending = client().rest.repos.createDeployment({
      owner: 'acme',
      repo: 'app',
      ref: 'main',
      environment: 'production',
    });
    await emulator.waitForHeld(1);
    expect(emulator.heldCount()).toBe(1);
    // Not processed while held.
    expect((await client().rest.repos.listDeployments({ owner: 'acme', repo: 'app' })).data).toHaveLength(0);
    expect(await emulator.release()).toBe(1);
    const { status } = await pending;
    expect(status).toBe(201);
    expect((await client().rest.repos.listDeployments({ owner: 'acme', repo: 'app' })).data).toHaveLength(1);
  });

  it('applies added latency', async () => {
    await emulator.addFault({ kind: 'latency', latencyMs: 150, route: '/rate_limit' });
    const t0 = Date.now();
    await client().rest.rateLimit.get();
    // A lower bound only (a delay can only grow under load); no upper bound on elapsed time.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect((await emulator.requests()).at(-1)?.fault).toMatch(/^latency#/);
  });
});

describe('git data and contents', () => {
  it('refuses a stale ref update (not a fast forward) and a stale contents sha', async () => {
    const octokit = client();
    const { data: ref } = await octokit.rest.git.getRef({ owner: 'acme', repo: 'app', ref: 'heads/main' });
    const base = ref.object.sha;
    const { data: baseCommit } = await octokit.rest.git.getCommit({ owner: 'acme', repo: 'app', commit_sha: base });

    const commitWith = async (content: string): Promise<string> => {
      const { data: blob } = await octokit.rest.git.createBlob({
        owner: 'acme',
        repo: 'app',
        content: Buffer.from(content).toString('base64'),
        encoding: 'base64',
      });
      const { data: tree } = await octokit.rest.git.createTree({
        owner: 'acme',
        repo: 'app',
        base_tree: baseCommit.tree.sha,
        tree: [{ path: 'audit/log.json', mode: '100644', type: 'blob', sha: blob.sha }],
      });
      const { data: commit } = await octokit.rest.git.createCommit({
        owner: 'acme',
        repo: 'app',
        message: `write ${content}`,
        tree: tree.sha,
        parents: [base],
      });
      return commit.sha;
    };
    // Two writers start from the same base and race: exactly one wins, the other is refused.
    const [first, second] = await Promise.all([commitWith('a'), commitWith('b')]);
    const results = await Promise.allSettled([
      octokit.rest.git.updateRef({ owner: 'acme', repo: 'app', ref: 'heads/main', sha: first }),
      octokit.rest.git.updateRef({ owner: 'acme', repo: 'app', ref: 'heads/main', sha: second }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.reason).toMatchObject({
      status: 422,
      message: expect.stringContaining('Update is not a fast forward') as unknown,
    });
    const winner = results[0]?.status === 'fulfilled' ? 'a' : 'b';
    // A forced update is allowed.
    const loserSha = winner === 'a' ? second : first;
    await octokit.rest.git.updateRef({ owner: 'acme', repo: 'app', ref: 'heads/main', sha: loserSha, force: true });
    await octokit.rest.git.updateRef({
      owner: 'acme',
      repo: 'app',
      ref: 'heads/main',
      sha: winner === 'a' ? first : second,
      force: true,
    });

    const { data: file } = await octokit.rest.repos.getContent({ owner: 'acme', repo: 'app', path: 'audit/log.json' });
    expect(Array.isArray(file)).toBe(false);
    if (Array.isArray(file) || file.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(file.content, 'base64').toString()).toBe(winner);
    const { data: blob } = await octokit.rest.git.getBlob({ owner: 'acme', repo: 'app', file_sha: file.sha });
    expect(blob.sha).toBe(file.sha);

    const put = await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'app',
      path: 'audit/log.json',
      message: 'append',
      content: Buffer.from('ab').toString('base64'),
      sha: file.sha,
    });
    expect(put.status).toBe(200);
    await expect(
      octokit.rest.repos.createOrUpdateFileContents({
        owner: 'acme',
        repo: 'app',
        path: 'audit/log.json',
        message: 'stale',
        content: Buffer.from('ac').toString('base64'),
        sha: file.sha,
      }),
    ).rejects.toMatchObject({ status: 409 });
    const { data: tree } = await octokit.rest.git.getTree({
      owner: 'acme',
      repo: 'app',
      tree_sha: 'main',
      recursive: 'true',
    });
    expect(tree.tree.map((e) => e.path)).toContain('audit/log.json');
    emulator.assertNoViolations();
  });
});

describe('lists and permissions', () => {
  it('paginates 250 organization repositories with Link headers', async () => {
    await emulator.seed({ repos: Array.from({ length: 249 }, (_, i) => `acme/repo-${String(i).padStart(3, '0')}`) });
    const octokit = client();
    const first = await octokit.rest.repos.listForOrg({ org: 'acme', per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('page=3');
    const all = await octokit.paginate(octokit.rest.repos.listForOrg, { org: 'acme', per_page: 100 });
    expect(all).toHaveLength(250);
    expect(new Set(all.map((r) => r.full_name)).size).toBe(250);
    emulator.assertNoViolations();
  });

  it('gives a permission-limited token 403 with x-accepted-github-permissions', async () => {
    await emulator.seed({
      tokens: [
        {
          token: 'limited',
          login: 'deployer',
          permissions: { secrets: 'read', environments: 'read', actions: 'read' },
        },
      ],
    });
    const octokit = client('limited');
    expect((await octokit.rest.actions.listRepoSecrets({ owner: 'acme', repo: 'app' })).status).toBe(200);
    const { data: key } = await octokit.rest.actions.getRepoPublicKey({ owner: 'acme', repo: 'app' });
    try {
      await octokit.rest.actions.createOrUpdateRepoSecret({
        owner: 'acme',
        repo: 'app',
        secret_name: 'X',
        encrypted_value: await seal(key.key, 'v'),
        key_id: key.key_id,
      });
      expect.unreachable('should be refused');
    } catch (error) {
      expect(statusOf(error)).toBe(403);
      const e = error as { message: string; response?: { headers: Record<string, string> } };
      expect(e.message).toContain('Resource not accessible by integration');
      expect(e.response?.headers['x-accepted-github-permissions']).toBe('secrets=write');
    }
    const envKey = await octokit.rest.actions.getEnvironmentPublicKey({
      owner: 'acme',
      repo: 'app',
      environment_name: 'production',
    });
    const refused = await octokit.rest.actions
      .createOrUpdateEnvironmentSecret({
        owner: 'acme',
        repo: 'app',
        environment_name: 'production',
        secret_name: 'DEPLOY_KEY',
        encrypted_value: await seal(envKey.data.key, 'v'),
        key_id: envKey.data.key_id,
      })
      .then(
        () => undefined,
        (error: unknown) => error as { status: number; response?: { headers: Record<string, string> } },
      );
    expect(refused?.status).toBe(403);
    expect(refused?.response?.headers['x-accepted-github-permissions']).toBe('environments=write');
    await expect(octokit.rest.issues.create({ owner: 'acme', repo: 'app', title: 't' })).rejects.toMatchObject({
      status: 403,
    });
    emulator.assertNoViolations();
  });
});

describe('audit log (ghec.json)', () => {
  it('filters, orders and pages events, validated against ghec.json', async () => {
    // Within the three months GitHub returns without a `created:` qualifier (fact audit-log-three-month-default).
    const start = new Date();
    start.setUTCHours(10, 0, 0, 0);
    const day = (n: number): string => new Date(start.getTime() - (30 - n) * 86_400_000).toISOString();
    await emulator.seed({
      orgs: [
        {
          login: 'acme',
          audit_log: [
            { action: 'secret.create', actor: 'alice', '@timestamp': day(0), repo: 'acme/app' },
            { action: 'secret.update', actor: 'bob', '@timestamp': day(1), repo: 'acme/app' },
            { action: 'environment.update', actor: 'alice', '@timestamp': day(2) },
            { action: 'git.push', actor: 'alice', '@timestamp': day(3) },
          ],
        },
      ],
    });
    const octokit = client();
    const first = await octokit.request('GET /orgs/{org}/audit-log', {
      org: 'acme',
      phrase: 'action:secret',
      per_page: 1,
    });
    expect(actions(first.data)).toEqual(['secret.update']);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.link ?? '')?.[1];
    expect(next).toBeDefined();
    const second = await octokit.request(`GET ${next ?? ''}`);
    expect(actions(second.data)).toEqual(['secret.create']);

    const asc = await octokit.request('GET /orgs/{org}/audit-log', { org: 'acme', include: 'all', order: 'asc' });
    expect(actions(asc.data)).toEqual(['secret.create', 'secret.update', 'environment.update', 'git.push']);
    const byActor = await octokit.request('GET /orgs/{org}/audit-log', {
      org: 'acme',
      phrase: `actor:alice created:>=${day(1).slice(0, 10)}`,
    });
    expect(actions(byActor.data)).toEqual(['environment.update']);
    emulator.assertNoViolations();

    const bad = await raw('GET', '/orgs/acme/audit-log?include=everything');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain(
      'query/include must be equal to one of the allowed values',
    );

    // A seeded event that does not match ghec.json's audit-log-event is an emulator (seed) bug.
    await emulator.clearViolations();
    await emulator.seed({ audit_log: [{ org: 'acme', action: 'repo.create', actor_id: 'not-a-number' }] });
    await octokit.request('GET /orgs/{org}/audit-log', { org: 'acme' });
    const violations = await emulator.violations();
    expect(violations[0]?.kind).toBe('response');
    expect(violations[0]?.message).toContain('actor_id must be integer');
    // Sent on purpose: cleared so that the after-each check (test/support/setup.ts) does not fail this test.
    await emulator.clearViolations();
  });
});
