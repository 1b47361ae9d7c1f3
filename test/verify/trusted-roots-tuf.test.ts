/**
 * Refreshing GitHub's trusted root through TUF, against a local TUF repository served over
 * loopback (test/support/tuf-repo.ts, metadata signed with @tufjs/models): the served root is the
 * one used, with no warning; a GHE.com trust domain's target is the one fetched; and a target whose
 * bytes do not match the signed targets metadata is refused (github.com: the shipped copy with a
 * warning; a trust domain, which has no shipped copy: refused). Then where the TUF cache lives.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  instanceTrustedRoot,
  parseTrustedRoot,
  shippedTrustedRoot,
  tufCachePath,
} from '../../src/verify/trusted-roots.ts';
import { startTufRepo, type TufRepo } from '../support/tuf-repo.ts';

const JSONL = join(import.meta.dirname, '..', 'data', 'github-sigstore', 'trusted_root.jsonl');
// Two real roots that differ from the shipped GitHub root: line 1 (public-good), and line 2 with another media-type version.
const [PUBLIC_GOOD_LINE = '', GITHUB_LINE = ''] = readFileSync(JSONL, 'utf8').trim().split('\n');
const DOMAIN_ROOT = JSON.stringify({
  ...(JSON.parse(GITHUB_LINE) as object),
  timestampAuthorities: [],
});
/** The same length, one byte changed: only its hash tells it from the signed target. */
const changed = (text: string) => text.replace('"mediaType"', '"mediaTypf"');

let ws: string;
let repo: TufRepo | undefined;
let n = 0;

beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), 'sd-tuf-'));
});
afterEach(async () => {
  await repo?.close();
  repo = undefined;
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

/** The mirror option for `repo`: its root.json as the seed, and a fresh cache. */
function mirror(served: TufRepo): { url: string; rootPath: string; cachePath: string } {
  n += 1;
  const rootPath = join(ws, `root-${n}.json`);
  writeFileSync(rootPath, served.rootJson);
  return { url: served.url, rootPath, cachePath: join(ws, `cache-${n}`) };
}

describe("refreshing GitHub's trusted root through TUF", () => {
  it('uses the root the repository serves, with no warning', async () => {
    repo = await startTufRepo({ 'trusted_root.json': PUBLIC_GOOD_LINE });
    const warnings: string[] = [];
    const root = await instanceTrustedRoot('github', {
      offline: false,
      mirror: mirror(repo),
      warn: (m) => warnings.push(m),
    });
    expect(warnings).toEqual([]);
    expect(root).toEqual(parseTrustedRoot(PUBLIC_GOOD_LINE, 'expected'));
    expect(root).not.toEqual(shippedTrustedRoot(new Date(), 'github').root);
    expect(repo.requests).toEqual([
      '/2.root.json',
      '/timestamp.json',
      '/snapshot.json',
      '/targets.json',
      '/targets/trusted_root.json',
    ]);
  });

  it("fetches the GHE.com trust domain's own target when a trust domain is set", async () => {
    repo = await startTufRepo({ 'trusted_root.json': PUBLIC_GOOD_LINE, 'acme.trusted_root.json': DOMAIN_ROOT });
    const warnings: string[] = [];
    const root = await instanceTrustedRoot('github', {
      offline: false,
      trustDomain: 'acme',
      mirror: mirror(repo),
      warn: (m) => warnings.push(m),
    });
    expect(warnings).toEqual([]);
    expect(root).toEqual(parseTrustedRoot(DOMAIN_ROOT, 'expected'));
    expect(repo.requests).toContain('/targets/acme.trusted_root.json');
    expect(repo.requests).not.toContain('/targets/trusted_root.json');
  });

  it('refuses a target whose bytes do not match the signed targets metadata: the shipped copy, with a warning', async () => {
    repo = await startTufRepo(
      { 'trusted_root.json': PUBLIC_GOOD_LINE },
      { 'trusted_root.json': changed(PUBLIC_GOOD_LINE) },
    );
    const warnings: string[] = [];
    const root = await instanceTrustedRoot('github', {
      offline: false,
      mirror: mirror(repo),
      warn: (m) => warnings.push(m),
    });
    expect(repo.requests).toContain('/targets/trusted_root.json');
    expect(root).toEqual(shippedTrustedRoot(new Date(), 'github').root);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Could not refresh GitHub's Sigstore trusted root through TUF \(error downloading target: .*hash.*\); using the copy shipped with this action: its newest key dates from /,
      ),
    ]);
  });

  it('refuses a tampered trust-domain target outright: there is no shipped copy to fall back on', async () => {
    repo = await startTufRepo(
      { 'acme.trusted_root.json': DOMAIN_ROOT },
      { 'acme.trusted_root.json': changed(DOMAIN_ROOT) },
    );
    await expect(
      instanceTrustedRoot('github', {
        offline: false,
        trustDomain: 'acme',
        mirror: mirror(repo),
        warn: () => undefined,
      }),
    ).rejects.toThrow(
      /^Could not fetch the trusted root of trust domain 'acme' from http:\/\/127\.0\.0\.1:\d+ \(error downloading target: .*hash.*\); pass it with 'trusted-root'/,
    );
    expect(repo.requests).toContain('/targets/acme.trusted_root.json');
  });
});

describe('where TUF metadata is cached', () => {
  // The owner of what this process creates; another user is simulated by asking for uid + 1.
  const uid = process.getuid?.() ?? 0;
  const fresh = (name: string) => {
    const dir = join(ws, name);
    mkdirSync(dir);
    return dir;
  };

  it("on a runner, in the job's RUNNER_TEMP, created private", async () => {
    const runnerTemp = fresh('runner-temp');
    const warnings: string[] = [];
    const path = await tufCachePath((m) => warnings.push(m), { env: { RUNNER_TEMP: runnerTemp }, uid });
    expect(path).toBe(join(runnerTemp, 'secure-deploy-tuf'));
    expect(lstatSync(path).mode & 0o777).toBe(0o700);
    expect(warnings).toEqual([]);
  });

  it('elsewhere, in a per-user directory of the temporary directory, created private and reused', async () => {
    const tmp = fresh('tmp-per-user');
    const warnings: string[] = [];
    const path = await tufCachePath((m) => warnings.push(m), { env: {}, tmp, uid });
    expect(path).toBe(join(tmp, `secure-deploy-tuf-${uid}`));
    expect(lstatSync(path).mode & 0o777).toBe(0o700);
    await expect(tufCachePath((m) => warnings.push(m), { env: {}, tmp, uid })).resolves.toBe(path);
    expect(warnings).toEqual([]);
  });

  const squatted: { name: string; prepare: (path: string) => void; uid?: number; problem: RegExp }[] = [
    {
      name: 'belongs to another user',
      prepare: (path) => mkdirSync(path, { mode: 0o700 }),
      uid: uid + 1,
      problem: new RegExp(`belongs to user ${uid}, not to this user \\(${uid + 1}\\)`),
    },
    {
      name: 'other users can write',
      prepare: (path) => {
        mkdirSync(path);
        chmodSync(path, 0o777);
      },
      problem: /can be written by other users/,
    },
    {
      name: 'is a symbolic link',
      prepare: (path) => symlinkSync(fresh(`target-${n++}`), path),
      problem: /is a symbolic link/,
    },
  ];
  for (const { name, prepare, problem, ...rest } of squatted) {
    it(`does not use a cache directory that ${name}: a new private one instead, with a warning`, async () => {
      const tmp = fresh(`tmp-${name.replaceAll(' ', '-')}`);
      const as = rest.uid ?? uid;
      const squat = join(tmp, `secure-deploy-tuf-${as}`);
      prepare(squat);
      const warnings: string[] = [];
      const path = await tufCachePath((m) => warnings.push(m), { env: {}, tmp, uid: as });
      expect(path).not.toBe(squat);
      expect(path.startsWith(join(tmp, 'secure-deploy-tuf-'))).toBe(true);
      expect(lstatSync(path).mode & 0o777).toBe(0o700);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(problem);
      expect(warnings[0]).toContain(`The TUF cache directory ${squat} `);
    });
  }
});
