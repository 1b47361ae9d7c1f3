/**
 * Which GitHub serves the API, for attestations: GHE.com's trust domain read from `GET /meta` (as gh
 * reads it), and GitHub Enterprise Server answered with "attestations are not available there".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/core/github.ts';
import { attestationTrustDomain, githubKind, withServerCheck } from '../../src/verify/github-instance.ts';
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
    if (req.url === '/api/v3/meta') {
      res.end(JSON.stringify({ verifiable_password_authentication: false, installed_version: '3.14.2' }));
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
