/**
 * The emulator refuses what GitHub would never send: each strictness rule, shown with a handler
 * deliberately broken through the `overrideHandler` test hook (its answer is validated like any
 * other) or with a request GitHub's description does not allow. The checks run in the emulator;
 * `checkLiveEmulators()` is what test/support/setup.ts runs after every test, so a violation it
 * throws for here is one that fails whichever test caused it.
 */
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { githubFacts } from '../support/github-emulator/github-facts.ts';
import { checkLinkHeader, checkRateLimitHeaders } from '../support/github-emulator/headers.ts';
import { checkLiveEmulators, startEmulator, type Emulator } from '../support/github-emulator/index.ts';
import { getSpec, UnresolvedRefError } from '../support/github-emulator/openapi.ts';
import type { Result } from '../support/github-emulator/routes.ts';

let emulator: Emulator;

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function client(): Octokit {
  return new Octokit({ auth: 'test-token', baseUrl: emulator.url, log: quiet, request: { retries: 0 } });
}

async function raw(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: 'token test-token', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The violations recorded since the last check, as `setup.ts` would report them (and cleared). */
function failureOfTheTest(): string {
  try {
    checkLiveEmulators();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

function withBody(result: Result, edit: (body: Record<string, unknown>) => void): Result {
  const body = structuredClone(result.body) as Record<string, unknown>;
  edit(body);
  return { ...result, body };
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
    clock: '2026-03-01T00:00:00Z',
    repos: [
      {
        full_name: 'acme/app',
        secrets: [
          { name: 'DB_PASSWORD', value: 'x', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-02-01T00:00:00Z' },
        ],
        files: { 'README.md': 'hello\n' },
      },
    ],
  });
});

describe('a handler that omits a required field fails the test', () => {
  it('a secret listed without updated_at is a response violation, sent as is (nothing filled in)', async () => {
    emulator.server.overrideHandler('GET', '/repos/{owner}/{repo}/actions/secrets', (ctx, original) =>
      withBody(original(ctx), (body) => {
        for (const secret of body.secrets as Record<string, unknown>[]) delete secret.updated_at;
      }),
    );
    const { data } = await client().rest.actions.listRepoSecrets({ owner: 'acme', repo: 'app' });
    expect(data.secrets[0]?.name).toBe('DB_PASSWORD');
    expect(data.secrets[0]).not.toHaveProperty('updated_at');
    const failure = failureOfTheTest();
    expect(failure).toContain('GET /repos/{owner}/{repo}/actions/secrets → 200');
    expect(failure).toContain("response/secrets/0 must have required property 'updated_at'");
    // The same request with the emulator's own handler passes.
    await emulator.reset();
    await emulator.seed({ repos: [{ full_name: 'acme/app', secrets: [{ name: 'A', value: 'x' }] }] });
    await client().rest.actions.listRepoSecrets({ owner: 'acme', repo: 'app' });
    expect(failureOfTheTest()).toBe('');
  });

  it('a deployment status without state is not sent as "error": it fails', async () => {
    const gh = client();
    const { data: deployment } = await gh.rest.repos.createDeployment({
      owner: 'acme',
      repo: 'app',
      ref: 'main',
      required_contexts: [],
    });
    const id = (deployment as { id: number }).id;
    emulator.server.overrideHandler(
      'POST',
      '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      (ctx, original) =>
        withBody(original(ctx), (body) => {
          delete body.state;
        }),
    );
    const { data } = await gh.rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo: 'app',
      deployment_id: id,
      state: 'success',
    });
    expect(data).not.toHaveProperty('state');
    expect(failureOfTheTest()).toContain("response must have required property 'state'");
  });
});

describe('status codes', () => {
  it('an undeclared status is a violation; a status a fact declares is not', async () => {
    emulator.server.overrideHandler('GET', '/repos/{owner}/{repo}', () => ({
      status: 409,
      body: { message: 'Conflict', documentation_url: 'https://docs.github.com/rest', status: '409' },
    }));
    await expect(client().rest.repos.get({ owner: 'acme', repo: 'app' })).rejects.toMatchObject({ status: 409 });
    expect(failureOfTheTest()).toContain('status 409 is not declared (declared: 200, 301, 403, 404)');

    // 404 for a missing repository is declared by the description; for a missing secret only by
    // the fact 'not-found-everywhere'.
    expect(githubFacts.some((f) => f.id === 'not-found-everywhere')).toBe(true);
    await expect(
      client().rest.actions.getRepoSecret({ owner: 'acme', repo: 'app', secret_name: 'NOPE' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(failureOfTheTest()).toBe('');
  });
});

describe('statuses GitHub sends that only a fact declares', () => {
  it('409 for an existing variable, 422 for a badly sealed secret and for a foreign audit-log cursor', async () => {
    const gh = client();
    await gh.rest.actions.createRepoVariable({ owner: 'acme', repo: 'app', name: 'LEVEL', value: '1' });
    await expect(
      gh.rest.actions.createRepoVariable({ owner: 'acme', repo: 'app', name: 'LEVEL', value: '2' }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      gh.rest.actions.createOrUpdateRepoSecret({
        owner: 'acme',
        repo: 'app',
        secret_name: 'X',
        encrypted_value: Buffer.from('not sealed').toString('base64'),
        key_id: 'not-the-key',
      }),
    ).rejects.toMatchObject({ status: 422 });
    await emulator.seed({ audit_log: [{ org: 'acme', action: 'repo.create', actor: 'alice' }] });
    await expect(gh.request('GET /orgs/{org}/audit-log', { org: 'acme', after: 'not-a-cursor' })).rejects.toMatchObject(
      { status: 422 },
    );
    expect(failureOfTheTest()).toBe('');
    const ids = githubFacts.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining(['variable-create-409-422', 'secret-put-422', 'audit-log-invalid-cursor-422']),
    );
  });
});

describe('query parameters', () => {
  it('a parameter the operation does not list is refused (GitHub would ignore it silently)', async () => {
    const response = await raw('GET', '/repos/acme/app/actions/secrets?branch=main');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string };
    expect(body.message).toContain('query must NOT have additional properties (branch)');
    const failure = failureOfTheTest();
    expect(failure).toContain('GET /repos/{owner}/{repo}/actions/secrets: query must NOT have additional properties');
    // Listed ones pass.
    expect((await raw('GET', '/repos/acme/app/actions/secrets?per_page=5&page=1')).status).toBe(200);
    expect(failureOfTheTest()).toBe('');
  });
});

describe('formats', () => {
  it('uri: "" only where a fact allows it (deployment status URLs), never for other URL fields', async () => {
    const gh = client();
    const { data: deployment } = await gh.rest.repos.createDeployment({
      owner: 'acme',
      repo: 'app',
      ref: 'main',
      required_contexts: [],
    });
    const id = (deployment as { id: number }).id;
    const { data: status } = await gh.rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo: 'app',
      deployment_id: id,
      state: 'success',
    });
    expect(status.target_url).toBe('');
    expect(failureOfTheTest()).toBe('');

    emulator.server.overrideHandler('GET', '/repos/{owner}/{repo}', (ctx, original) =>
      withBody(original(ctx), (body) => {
        body.html_url = '';
      }),
    );
    await gh.rest.repos.get({ owner: 'acme', repo: 'app' });
    expect(failureOfTheTest()).toContain('response/html_url must match format "uri"');

    emulator.server.overrideHandler(
      'POST',
      '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      (ctx, original) =>
        withBody(original(ctx), (body) => {
          body.target_url = 'not a url';
        }),
    );
    await gh.rest.repos.createDeploymentStatus({ owner: 'acme', repo: 'app', deployment_id: id, state: 'success' });
    expect(failureOfTheTest()).toContain('response/target_url');
  });

  it('date-time: RFC 3339 with a time zone', async () => {
    emulator.server.overrideHandler('GET', '/repos/{owner}/{repo}/actions/secrets/{secret_name}', (ctx, original) =>
      withBody(original(ctx), (body) => {
        body.updated_at = '2026-02-01 00:00:00';
      }),
    );
    await client().rest.actions.getRepoSecret({ owner: 'acme', repo: 'app', secret_name: 'DB_PASSWORD' });
    expect(failureOfTheTest()).toContain('response/updated_at must match format "date-time"');
  });
});

describe('oneOf stays exact', () => {
  it('a value matching two branches fails; the contents 409 is told apart by a fact', async () => {
    const spec = getSpec('api.github.com');
    const validate = spec.compileSchema({ oneOf: [{ type: 'string' }, { type: 'string', minLength: 1 }] }, false);
    expect(validate('')).toBe(true);
    expect(validate('two branches')).toBe(false);

    // A stale sha: GitHub's basic error, exactly one branch after 'contents-put-409-oneof'.
    const gh = client();
    await expect(
      gh.rest.repos.createOrUpdateFileContents({
        owner: 'acme',
        repo: 'app',
        path: 'README.md',
        message: 'edit',
        content: Buffer.from('x').toString('base64'),
        sha: '0'.repeat(40),
      }),
    ).rejects.toMatchObject({ status: 409 });
    expect(failureOfTheTest()).toBe('');
  });
});

describe('references', () => {
  it('a $ref that does not resolve makes compiling throw instead of accepting anything', () => {
    const spec = getSpec('ghec');
    expect(() => spec.compileSchema({ $ref: 'server-statistics-actions.yaml' }, false)).toThrow(UnresolvedRefError);
    expect(() =>
      spec.compileSchema({ type: 'array', items: { $ref: '#/components/schemas/no-such-schema' } }, false),
    ).toThrow(/no-such-schema/);
  });

  it('every routed operation compiles: parameters, body and every declared response', () => {
    for (const route of emulator.server.routeList()) {
      const op = getSpec(route.spec === 'ghec' ? 'ghec' : 'api.github.com').operation(route.method, route.template);
      for (const status of op.responseStatuses) {
        if (status !== 'default') expect(() => op.responseSchema(Number(status))).not.toThrow();
      }
    }
  });

  it('the audit log (ghec.json) is validated against its event schema', async () => {
    await emulator.seed({ audit_log: [{ org: 'acme', action: 'repo.create', actor_id: 'not-a-number' }] });
    await client().request('GET /orgs/{org}/audit-log', { org: 'acme' });
    expect(failureOfTheTest()).toContain('response/0/actor_id must be integer');
  });
});

describe('Link headers', () => {
  beforeEach(async () => {
    await emulator.seed({
      repos: [
        { full_name: 'acme/app', secrets: Array.from({ length: 12 }, (_, i) => ({ name: `S${i}`, value: 'v' })) },
      ],
    });
  });

  it('the emulator pages consistently; octokit follows every page', async () => {
    const all = await client().paginate(client().rest.actions.listRepoSecrets, {
      owner: 'acme',
      repo: 'app',
      per_page: 5,
    });
    expect(all).toHaveLength(13);
    const page2 = await raw('GET', '/repos/acme/app/actions/secrets?per_page=5&page=2');
    const link = page2.headers.get('link') ?? '';
    expect(link).toContain('page=3>; rel="next"');
    expect(link).toContain('page=1>; rel="prev"');
    expect(failureOfTheTest()).toBe('');
  });

  it("per_page above an operation's stated maximum gets that maximum (variables: 30)", async () => {
    await emulator.seed({
      repos: [
        { full_name: 'acme/app', variables: Array.from({ length: 35 }, (_, i) => ({ name: `V${i}`, value: 'v' })) },
      ],
    });
    const first = await raw('GET', '/repos/acme/app/actions/variables?per_page=50');
    const body = (await first.json()) as { variables: unknown[] };
    expect(body.variables).toHaveLength(30);
    expect(first.headers.get('link')).toContain('per_page=30&page=2>; rel="next"');
    expect(failureOfTheTest()).toBe('');
  });

  it('a wrong rel page, a foreign URL, a missing last, or more items than per_page fail', async () => {
    const breakLink = (link: string): void => {
      emulator.server.overrideHandler('GET', '/repos/{owner}/{repo}/actions/secrets', (ctx, original) => {
        const result = original(ctx);
        return { ...result, headers: { ...(result.headers ?? {}), link } };
      });
    };
    breakLink(
      `<${emulator.url}/repos/acme/app/actions/secrets?per_page=5&page=3>; rel="next", <${emulator.url}/repos/acme/app/actions/secrets?per_page=5&page=3>; rel="last"`,
    );
    await raw('GET', '/repos/acme/app/actions/secrets?per_page=5');
    expect(failureOfTheTest()).toContain('Link rel="next" is page 3, expected 2');

    breakLink(
      '<https://api.github.com/repos/acme/app/actions/secrets?per_page=5&page=2>; rel="next", <https://api.github.com/repos/acme/app/actions/secrets?per_page=5&page=3>; rel="last"',
    );
    await raw('GET', '/repos/acme/app/actions/secrets?per_page=5');
    expect(failureOfTheTest()).toContain('points off the requested list');

    breakLink(`<${emulator.url}/repos/acme/app/actions/secrets?per_page=5&page=2>; rel="next"`);
    await raw('GET', '/repos/acme/app/actions/secrets?per_page=5');
    expect(failureOfTheTest()).toContain('without the other');

    breakLink(`<${emulator.url}/repos/acme/app/actions/secrets?page=2>; rel=next`);
    await raw('GET', '/repos/acme/app/actions/secrets?per_page=5');
    expect(failureOfTheTest()).toContain('Link header part is malformed');

    emulator.server.overrideHandler('GET', '/repos/{owner}/{repo}/actions/secrets', (ctx, original) =>
      original({ ...ctx, query: { ...ctx.query, per_page: 100 } }),
    );
    await raw('GET', '/repos/acme/app/actions/secrets?per_page=5');
    expect(failureOfTheTest()).toContain('a page holds 13 items, more than per_page 5');
  });

  it('a Link header on an operation that does not paginate fails', () => {
    const op = getSpec('api.github.com').operation('GET', '/repos/{owner}/{repo}');
    const errors = checkLinkHeader(
      op,
      { status: 200, body: {} },
      { link: `<${emulator.url}/repos/acme/app?page=2>; rel="next"` },
      { url: new URL(`${emulator.url}/repos/acme/app`), apiBase: emulator.url },
    );
    expect(errors.join('\n')).toContain('does not paginate');
  });
});

describe('rate-limit headers', () => {
  it('every answer carries consistent x-ratelimit-* headers counting the token’s requests; /rate_limit agrees', async () => {
    const first = await raw('GET', '/repos/acme/app');
    const second = await raw('GET', '/repos/acme/app');
    const h = (r: Response, name: string): number => Number(r.headers.get(`x-ratelimit-${name}`));
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    expect(h(second, 'used')).toBe(h(first, 'used') + 1);
    expect(h(second, 'remaining') + h(second, 'used')).toBe(h(second, 'limit'));
    const limits = await raw('GET', '/rate_limit');
    const body = (await limits.json()) as { rate: { used: number; remaining: number } };
    expect(body.rate.used).toBe(h(second, 'used'));
    expect(h(limits, 'used')).toBe(h(second, 'used')); // /rate_limit does not count
    expect(failureOfTheTest()).toBe('');
  });

  it('inconsistent, missing or unknown values fail', async () => {
    emulator.server.overrideHandler('GET', '/repos/{owner}/{repo}', (ctx, original) => ({
      ...original(ctx),
      headers: { 'x-ratelimit-remaining': '4000' },
    }));
    await raw('GET', '/repos/acme/app');
    expect(failureOfTheTest()).toContain('rate-limit headers disagree');
    const good = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4990',
      'x-ratelimit-used': '10',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60),
      'x-ratelimit-resource': 'core',
    };
    expect(checkRateLimitHeaders(good)).toEqual([]);
    const { 'x-ratelimit-used': _used, ...missing } = good;
    expect(checkRateLimitHeaders(missing)).toEqual(['header x-ratelimit-used is missing']);
    expect(checkRateLimitHeaders({ ...good, 'x-ratelimit-resource': 'rest' })[0]).toContain(
      'not a GitHub rate-limit resource',
    );
    expect(checkRateLimitHeaders({ ...good, 'x-ratelimit-reset': '1' })[0]).toContain('in the past');
  });
});
