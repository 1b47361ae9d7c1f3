/** Bad input handled without the network: checksums, bundle files, digests, workspace escapes, trusted roots, hashing. */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { escapesWorkspace, resolvePattern } from '../../src/verify/artifacts.ts';
import { MAX_BUNDLE_BYTES, parseBundles, readBundleFile } from '../../src/verify/bundle.ts';
import { checksumsFor, parseChecksums } from '../../src/verify/checksums.ts';
import { HashPool, hashFiles } from '../../src/verify/hash.ts';
import { digestSubject } from '../../src/verify/subject.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import { parsePublicKey } from '../../src/verify/keys.ts';
import { parseTrustedRoot, publicGoodTrustedRoot, shippedTrustedRoot } from '../../src/verify/trusted-roots.ts';

const SUITE = join(import.meta.dirname, '..', 'data', 'sigstore-conformance', 'bundle-verify');
let ws: string;

beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), 'sd-inputs-'));
  mkdirSync(join(ws, 'dist'));
  writeFileSync(join(ws, 'dist', 'a.tgz'), 'a');
  writeFileSync(join(ws, 'dist', 'b.tgz'), 'b');
  symlinkSync('/etc', join(ws, 'dist', 'etc'));
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('checksums', () => {
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(128);
  it('takes sha256sum and sha512sum lines, the algorithm from the length', () => {
    const entries = parseChecksums(`${a}  dist/app.tgz\n${b} *./vendor.tar\n# comment\n`, 'SUMS');
    expect(entries).toEqual([
      { algorithm: 'sha256', hex: a, path: 'dist/app.tgz', line: 1 },
      { algorithm: 'sha512', hex: b, path: 'vendor.tar', line: 2 },
    ]);
    expect(checksumsFor(entries, ['dist/app.tgz'])).toHaveLength(1);
    expect(checksumsFor(entries, ['out/app.tgz'])[0]?.path).toBe('dist/app.tgz'); // by base name
    expect(checksumsFor(entries, ['app.tg'])).toEqual([]);
  });
  it('refuses lines it cannot read', () => {
    expect(() => parseChecksums('abc  x', 'SUMS')).toThrow(/line 1/);
    expect(() => parseChecksums('\n', 'SUMS')).toThrow(/no entries/);
  });
});

describe('bundle files', () => {
  it('refuses malformed, unknown and oversized bundles with the reason', async () => {
    expect(() => parseBundles('{"mediaType":', 'x.sigstore.json')).toThrow(/not valid JSON/);
    expect(() => parseBundles('[]', 'x')).toThrow(/not a JSON object/);
    expect(() => parseBundles('{"mediaType":"application/vnd.dev.sigstore.bundle.v0.4+json"}', 'x')).toThrow(
      /unknown media type/,
    );
    expect(() => parseBundles('{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}', 'x')).toThrow(
      /not a valid Sigstore bundle/,
    );
    const big = join(ws, 'big.sigstore.json');
    writeFileSync(big, Buffer.alloc(MAX_BUNDLE_BYTES + 1, 0x20));
    await expect(readBundleFile(big)).rejects.toThrow(/over the 10485760-byte limit/);
    await expect(readBundleFile(join(ws, 'missing.sigstore.json'))).rejects.toThrow(/cannot read bundle/);
  });

  it('reads every bundle version and JSON lines of several bundles', () => {
    for (const c of ['happy-path-v0.1', 'happy-path-v0.2', 'happy-path-v0.3', 'happy-path-v0.3-new-mediaType']) {
      expect(parseBundles(readFileSync(join(SUITE, c, 'bundle.sigstore.json'), 'utf8'), c)).toHaveLength(1);
    }
    const lines = ['happy-path-v0.2', 'happy-path-intoto-in-dsse-v3']
      .map((c) => JSON.stringify(JSON.parse(readFileSync(join(SUITE, c, 'bundle.sigstore.json'), 'utf8'))))
      .join('\n');
    expect(parseBundles(lines, 'x.sigstore.jsonl').map((b) => b.source)).toEqual([
      'x.sigstore.jsonl:1',
      'x.sigstore.jsonl:2',
    ]);
  });
});

describe('subjects and paths', () => {
  it('a digest argument is sha256: and exactly 64 hex characters', () => {
    expect(digestSubject(`sha256:${'A'.repeat(64)}`).digests.sha256).toBe('a'.repeat(64));
    expect(() => digestSubject(`sha256:${'a'.repeat(63)}`)).toThrow(/exactly 64 hex/);
    expect(() => digestSubject(`sha256:${'g'.repeat(64)}`)).toThrow(/exactly 64 hex/);
  });

  it('globs stay inside the workspace, through .. or a symlink', async () => {
    expect(escapesWorkspace(ws, '../x')).toBe(true);
    expect(escapesWorkspace(ws, 'dist/../../x')).toBe(true);
    expect(escapesWorkspace(ws, '/etc/passwd')).toBe(true);
    expect(escapesWorkspace(ws, 'dist/*.tgz')).toBe(false);
    expect((await resolvePattern(ws, 'dist/*.tgz')).files.map((f) => f.name)).toEqual(['dist/a.tgz', 'dist/b.tgz']);
    expect((await resolvePattern(ws, 'dist/etc/hostname')).error).toMatch(/outside the workspace/);
    expect((await resolvePattern(ws, 'dist/*.zip')).error).toMatch(/no file matches/);
  });
});

describe('trust material', () => {
  it('rejects a trusted root whose log validity has no start', () => {
    const text = readFileSync(join(SUITE, 'trust-root-tlog-missing-validity-start_fail', 'trusted_root.json'), 'utf8');
    expect(() => parseTrustedRoot(text, 'root.json')).toThrow(/validity period without a start/);
    expect(() => parseTrustedRoot('{}', 'root.json')).toThrow(/media type/);
  });

  it('ships the public-good root and says how old it is', () => {
    const { root, age } = shippedTrustedRoot();
    expect(root.tlogs.length).toBeGreaterThan(0);
    expect(age).toMatch(/dates from \d{4}-\d\d-\d\d, \d+ days ago/);
  });

  it('gives up a TUF refresh that hangs within its time limit, and says how old the shipped root is', async () => {
    // A TUF mirror that accepts the connection and never answers.
    const hanging = createServer(() => undefined);
    await new Promise<void>((done) => hanging.listen(0, '127.0.0.1', done));
    const { port } = hanging.address() as AddressInfo;
    const rootPath = join(ws, 'tuf-root.json');
    writeFileSync(rootPath, Buffer.from(seeds['https://tuf-repo-cdn.sigstore.dev']['root.json'], 'base64'));
    // A fake clock instead of elapsed time: the refresh reaches the mirror (an event), then it is
    // still waiting 1 ms before its limit and gives up exactly at it, however loaded the machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const warnings: string[] = [];
      const requested = new Promise<void>((done) => hanging.once('request', () => done()));
      let settled = false;
      const refresh = publicGoodTrustedRoot({
        offline: false,
        timeoutMs: 1000,
        warn: (m) => warnings.push(m),
        mirror: { url: `http://127.0.0.1:${port}`, rootPath, cachePath: join(ws, 'tuf-cache') },
      }).finally(() => {
        settled = true;
      });
      await requested;
      await vi.advanceTimersByTimeAsync(999);
      expect(settled, 'still waiting for the mirror before the time limit').toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const root = await refresh;
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^Could not refresh the Sigstore trusted root through TUF \(.+\); using the copy shipped with this action: its newest key dates from \d{4}-\d\d-\d\d, \d+ days ago/,
      );
      expect(warnings[0]).toMatch(/within 1 s|timed out|timeout/i);
      expect(root).toEqual(shippedTrustedRoot().root);
    } finally {
      vi.useRealTimers();
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('accepts ECDSA P-256/P-384, Ed25519 and RSA keys and refuses others', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = (k: { publicKey: { export(o: object): string | Buffer } }) =>
      k.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(parsePublicKey(pem(generateKeyPairSync('ec', { namedCurve: 'P-384' })), 'k').asymmetricKeyType).toBe('ec');
    expect(parsePublicKey(pem(generateKeyPairSync('ed25519')), 'k').asymmetricKeyType).toBe('ed25519');
    expect(() => parsePublicKey(pem(generateKeyPairSync('ec', { namedCurve: 'secp256k1' })), 'k')).toThrow(/P-256/);
    expect(() => parsePublicKey('not a key', 'k')).toThrow(/not a PEM public key/);
  });
});

describe('hashing', () => {
  it('hashes many files on worker threads, streaming, and reports unreadable ones apart', async () => {
    const paths = [join(ws, 'dist', 'a.tgz'), join(ws, 'dist', 'b.tgz'), join(ws, 'nope')];
    const results = await hashFiles(paths, ['sha256', 'sha512']);
    expect(results[0]).toEqual({
      status: 'fulfilled',
      value: {
        sha256: createHash('sha256').update('a').digest('hex'),
        sha512: createHash('sha512').update('a').digest('hex'),
      },
    });
    expect(results[2]?.status).toBe('rejected');
    const pool = new HashPool(2);
    try {
      const many = await Promise.all(Array.from({ length: 8 }, () => pool.hash(paths[1] ?? '')));
      expect(new Set(many.map((d) => d.sha256))).toEqual(new Set([createHash('sha256').update('b').digest('hex')]));
    } finally {
      await pool.close();
    }
  });
});
