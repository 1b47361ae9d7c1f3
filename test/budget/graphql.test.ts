/**
 * The emulator's GraphQL endpoint: the bulk read of repositories with environments, protection
 * rules and workflow files, on GitHub's published schema, same state as REST, points as GitHub
 * computes them, partial data beside errors.
 */
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCost } from '../support/github-emulator/graphql.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator();
  await em.seed({
    users: [{ login: 'alice', type: 'User' }],
    orgs: [{ login: 'acme' }],
    repos: [
      {
        full_name: 'acme/app',
        files: { '.github/workflows/deploy.yml': 'on: push\n' },
        environments: [{ name: 'production', reviewers: [{ type: 'User', login: 'alice' }] }, { name: 'staging' }],
      },
      { full_name: 'acme/lib' },
    ],
  });
});
afterAll(() => em.close());

const BULK = `query($org: String!, $after: String) {
  organization(login: $org) {
    repositories(first: 50, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        nameWithOwner isArchived
        environments(first: 10) {
          nodes { name protectionRules(first: 5) { nodes { type reviewers(first: 6) { totalCount } } } }
        }
        workflows: object(expression: "HEAD:.github/workflows") {
          ... on Tree { entries { name object { ... on Blob { text } } } }
        }
      }
    }
  }
  rateLimit { cost remaining limit }
}`;

interface GqlBody<T> {
  data: T;
  errors?: { message: string; type?: string; path?: unknown[] }[];
}
interface Bulk {
  organization: {
    repositories: {
      nodes: {
        nameWithOwner: string;
        environments: { nodes: unknown[] };
        workflows: { entries: unknown[] } | null;
      }[];
    };
  };
  rateLimit: unknown;
}

async function graphql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  token = 'ghp_graphql',
) {
  const res = await fetch(`${em.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GqlBody<T> };
}

describe('POST /graphql', () => {
  it('reads repositories with environments, protection rules and workflow files in one query', async () => {
    const { status, headers, body } = await graphql<Bulk>(BULK, { org: 'acme' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const repos = body.data.organization.repositories.nodes;
    expect(repos.map((r) => r.nameWithOwner)).toEqual(['acme/app', 'acme/lib']);
    expect(repos[0]?.environments.nodes).toEqual([
      {
        name: 'production',
        protectionRules: { nodes: [{ type: 'REQUIRED_REVIEWERS', reviewers: { totalCount: 1 } }] },
      },
      { name: 'staging', protectionRules: { nodes: [] } },
    ]);
    expect(repos[0]?.workflows?.entries).toEqual([{ name: 'deploy.yml', object: { text: 'on: push\n' } }]);
    expect(repos[1]?.workflows).toBeNull();
    // 1 + 50 + 50x10 + 50x10x5 = 3,051 requests -> 31 points.
    expect(body.data.rateLimit).toMatchObject({ cost: 31, limit: 5000, remaining: 4969 });
    expect(headers.get('x-ratelimit-resource')).toBe('graphql');
    expect(headers.get('x-ratelimit-used')).toBe('31');
  });

  it('computes points as GitHub documents', () => {
    // GitHub's example: 1 + 100 + 100x50 = 5,101 requests -> 51 points.
    const doc = parse(
      'query { viewer { login repositories(first: 100) { edges { node { id issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } } } }',
    );
    expect(queryCost(doc)).toBe(51);
    expect(queryCost(parse('query { viewer { login } }'))).toBe(1);
    expect(queryCost(parse('query($n: Int) { viewer { repositories(first: $n) { totalCount } } }'), { n: 10 })).toBe(1);
  });

  it('answers partial data with a NOT_FOUND error beside it', async () => {
    const { status, body } = await graphql(
      'query { a: repository(owner: "acme", name: "app") { name } b: repository(owner: "acme", name: "gone") { name } }',
    );
    expect(status).toBe(200);
    expect(body.data).toEqual({ a: { name: 'app' }, b: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        path: ['b'],
        message: "Could not resolve to a Repository with the name 'acme/gone'.",
      }),
    ]);
  });

  it('validates against the schema, requires pagination bounds and authentication', async () => {
    const bad = await graphql('query { organization(login: "acme") { nope } }');
    expect(bad.body.errors?.[0]?.message).toMatch(/Cannot query field "nope" on type "Organization"/);
    const unbounded = await graphql('query { organization(login: "acme") { repositories { totalCount } } }');
    expect(unbounded.body.errors?.[0]?.message).toMatch(/You must provide a `first` or `last` value/);
    const anonymous = await fetch(`${em.url}/graphql`, { method: 'POST', body: '{"query":"{ viewer { login } }"}' });
    expect(anonymous.status).toBe(401);
  });
});
