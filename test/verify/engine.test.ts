/**
 * The verification engine on paths the action bundle tests do not reach cheaply: artifacts too large
 * to hold in memory (signature checked streaming), bare digests (signature checked over the digest),
 * and the CLI's `verify` command in-process.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerVerifyCommands } from '../../src/cli/verify.ts';
import { bundleFromValue } from '../../src/verify/bundle.ts';
import { verifyBundle } from '../../src/verify/engine.ts';
import { TrustRoots } from '../../src/verify/instances.ts';
import { digestSubject, fileSubject } from '../../src/verify/subject.ts';
import { parseTrustedRoot } from '../../src/verify/trusted-roots.ts';
import { type GitHubClaims, identityFor, type Stack, startStack } from '../support/sigstore/stack.ts';

const RELEASE: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };
let stack: Stack;
let ws: string;

beforeAll(async () => {
  stack = await startStack();
  ws = mkdtempSync(join(tmpdir(), 'sd-engine-'));
});
afterAll(() => {
  stack?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

function verifier(key?: ReturnType<typeof generateKeyPairSync>['publicKey']) {
  const root = parseTrustedRoot(JSON.stringify(stack.trustedRoot), 'mock');
  return { roots: new TrustRoots({ given: { roots: [root], source: 'mock' }, ...(key ? { key } : {}) }), key };
}

describe('engine', () => {
  it('verifies a large artifact streaming, and rejects it once a byte changes', async () => {
    const data = Buffer.alloc(65 * 1024 * 1024, 7);
    const path = join(ws, 'big.bin');
    writeFileSync(path, data);
    const loaded = bundleFromValue(await stack.signBlob(data, RELEASE), 'big.bin.sigstore.json');
    const facts = await verifyBundle(loaded, await fileSubject(path), verifier(), {
      certificateIdentity: identityFor(RELEASE),
    });
    expect(facts.signerIdentity).toBe(identityFor(RELEASE));
    data[1000] = 8;
    writeFileSync(path, data);
    await expect(
      verifyBundle(loaded, await fileSubject(path), verifier(), { certificateIdentity: identityFor(RELEASE) }),
    ).rejects.toThrow(/not this artifact/);
  });

  it('verifies a message signature against a bare digest, and not against another digest', async () => {
    const data = Buffer.from('by digest');
    const loaded = bundleFromValue(await stack.signBlob(data, RELEASE), 'b');
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const policy = { certificateIdentity: identityFor(RELEASE) };
    await expect(verifyBundle(loaded, digestSubject(digest), verifier(), policy)).resolves.toMatchObject({
      keySigned: false,
    });
    await expect(verifyBundle(loaded, digestSubject(`sha256:${'0'.repeat(64)}`), verifier(), policy)).rejects.toThrow(
      /not this artifact/,
    );
  });

  it('verifies a key-signed bundle by digest with its key only', async () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = Buffer.from('keyed by digest');
    const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const loaded = bundleFromValue(await stack.signWithKey(data, keys.privateKey, pem), 'k');
    const subject = digestSubject(`sha256:${createHash('sha256').update(data).digest('hex')}`);
    await expect(verifyBundle(loaded, subject, verifier(keys.publicKey), {})).resolves.toMatchObject({
      keySigned: true,
    });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    await expect(verifyBundle(loaded, subject, verifier(other), {})).rejects.toThrow(/signature/);
    await expect(verifyBundle(loaded, subject, verifier(), {})).rejects.toThrow(/pass the public key/);
  });

  it('refuses a certificate-signed bundle without a signer policy', async () => {
    const data = Buffer.from('no policy');
    const loaded = bundleFromValue(await stack.signBlob(data, RELEASE), 'b');
    const subject = digestSubject(`sha256:${createHash('sha256').update(data).digest('hex')}`);
    await expect(
      verifyBundle(loaded, subject, verifier(), {
        certificateOidcIssuer: 'https://token.actions.githubusercontent.com',
      }),
    ).rejects.toThrow(/no signer policy/);
  });
});

describe('secure-deploy verify', () => {
  it('verifies many artifacts in one process and prints JSON results; exit status 1 when one fails', async () => {
    const cwd = process.cwd();
    writeFileSync(join(ws, 'trusted_root.json'), JSON.stringify(stack.trustedRoot));
    for (const name of ['one.txt', 'two.txt']) {
      writeFileSync(join(ws, name), name);
      writeFileSync(
        join(ws, `${name}.sigstore.json`),
        JSON.stringify(await stack.signBlob(Buffer.from(name), RELEASE)),
      );
    }
    writeFileSync(join(ws, 'unsigned.txt'), 'u');
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const previousExit = process.exitCode;
    try {
      process.chdir(ws);
      const run = async (...args: string[]) => {
        written.length = 0;
        const program = new Command('secure-deploy').exitOverride();
        registerVerifyCommands(program);
        await program.parseAsync(['verify', ...args], { from: 'user' });
        return JSON.parse(written.join('')) as { artifact: string; status: string }[];
      };
      const ok = await run(
        'one.txt',
        'two.txt',
        '--trusted-root',
        'trusted_root.json',
        '--certificate-identity',
        identityFor(RELEASE),
        '--json',
      );
      expect(ok.map((r) => r.status)).toEqual(['verified', 'verified']);
      expect(process.exitCode).toBe(0);
      const bad = await run(
        '*.txt',
        '--trusted-root',
        'trusted_root.json',
        '--certificate-identity',
        identityFor(RELEASE),
        '--json',
      );
      expect(bad.map((r) => `${r.artifact}:${r.status}`)).toEqual([
        'one.txt:verified',
        'two.txt:verified',
        'unsigned.txt:failed',
      ]);
      expect(process.exitCode).toBe(1);
    } finally {
      process.chdir(cwd);
      spy.mockRestore();
      process.exitCode = previousExit;
    }
  });
});
