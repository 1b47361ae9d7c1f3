/**
 * The emulator's attestations, as the verify tests rely on them:
 * - the `predicate_type` filter and the client's local check read a value the same way (fact
 *   `attestation-predicate-type-filter`): for each value, the emulator lists exactly the attestations
 *   whose predicate type `predicateMatches` accepts — shorthands by the client's table, any other
 *   value exactly (not as a prefix);
 * - the request log's `credentialed` flag, which the "no credential reaches the blob route" tests
 *   read, sees a token however it is sent, not only in an Authorization header or a cookie.
 */
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predicateMatches } from '../../src/core/predicates.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';

const TYPES = [
  'https://slsa.dev/provenance/v1',
  'https://slsa.dev/provenance/v1.1',
  'https://slsa.dev/provenance/v0.2',
  'https://spdx.dev/Document',
  'https://spdx.dev/Document/v2.3',
  'https://cyclonedx.org/bom',
  'https://cyclonedx.org/bom/v1.5',
  'https://in-toto.io/attestation/release/v0.1',
  'https://in-toto.io/attestation/release/v0.10',
  'https://example.com/custom/v1',
];
const QUERIES = ['provenance', 'sbom', 'release', ...TYPES, 'https://slsa.dev/provenance', 'https://spdx.dev/Doc'];
const DIGEST = `sha256:${'cd'.repeat(32)}`;
const SEEDED_TOKEN = 'ghs_seededTokenValue0123456789';

function bundleFor(predicateType: string): Record<string, unknown> {
  const statement = { _type: 'https://in-toto.io/Statement/v1', subject: [], predicateType, predicate: {} };
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { certificate: { rawBytes: 'AAAA' }, tlogEntries: [], timestampVerificationData: {} },
    dsseEnvelope: {
      payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
      payloadType: 'application/vnd.in-toto+json',
      signatures: [{ sig: 'AAAA' }],
    },
  };
}

let emulator: Emulator;
let octokit: Octokit;
beforeAll(async () => {
  emulator = await startEmulator();
  octokit = new Octokit({
    auth: 'test-token',
    baseUrl: emulator.url,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  await emulator.seed({
    tokens: [{ token: SEEDED_TOKEN }],
    orgs: [{ login: 'acme' }],
    repos: [
      {
        full_name: 'acme/app',
        attestations: TYPES.map((t) => ({ digest: DIGEST, bundle: bundleFor(t), bundle_shape: 'inline' as const })),
      },
    ],
  });
});
afterAll(async () => {
  await emulator.close();
});

async function listed(predicateType: string): Promise<string[]> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
      owner: 'acme',
      repo: 'app',
      subject_digest: DIGEST,
      predicate_type: predicateType,
      per_page: 100,
    });
    return (data.attestations ?? []).map((a) => {
      const payload = (a.bundle as { dsseEnvelope: { payload: string } }).dsseEnvelope.payload;
      return (JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { predicateType: string }).predicateType;
    });
  } catch (error) {
    if ((error as { status?: number }).status === 404) return [];
    throw error;
  }
}

describe('predicate_type: the emulator and the client agree', () => {
  it.each(QUERIES)('%s', async (query) => {
    expect(await listed(query)).toEqual(TYPES.filter((t) => predicateMatches(query, t)));
  });

  it('lists every attestation without a filter, and something for each shorthand', async () => {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
      owner: 'acme',
      repo: 'app',
      subject_digest: DIGEST,
      per_page: 100,
    });
    expect(data.attestations).toHaveLength(TYPES.length);
    for (const shorthand of ['provenance', 'sbom', 'release']) expect(await listed(shorthand)).not.toEqual([]);
  });
});

describe("the request log's credentialed flag", () => {
  async function flagged(init: { path?: string; headers?: Record<string, string> }): Promise<boolean> {
    const before = (await emulator.requests()).length;
    const response = await fetch(`${emulator.url}${init.path ?? '/_blobs/attestations/1?sig=presigned'}`, {
      headers: init.headers ?? {},
    });
    await response.arrayBuffer();
    const entries = (await emulator.requests()).slice(before);
    expect(entries).toHaveLength(1);
    return entries[0]?.credentialed ?? false;
  }

  it('is false for a request that carries no token', async () => {
    expect(await flagged({})).toBe(false);
    expect(await flagged({ headers: { 'x-request-id': 'abc' } })).toBe(false);
  });

  it('is true for a seeded token in any header, in the query or in the path, not only in Authorization', async () => {
    expect(await flagged({ headers: { authorization: `Bearer ${SEEDED_TOKEN}` } })).toBe(true);
    expect(await flagged({ headers: { 'x-github-token': SEEDED_TOKEN } })).toBe(true);
    expect(await flagged({ headers: { 'x-forwarded-authorization': `token ${SEEDED_TOKEN}` } })).toBe(true);
    expect(await flagged({ path: `/_blobs/attestations/1?sig=presigned&access_token=${SEEDED_TOKEN}` })).toBe(true);
    expect(await flagged({ path: `/_blobs/attestations/1/${encodeURIComponent(SEEDED_TOKEN)}` })).toBe(true);
  });

  it('is true for a token not seeded once it was sent to the API in an Authorization header', async () => {
    const unseeded = 'ghp_unseededButUsed987654';
    expect(await flagged({ headers: { 'x-token': unseeded } })).toBe(false);
    const api = await fetch(`${emulator.url}/repos/acme/app`, { headers: { authorization: `token ${unseeded}` } });
    expect(api.status).toBe(200);
    await api.arrayBuffer();
    expect(await flagged({ headers: { 'x-token': unseeded } })).toBe(true);
  });
});
