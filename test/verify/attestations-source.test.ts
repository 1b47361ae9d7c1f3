/**
 * The attestations lookup's paging and the release tag's resolution, against a stand-in for the
 * Octokit client's `request` (what each call asked for, what it answered): cursors only from the
 * `Link` header, the limit, a cursor that does not move, 404 as "nothing attested", the initiator
 * filter; an annotated tag peeled to its commit.
 */
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/core/github.ts';
import { attestationSource } from '../../src/verify/attestations.ts';
import { tagCommit } from '../../src/verify/release.ts';

type Answer = { data: unknown; headers: Record<string, string> } | { status: number };

function stubClient(answer: (route: string, params: Record<string, unknown>) => Answer) {
  const calls: { route: string; params: Record<string, unknown> }[] = [];
  const client = {
    request: (route: string, params: Record<string, unknown>) => {
      calls.push({ route, params });
      const a = answer(route, params);
      if ('status' in a) return Promise.reject(Object.assign(new Error(`status ${a.status}`), { status: a.status }));
      return Promise.resolve(a);
    },
  } as unknown as GitHubClient;
  return { client, calls };
}

/** `n` attestations with neither field: each becomes a numbered failure, which is enough to count them. */
const page = (n: number, initiator = 'github-actions[bot]') =>
  Array.from({ length: n }, () => ({ bundle: null, repository_id: 1, initiator }));

const link = (after: string) =>
  `<https://evil.example/steal?after=${after}&per_page=30>; rel="next", <https://api.github.com/x?before=b>; rel="prev"`;

describe('attestationSource', () => {
  it('follows the next cursor through the same endpoint, never the linked host, up to the limit', async () => {
    const { client, calls } = stubClient((_route, params) => {
      const after = params.after as string | undefined;
      if (after === undefined) return { data: { attestations: page(30) }, headers: { link: link('c1') } };
      if (after === 'c1') return { data: { attestations: page(30) }, headers: { link: link('c2') } };
      return { data: { attestations: page(30) }, headers: { link: link('c3') } };
    });
    const fetched = await attestationSource(client, { repository: 'acme/app', limit: 70 })('sha256:ab');
    expect(calls.map((c) => [c.route, c.params.after, c.params.per_page])).toEqual([
      ['GET /repos/{owner}/{repo}/attestations/{subject_digest}', undefined, 30],
      ['GET /repos/{owner}/{repo}/attestations/{subject_digest}', 'c1', 30],
      ['GET /repos/{owner}/{repo}/attestations/{subject_digest}', 'c2', 30],
    ]);
    expect(fetched.bundles).toEqual([]);
    expect(fetched.failures).toHaveLength(70);
    expect(fetched.failures[69]).toBe('attestation 70 from repository acme/app has neither a bundle nor a bundle_url');
  });

  it('stops on a cursor that does not move, and reads 404 as nothing attested', async () => {
    const loop = stubClient(() => ({ data: { attestations: page(1) }, headers: { link: link('same') } }));
    const fetched = await attestationSource(loop.client, { owner: 'acme' })('sha256:ab');
    expect(loop.calls).toHaveLength(2);
    expect(loop.calls[0]?.route).toBe('GET /orgs/{org}/attestations/{subject_digest}');
    expect(fetched.failures).toHaveLength(2);
    const none = stubClient(() => ({ status: 404 }));
    expect(await attestationSource(none.client, { repository: 'acme/app' })('sha256:ab')).toEqual({
      bundles: [],
      failures: [],
    });
  });

  it('stops when cursors alternate over empty pages', async () => {
    let n = 0;
    const loop = stubClient(() => ({ data: { attestations: [] }, headers: { link: link(n++ % 2 === 0 ? 'a' : 'b') } }));
    const fetched = await attestationSource(loop.client, { repository: 'acme/app' })('sha256:ab');
    expect(loop.calls).toHaveLength(3);
    expect(fetched).toEqual({ bundles: [], failures: [] });
  });

  it('keeps only the wanted initiator, and sends the predicate type as given', async () => {
    const { client, calls } = stubClient(() => ({
      data: { attestations: [...page(2), ...page(1, 'github')] },
      headers: {},
    }));
    const fetched = await attestationSource(client, {
      repository: 'acme/app',
      predicateType: 'release',
      initiator: 'github',
    })('sha1:abc');
    expect(calls[0]?.params).toMatchObject({ subject_digest: 'sha1:abc', predicate_type: 'release' });
    expect(fetched.failures).toEqual(['attestation 1 from repository acme/app has neither a bundle nor a bundle_url']);
  });

  it('refuses a limit outside 1..1000 and an answer without a list', async () => {
    const { client } = stubClient(() => ({ data: { nothing: true }, headers: {} }));
    expect(() => attestationSource(client, { repository: 'acme/app', limit: 0 })).toThrow(/1 to 1000/);
    await expect(attestationSource(client, { repository: 'acme/app' })('sha256:ab')).rejects.toThrow(
      "repository acme/app answered without an 'attestations' list",
    );
  });
});

describe('tagCommit', () => {
  it('peels an annotated tag to its commit', async () => {
    const { client, calls } = stubClient((route) =>
      route.includes('/git/ref/')
        ? { data: { object: { type: 'tag', sha: 'T'.repeat(40) } }, headers: {} }
        : { data: { object: { type: 'commit', sha: 'C'.repeat(40) } }, headers: {} },
    );
    expect(await tagCommit(client, 'acme', 'app', 'v1')).toBe('c'.repeat(40));
    expect(calls.map((c) => c.params.ref ?? c.params.tag_sha)).toEqual(['tags/v1', 'T'.repeat(40)]);
  });

  it('says when the tag does not exist or names no commit', async () => {
    const missing = stubClient(() => ({ status: 404 }));
    await expect(tagCommit(missing.client, 'acme', 'app', 'v9')).rejects.toThrow(
      'release tag v9 does not exist in acme/app',
    );
    const tree = stubClient(() => ({ data: { object: { type: 'tree', sha: 'a'.repeat(40) } }, headers: {} }));
    await expect(tagCommit(tree.client, 'acme', 'app', 'v1')).rejects.toThrow('does not point at a commit');
  });
});
