/** Conditional requests and the request budget (src/core/conditional.ts) against the emulator's books. */
import { createHash } from 'node:crypto';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkReads } from '../../src/core/bulk-reads.ts';
import { ConditionalCache, GraphqlBudgetLow, RequestBudget, isBudgetExhausted } from '../../src/core/conditional.ts';
import { createGitHubClient } from '../../src/core/github.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator();
  await em.seed({
    repos: [
      { full_name: 'o/a', secrets: [{ name: 'A', value: 'v' }], environments: [{ name: 'prod' }] },
      { full_name: 'o/b', secrets: [{ name: 'B', value: 'w' }] },
    ],
  });
});
afterAll(() => em.close());

function client(cache?: ConditionalCache, budget?: RequestBudget, token = 'ghp_conditional') {
  return createGitHubClient(token, { baseUrl: em.url, cache, budget, retries: 0 });
}

describe('conditional requests', () => {
  it('sends If-None-Match, gets a 304 that does not count, and answers from the cache', async () => {
    const scope = { apiUrl: em.url, scope: 'org:o' };
    const cache = new ConditionalCache(scope);
    em.server.books.clearCounts();
    const first = await client(cache).request('GET /repos/{owner}/{repo}/environments', { owner: 'o', repo: 'a' });
    // The next run: the cache as saved and loaded.
    const next = new ConditionalCache(scope);
    expect(next.restore(cache.serialize())).toBeUndefined();
    const budget = new RequestBudget();
    const c = client(next, budget);
    const second = await c.request('GET /repos/{owner}/{repo}/environments', { owner: 'o', repo: 'a' });
    expect(first.headers.etag).toMatch(/^W\/"[0-9a-f]+"$/);
    expect(second.status).toBe(200);
    expect(second.data).toEqual(first.data);
    expect(em.server.books.summary()).toMatchObject({ counted: 1, notModified: 1 });
    expect(budget).toMatchObject({ spent: 0, sent: 1, notModified: 1 });
  });
});

describe('ETags are specific to the token (fact etag-per-token)', () => {
  it("another token's ETag gets a 200 that counts, for an unchanged resource", async () => {
    const scope = { apiUrl: em.url, scope: 'org:o' };
    const cache = new ConditionalCache(scope);
    const read = (c: ReturnType<typeof client>) =>
      c.request('GET /repos/{owner}/{repo}/actions/secrets', { owner: 'o', repo: 'b' });
    const first = await read(client(cache, undefined, 'ghp_first'));
    em.server.books.clearCounts();
    const budget = new RequestBudget();
    const next = new ConditionalCache(scope);
    expect(next.restore(cache.serialize())).toBeUndefined();
    const second = await read(client(next, budget, 'ghp_second'));
    expect(second.status).toBe(200);
    expect(second.headers.etag).not.toBe(first.headers.etag);
    expect(second.data).toEqual(first.data);
    expect(em.server.books.summary()).toMatchObject({ counted: 1, notModified: 0 });
    expect(budget).toMatchObject({ spent: 1, sent: 1, notModified: 0 });
  });

  it('sends If-Modified-Since beside If-None-Match when a Last-Modified was stored', async () => {
    // A server that sends Last-Modified (the emulator does not: no source shows GitHub sending one
    // on the reads the suite makes), recording what it is asked.
    const lastModified = 'Thu, 05 Jul 2012 15:31:30 GMT';
    const asked: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      asked.push(req.headers);
      if (req.headers['if-modified-since'] === lastModified) {
        res.writeHead(304, { etag: 'W/"t2"', 'last-modified': lastModified }).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json', etag: 'W/"t1"', 'last-modified': lastModified })
        .end(JSON.stringify({ total_count: 0, environments: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const cache = new ConditionalCache({ apiUrl: `http://127.0.0.1:${port}`, scope: 'org:o' });
      const c = createGitHubClient('ghp_modified', { baseUrl: `http://127.0.0.1:${port}`, cache, retries: 0 });
      await c.request('GET /repos/{owner}/{repo}/environments', { owner: 'o', repo: 'a' });
      expect(asked[0]?.['if-modified-since']).toBeUndefined();
      // The next run (the cache as saved and loaded), with another token whose ETag would differ.
      const next = new ConditionalCache(cache.scope);
      expect(next.restore(cache.serialize())).toBeUndefined();
      const budget = new RequestBudget();
      const second = await createGitHubClient('ghp_modified_2', {
        baseUrl: `http://127.0.0.1:${port}`,
        cache: next,
        budget,
        retries: 0,
      }).request('GET /repos/{owner}/{repo}/environments', { owner: 'o', repo: 'a' });
      expect(asked[1]).toMatchObject({ 'if-none-match': 'W/"t1"', 'if-modified-since': lastModified });
      expect(second).toMatchObject({ status: 200, data: { total_count: 0, environments: [] } });
      expect(budget).toMatchObject({ spent: 0, notModified: 1 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the cache file', () => {
  const scope = { apiUrl: 'https://api.github.com', scope: 'org:acme' };
  function filled(): ConditionalCache {
    const c = new ConditionalCache(scope);
    c.store(
      'https://api.github.com/repos/acme/a/actions/secrets?per_page=100 application/vnd.github.v3+json',
      'https://api.github.com/repos/acme/a/actions/secrets?per_page=100',
      { etag: 'W/"1"', data: { total_count: 1, secrets: [{ name: 'A', created_at: '', updated_at: '' }] } },
      new Date(),
    );
    c.lastRead.set('acme/a', new Date().toISOString());
    return c;
  }

  it('round-trips answers and where the last run stopped', () => {
    const text = filled().serialize();
    const back = new ConditionalCache(scope);
    expect(back.restore(text)).toBeUndefined();
    expect(back.size).toBe(1);
    expect([...back.lastRead.keys()]).toEqual(['acme/a']);
  });

  it.each([
    ['another organization', (t: string) => t, { ...scope, scope: 'org:other' }, /is for 'org:acme', not 'org:other'/],
    ['another API', (t: string) => t, { ...scope, apiUrl: 'https://ghe.example/api/v3' }, /holds answers of/],
    ['another version', (t: string) => t.replace('"version":2', '"version":1'), scope, /another version/],
    ['truncated', (t: string) => t.slice(0, -10), scope, /truncated/],
    ['tampered', (t: string) => t.replace('"A"', '"B"'), scope, /checksum/],
    ['not a cache', () => '{}\n{}', scope, /not a secure-deploy\/etag-cache file/],
    ['empty', () => '', scope, /truncated/],
  ])('refuses a cache of %s, keeping nothing from it', (_, edit, loadAs, why) => {
    const back = new ConditionalCache(loadAs);
    expect(back.restore(edit(filled().serialize()))).toMatch(why);
    expect(back.size).toBe(0);
    expect(back.lastRead.size).toBe(0);
  });

  it('never stores a secret value, and refuses a cache file that holds one', () => {
    const c = new ConditionalCache(scope);
    const url = 'https://api.github.com/repos/acme/a/actions/secrets/A';
    expect(() =>
      c.store(`${url} x`, url, { etag: 'W/"2"', data: { name: 'A', value: 'hunter2' } }, new Date()),
    ).toThrow(/holds a secret value/);
    expect(c.size).toBe(0);
    // A file edited to hold one (checksum recomputed, as anyone who can write the file could).
    const text = filled().serialize().replace('"name":"A"', '"name":"A","value":"hunter2"');
    const newline = text.indexOf('\n');
    const body = text.slice(newline + 1);
    const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
    header.length = Buffer.byteLength(body);
    header.sha256 = createHash('sha256').update(body).digest('hex');
    const back = new ConditionalCache(scope);
    expect(back.restore(`${JSON.stringify(header)}\n${body}`)).toMatch(/holds a secret value/);
    expect(back.size).toBe(0);
  });

  it('a missing file is an empty cache; an unreadable one is a warning', async () => {
    const warnings: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'sd-cache-'));
    const missing = await ConditionalCache.load(join(dir, 'none.json'), scope, (m) => warnings.push(m));
    expect(missing.size).toBe(0);
    expect(warnings).toEqual([]);
    writeFileSync(join(dir, 'bad.json'), 'garbage\n');
    await ConditionalCache.load(join(dir, 'bad.json'), scope, (m) => warnings.push(m));
    expect(warnings).toEqual([expect.stringMatching(/bad\.json is discarded: its header is not JSON/)]);
  });
});

describe('what the cache file keeps of variables', () => {
  const scope = { apiUrl: 'https://api.github.com', scope: 'org:acme' };
  const url = 'https://api.github.com/repos/acme/a/actions/variables?per_page=100';
  const rotation = JSON.stringify({
    version: 1,
    phase: 'idle',
    current: { fingerprint: `hmac-sha256:${'a'.repeat(64)}`, since: '2026-01-01T00:00:00Z' },
    pending: { note: 'not read by the audit' },
    retiring: [],
    updated: '2026-01-02T00:00:00Z',
  });
  const fingerprint = `hmac-sha256:${'b'.repeat(64)}`;
  const answer = {
    total_count: 3,
    variables: [
      { name: 'DATABASE_URL', value: 'postgres://app:hunter2@db/app', created_at: 'c', updated_at: 'u' },
      { name: 'API_KEY_ROTATION_REPOSITORY', value: rotation, created_at: 'c', updated_at: 'u' },
      { name: 'API_KEY_FINGERPRINT_REPOSITORY', value: fingerprint, created_at: 'c', updated_at: 'u' },
    ],
  };

  it("keeps names and dates, and only the rotation records' fields the audit reads", () => {
    const c = new ConditionalCache(scope);
    c.store(`${url} application/json`, url, { etag: 'W/"v"', data: structuredClone(answer) }, new Date());
    const text = c.serialize();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('not read by the audit');
    const back = new ConditionalCache(scope);
    expect(back.restore(text)).toBeUndefined();
    const kept = back.lookup(`${url} application/json`)?.data as typeof answer;
    expect(kept.variables.map((v) => [v.name, v.created_at, v.updated_at])).toEqual(
      answer.variables.map((v) => [v.name, 'c', 'u']),
    );
    expect(kept.variables[0]?.value).toBe('');
    expect(JSON.parse(kept.variables[1]?.value ?? '')).toEqual({
      phase: 'idle',
      updated: '2026-01-02T00:00:00Z',
      current: { fingerprint: `hmac-sha256:${'a'.repeat(64)}`, since: '2026-01-01T00:00:00Z' },
    });
    expect(kept.variables[2]?.value).toBe(fingerprint);
  });

  it('refuses a cache file whose variables hold values it would not keep', () => {
    const c = new ConditionalCache(scope);
    c.store(`${url} application/json`, url, { etag: 'W/"v"', data: { total_count: 0, variables: [] } }, new Date());
    const text = c.serialize().replace('"variables":[]', `"variables":${JSON.stringify(answer.variables)}`);
    const [header = '', body = ''] = [text.slice(0, text.indexOf('\n')), text.slice(text.indexOf('\n') + 1)];
    const resealed = header
      .replace(/"length":\d+/, `"length":${Buffer.byteLength(body)}`)
      .replace(/"sha256":"[0-9a-f]+"/, `"sha256":"${createHash('sha256').update(body).digest('hex')}"`);
    expect(new ConditionalCache(scope).restore(`${resealed}\n${body}`)).toMatch(/holds variable values/);
  });
});

describe('the cache file with a cache key', () => {
  const scope = { apiUrl: 'https://api.github.com', scope: 'org:acme' };
  const KEY = 'k'.repeat(20) + 'secret-cache-key-0123456789';
  const OTHER = 'o'.repeat(20) + 'another-cache-key-0123456789';
  function filled(key?: string): ConditionalCache {
    const c = new ConditionalCache(scope, key);
    c.store(
      'https://api.github.com/repos/acme/a/actions/secrets?per_page=100 application/json',
      'https://api.github.com/repos/acme/a/actions/secrets?per_page=100',
      { etag: 'W/"1"', data: { total_count: 1, secrets: [{ name: 'API_KEY', created_at: '', updated_at: '' }] } },
      new Date(),
    );
    return c;
  }

  it('encrypts and authenticates: round-trips with the key, and holds neither the key nor the content in clear', () => {
    const text = filled(KEY).serialize();
    expect(text).not.toContain('API_KEY');
    expect(text).not.toContain(KEY);
    const back = new ConditionalCache(scope, KEY);
    expect(back.restore(text)).toBeUndefined();
    expect(back.size).toBe(1);
  });

  it('discards a cache altered, resealed with a recomputed checksum, written with another key or for another scope', () => {
    const sealed = filled(KEY).serialize();
    const [header = '', body = ''] = [sealed.slice(0, sealed.indexOf('\n')), sealed.slice(sealed.indexOf('\n') + 1)];
    // One byte of the ciphertext changed.
    const raw = Buffer.from(body, 'base64');
    raw[3] = (raw[3] ?? 0) ^ 1;
    const altered = `${header}\n${raw.toString('base64')}`;
    // An attacker's plaintext cache with a correct checksum (API_KEY's list emptied).
    const plain = filled().serialize().replace('"total_count":1', '"total_count":0');
    const [ph = '', pb = ''] = [plain.slice(0, plain.indexOf('\n')), plain.slice(plain.indexOf('\n') + 1)];
    const resealed = `${ph.replace(/"sha256":"[0-9a-f]+"/, `"sha256":"${createHash('sha256').update(pb).digest('hex')}"`)}\n${pb}`;
    expect(new ConditionalCache(scope).restore(resealed)).toBeUndefined(); // a valid checksum
    // Moved to another scope: the header edited to match, the associated data no longer does.
    const otherScope = { ...scope, scope: 'org:other' };
    const moved = sealed.replace('"scope":"org:acme"', '"scope":"org:other"');
    const cases: [string, ConditionalCache, RegExp][] = [
      [altered, new ConditionalCache(scope, KEY), /cannot be authenticated with the cache key/],
      [resealed, new ConditionalCache(scope, KEY), /not encrypted, but a cache key is set/],
      [sealed, new ConditionalCache(scope, OTHER), /cannot be authenticated with the cache key/],
      [moved, new ConditionalCache(otherScope, KEY), /cannot be authenticated with the cache key/],
      [sealed, new ConditionalCache(scope), /it is encrypted: set the cache key/],
    ];
    for (const [text, cache, why] of cases) {
      const problem = cache.restore(text);
      expect(problem).toMatch(why);
      expect(problem).not.toContain(KEY);
      expect(cache.size).toBe(0);
    }
  });

  it('refuses a short key without repeating it', () => {
    let message = '';
    try {
      new ConditionalCache(scope, 'short-key-value');
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/too short/);
    expect(message).not.toContain('short-key-value');
  });
});

describe('the request budget', () => {
  it('refuses to send past max-requests, without retrying', async () => {
    const budget = new RequestBudget({ maxRequests: 2 });
    const c = client(undefined, budget, 'ghp_budget_max');
    em.server.books.clearCounts();
    await c.request('GET /repos/{owner}/{repo}/actions/secrets', { owner: 'o', repo: 'a' });
    await c.request('GET /repos/{owner}/{repo}/actions/secrets', { owner: 'o', repo: 'b' });
    const refused = await c
      .request('GET /repos/{owner}/{repo}/environments', { owner: 'o', repo: 'a' })
      .catch((e: unknown) => e);
    expect(isBudgetExhausted(refused)).toBe(true);
    expect(String(refused)).toMatch(/max-requests 2\) is spent; GET \/repos\/o\/a\/environments was not read/);
    expect(em.server.books.summary().counted).toBe(2);
    expect(budget.admit(false, 0)).toMatch(/max-requests 2/);
  });

  it('keeps the headroom of the token from x-ratelimit-remaining as it moves', async () => {
    const token = 'ghp_budget_headroom';
    em.server.books.control('POST', '/_emulator/rate-limits', { token, limit: 1000, used: 895 });
    const budget = new RequestBudget();
    const c = client(undefined, budget, token);
    const first = await c.request('GET /repos/{owner}/{repo}/actions/secrets', { owner: 'o', repo: 'a' });
    expect(first.headers['x-ratelimit-remaining']).toBe('104');
    expect(first.headers['x-ratelimit-limit']).toBe('1000');
    expect(budget.headroom).toBe(100);
    // 104 left, 100 kept for others: a fresh repository (about 6 requests) would cut into them.
    expect(budget.admit(false, 0)).toMatch(/104 of 1000 requests left .* 100 are left to the workflows/);
  });

  it('the emulator refuses a spent token with 403 and x-ratelimit-remaining 0, as GitHub does', async () => {
    const token = 'ghp_spent';
    em.server.books.control('POST', '/_emulator/rate-limits', { token, limit: 5, used: 5 });
    const res = await fetch(`${em.url}/repos/o/a`, { headers: { authorization: `token ${token}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await res.json()) as { message: string }).message).toMatch(/API rate limit exceeded/);
  });
});

describe("another budget's refusal", () => {
  it("does not take another limit's refusal (the audit log's 429) for the REST budget", () => {
    const budget = new RequestBudget();
    budget.take('GET /orgs/acme/audit-log');
    budget.settle(429, { 'x-ratelimit-limit': '1750', 'x-ratelimit-remaining': '0', 'retry-after': '60' });
    expect(budget.remaining).toBeUndefined();
    budget.take('GET /orgs/acme/repos');
    budget.settle(200, {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4000',
      'x-ratelimit-resource': 'core',
    });
    budget.take('GET /orgs/acme/audit-log');
    budget.settle(429, {
      'x-ratelimit-limit': '1750',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-resource': 'core',
      'retry-after': '60',
    });
    expect(budget.remaining).toBe(4000);
    budget.take('GET /orgs/acme/repos');
    budget.settle(403, { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-resource': 'core' });
    expect(budget.remaining).toBe(0);
  });
});

describe('GraphQL points in the budget', () => {
  it('counts a bulk query at its cost in points, and keeps GraphQL headroom apart from REST', async () => {
    const budget = new RequestBudget({ maxRequests: 10 });
    const c = client(undefined, budget, 'ghp_graphql_budget');
    const bulk = BulkReads.of(c);
    bulk.plan(['o/a', 'o/b']);
    const a = await bulk.read('o/a');
    // Neither has a workflows directory, and GraphQL has shown none to this token: its null is not
    // trusted (undefined: read through REST).
    expect(a).toEqual({ workflows: undefined, environments: 1 });
    expect(await bulk.read('o/b')).toEqual({ workflows: undefined, environments: 0 });
    // One query for both, 1 point (two `environments(first: 1)` connections: 2 requests / 100, at least 1).
    expect(budget).toMatchObject({ spent: 1, sent: 1, graphqlQueries: 1, graphqlPoints: 1 });
    // GraphQL's own budget read from its answer, not the REST one.
    expect(budget.graphqlLimit).toBe(5000);
    expect(budget.remaining).toBeUndefined();

    // A zero is trusted only once GraphQL has shown this token some repository's environments:
    // alone, o/b's zero might be GraphQL hiding them, and its environments are read through REST.
    expect(await BulkReads.of(client(undefined, undefined, 'ghp_graphql_budget')).read('o/b')).toEqual({
      workflows: undefined,
      environments: undefined,
    });

    // Down to its headroom (a tenth of 5,000): the query is not sent, and the run is not stopped.
    budget.graphqlRemaining = 400;
    expect(() => budget.take('POST /graphql', `${em.url}/graphql`)).toThrow(GraphqlBudgetLow);
    expect(budget.stoppedBy).toBeUndefined();
    const low = BulkReads.of(client(undefined, budget, 'ghp_graphql_budget'));
    budget.graphqlRemaining = 400;
    expect(await low.read('o/a')).toBeUndefined();
    expect(budget.sent).toBe(1);
  });
});
