/**
 * Which GitHub serves the API, for attestations: GHE.com's trust domain read from `GET /meta` (as gh
 * reads it), and GitHub Enterprise Server answered with "attestations are not available there".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/core/github.ts';
import { attestationTrustDomain, githubKind, withServerCheck } from '../../src/verify/github-instance.ts';
import { releaseSigner, releaseSource } from '../../src/verify/release.ts';
import { wantsTrustDomain } from '../../src/cli/verify.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';

let emulator: Emulator;
let ghes: Server;
let ghesUrl: string;
const ghesRequests: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  // A GitHub Enterprise Server's /meta carries installed_version (GHES's REST description,
  // api-overview); its attestations endpoint is missing (404).
  ghes = createServer((req, res) => {
    ghesRequests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.setHeader('content-type', 'application/json');
    const tag = { ref: 'refs/tags/v1.0.0', object: { type: 'commit', sha: 'c'.repeat(40) } };
    if (req.url === '/api/v3/meta') {
      res.end(JSON.stringify({ verifiable_password_authentication: false, installed_version: '3.14.2' }));
    } else if (
      req.url === '/api/v3/repos/acme/app/git/ref/tags%2Fv1.0.0' ||
      req.url === '/api/v3/repos/acme/app/git/ref/tags/v1.0.0'
    ) {
      res.end(JSON.stringify(tag));
    } else if (req.url === '/tenant/meta') {
      // A GHE.com tenant: its attestations are signed under its own trust domain.
      res.end(JSON.stringify({ domains: { artifact_attestations: { trust_domain: 'acme' } } }));
    } else if (
      req.url === '/tenant/repos/acme/app/git/ref/tags%2Fv1.0.0' ||
      req.url === '/tenant/repos/acme/app/git/ref/tags/v1.0.0'
    ) {
      res.end(JSON.stringify(tag));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ message: 'Not Found' }));
    }
  });
  await new Promise<void>((done) => ghes.listen(0, '127.0.0.1', done));
  ghesUrl = `http://127.0.0.1:${(ghes.address() as AddressInfo).port}/api/v3`;
});

afterAll(async () => {
  await emulator?.close();
  ghes?.close();
});

describe('GitHub instance of the API', () => {
  it('tells github.com, GHE.com tenants and servers apart by host name', () => {
    expect(githubKind('https://api.github.com')).toBe('dotcom');
    expect(githubKind('https://api.acme.ghe.com')).toBe('tenancy');
    expect(githubKind('https://github.example.com/api/v3')).toBe('server');
  });

  it("reads a GHE.com tenant's trust domain from GET /meta, and asks nothing on github.com", async () => {
    emulator.server.state.attestationTrustDomain = 'acme';
    const client = createGitHubClient('ghs_test', { baseUrl: emulator.url });
    await emulator.clearRequests();
    await expect(attestationTrustDomain(client, 'https://api.acme.ghe.com')).resolves.toBe('acme');
    await expect(attestationTrustDomain(client, 'https://api.github.com')).resolves.toBeUndefined();
    const requests = await emulator.requests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /meta']);
    emulator.assertNoViolations();
  });

  it('refuses a tenant that reports no trust domain, saying what to pass', async () => {
    emulator.server.state.attestationTrustDomain = '';
    const client = createGitHubClient('ghs_test', { baseUrl: emulator.url });
    await expect(attestationTrustDomain(client, 'https://api.acme.ghe.com')).rejects.toThrow(
      /no artifact-attestation trust domain.*trusted-root/,
    );
  });

  it('says attestations are not available on a GitHub Enterprise Server that has none', async () => {
    const client = createGitHubClient('ghs_test', { baseUrl: ghesUrl });
    const source = withServerCheck(() => Promise.resolve({ bundles: [], failures: [] }), client, ghesUrl);
    await expect(source('a'.repeat(64))).rejects.toThrow(
      /GitHub Enterprise Server 3\.14\.2 .* attestations are not available on GitHub Enterprise Server/,
    );
    expect(ghesRequests).toEqual(['GET /api/v3/meta']);
    // github.com: an empty answer stays empty (no signature found), without asking /meta.
    const dotcom = withServerCheck(
      () => Promise.resolve({ bundles: [], failures: [] }),
      client,
      'https://api.github.com',
    );
    await expect(dotcom('a'.repeat(64))).resolves.toEqual({ bundles: [], failures: [] });
    expect(ghesRequests).toHaveLength(1);
  });
});

describe('release attestations by the kind of GitHub', () => {
  it("takes the signer from a GHE.com tenant's trust domain, as gh release verify-asset does", async () => {
    expect(releaseSigner(undefined)).toBe('https://dotcom.releases.github.com');
    expect(releaseSigner('acme')).toBe('https://acme.releases.github.com');
    const tenant = ghesUrl.replace(/\/api\/v3$/, '/tenant');
    const source = releaseSource(createGitHubClient('ghs_test', { baseUrl: tenant }), {
      repository: 'acme/app',
      tag: 'v1.0.0',
      apiUrl: 'https://api.acme.ghe.com',
    });
    await expect(source()).resolves.toMatchObject({
      signer: 'https://acme.releases.github.com',
      commitDigest: `sha1:${'c'.repeat(40)}`,
      fetched: { bundles: [], failures: [] },
    });
  });

  it('says release attestations are not available on a GitHub Enterprise Server that has none', async () => {
    ghesRequests.length = 0;
    const source = releaseSource(createGitHubClient('ghs_test', { baseUrl: ghesUrl }), {
      repository: 'acme/app',
      tag: 'v1.0.0',
      apiUrl: ghesUrl,
    });
    await expect(source()).rejects.toThrow(
      /GitHub Enterprise Server 3\.14\.2 .* attestations are not available on GitHub Enterprise Server/,
    );
    expect(ghesRequests).toContain('GET /api/v3/meta');
  });

  it('the CLI reads the GHE.com trust domain for --release alone too, unless a trusted root is given', () => {
    expect(wantsTrustDomain({ release: 'v1.0.0' })).toBe(true);
    expect(wantsTrustDomain({ attestations: true })).toBe(true);
    expect(wantsTrustDomain({ release: 'v1.0.0', trustedRoot: 'roots.jsonl' })).toBe(false);
    expect(wantsTrustDomain({})).toBe(false);
  });
});
