/**
 * End to end through the committed action bundle: artifacts signed by the local Sigstore stack
 * (keyless with GitHub workflow claims, key-signed, DSSE attestations) are verified, and each way
 * a signature can be wrong is rejected with a reason that names the artifact.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertNoLeaks, runBundle, type RunResult } from '../support/runner.ts';
import { type GitHubClaims, identityFor, inTotoStatement, type Stack, startStack } from '../support/sigstore/stack.ts';

const RELEASE: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };
const IDENTITY = identityFor(RELEASE);

let stack: Stack;
let other: Stack;
let old: Stack;
let ws: string;

function write(name: string, content: string | Buffer): void {
  writeFileSync(join(ws, name), content);
}

async function signed(name: string, content: string, claims: GitHubClaims = RELEASE): Promise<void> {
  write(name, content);
  write(`${name}.sigstore.json`, JSON.stringify(await stack.signBlob(Buffer.from(content), claims)));
}

interface Result {
  artifact: string;
  status: string;
  method: string;
  reason: string;
  digest: string;
  signerIdentity?: string;
  sourceRef?: string;
  logIndex?: string;
  signingTime?: string;
}

function results(run: RunResult): Result[] {
  return JSON.parse(run.outputs.results ?? '[]') as Result[];
}

function verify(inputs: Record<string, string>): Promise<RunResult> {
  return runBundle('verify-signatures', {
    cwd: ws,
    inputs: { 'trusted-root': 'trusted_root.json', offline: 'true', ...inputs },
  });
}

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'sd-verify-'));
  // Signed two hours ago: the short-lived certificate has expired since. With its log entry (a
  // trusted time inside the certificate's validity) it verifies; without it, it must not.
  // The mock CA dates its root from the system clock, so the clock is set back while it signs.
  const twoHoursAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 3600 * 1000);
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(twoHoursAgo);
    old = await startStack(twoHoursAgo);
    for (const name of ['expired.tgz', 'no-time.tgz']) {
      write(name, 'signed two hours ago');
      write(`${name}.sigstore.json`, JSON.stringify(await old.signBlob(Buffer.from('signed two hours ago'), RELEASE)));
    }
  } finally {
    vi.useRealTimers();
  }
  write('old_root.json', JSON.stringify(old.trustedRoot));
  // Its interceptors go (close() clears them all) before the current stack intercepts the same URLs.
  old.close();
  stack = await startStack();
  write('trusted_root.json', JSON.stringify(stack.trustedRoot));
  await signed('app.tgz', 'the release');
  await signed('evil-workflow.tgz', 'evil', { ...RELEASE, workflowFile: 'release.yml.evil.yml' });
  await signed('branch.tgz', 'from a branch', { ...RELEASE, ref: 'refs/heads/main' });
  await signed('self-hosted.tgz', 'self hosted', { ...RELEASE, runnerEnvironment: 'self-hosted' });
  // Tampered: the bundle is for the original bytes.
  await signed('tampered.tgz', 'original');
  write('tampered.tgz', 'original, changed after signing');
  // DSSE attestations: one for its artifact, one whose subject is another artifact.
  write('prov.tgz', 'provenance subject');
  write(
    'prov.tgz.sigstore.json',
    JSON.stringify(await stack.attest(inTotoStatement('prov.tgz', Buffer.from('provenance subject')), RELEASE)),
  );
  write('wrong-subject.tgz', 'not the subject');
  write(
    'wrong-subject.tgz.sigstore.json',
    JSON.stringify(await stack.attest(inTotoStatement('prov.tgz', Buffer.from('provenance subject')), RELEASE)),
  );
  // Bundles kept apart from their artifacts, found through the 'bundles' glob by digest: a message
  // signature, and an attestation whose subject names only a sha512 digest.
  mkdirSync(join(ws, 'sigs'));
  write('apart.tgz', 'signed, bundle elsewhere');
  write('sigs/apart.json', JSON.stringify(await stack.signBlob(Buffer.from('signed, bundle elsewhere'), RELEASE)));
  write('apart512.tgz', 'attested by sha512');
  const sha512 = createHash('sha512').update('attested by sha512').digest('hex');
  const statement512 = {
    ...inTotoStatement('apart512.tgz', Buffer.from('')),
    subject: [{ name: 'apart512.tgz', digest: { sha512 } }],
  };
  write('sigs/apart512.json', JSON.stringify(await stack.attest(statement512, RELEASE)));
  // Key-signed.
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  write('keyed.bin', 'key signed');
  write(
    'keyed.bin.sigstore.json',
    JSON.stringify(await stack.signWithKey(Buffer.from('key signed'), keys.privateKey, pem)),
  );
  write('key.pub', pem);
  write(
    'other.pub',
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }),
  );
  // A root that did not issue any of this.
  other = await startStack();
  write('other_root.json', JSON.stringify(other.trustedRoot));
  const noTime = JSON.parse(readFileSync(join(ws, 'no-time.tgz.sigstore.json'), 'utf8')) as {
    verificationMaterial: { tlogEntries: unknown[] };
  };
  noTime.verificationMaterial.tlogEntries = [];
  write('no-time.tgz.sigstore.json', JSON.stringify(noTime));
  // Third-party file pinned by checksum.
  write('vendor.tar', 'vendor bits');
  write('SHA256SUMS', '7c2b1e9d5c2c5c9df8f5f7f5d2f8c4dd0a0b6a2c2f5b83a1e4c5fb7d20b4c1a0  other.tar\n');
}, 60_000);

afterAll(() => {
  stack?.close();
  other?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('verify-signatures action bundle', () => {
  it('verifies a keyless bundle with GitHub workflow claims, and reports what it verified', async () => {
    const run = await verify({
      artifacts: 'app.tgz',
      'certificate-identity': IDENTITY,
      'signer-workflow': 'acme/app/.github/workflows/release.yml',
      'source-repository': 'acme/app',
      'source-ref': 'refs/tags/v1.0.0',
      'deny-self-hosted-runners': 'true',
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verified).toBe('true');
    const [r] = results(run);
    expect(r).toMatchObject({ artifact: 'app.tgz', status: 'verified', method: 'bundle', signerIdentity: IDENTITY });
    expect(r?.sourceRef).toBe('refs/tags/v1.0.0');
    expect(r?.logIndex).toMatch(/^\d+$/);
    expect(r?.signingTime).toBe(stack.clock.toISOString());
    expect(run.outputs.digests).toMatch(/^sha256:[0-9a-f]{64} {2}app\.tgz$/);
    expect(run.summary).toContain('app.tgz');
    await assertNoLeaks({ values: { token: 'ghs_harness_token' }, run });
  });

  it('verifies a certificate that has expired since, at the trusted time the log recorded', async () => {
    const run = await verify({
      artifacts: 'expired.tgz',
      'certificate-identity': IDENTITY,
      'trusted-root': 'old_root.json',
    });
    expect(run.errors).toEqual([]);
    expect(results(run)[0]).toMatchObject({ status: 'verified', signingTime: old.clock.toISOString() });
    expect(Date.now() - old.clock.getTime()).toBeGreaterThan(3600 * 1000);
  });

  it('takes bundles from a glob, matched by any digest they name, and logs every verification', async () => {
    const run = await verify({
      artifacts: 'apart.tgz\napart512.tgz\ntampered.tgz',
      bundles: 'sigs/*.json',
      'certificate-identity': IDENTITY,
      'audit-log': 'file audit/verify.jsonl',
    });
    expect(run.exitCode).toBe(1); // tampered.tgz
    const byName = new Map(results(run).map((r) => [r.artifact, r]));
    expect(byName.get('apart.tgz')).toMatchObject({ status: 'verified', method: 'bundle' });
    expect(byName.get('apart512.tgz')).toMatchObject({ status: 'verified', method: 'bundle' });
    expect(byName.get('tampered.tgz')?.status).toBe('failed');
    const events = readFileSync(join(ws, 'audit', 'verify.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { action: string; outcome: string; target: { artifact: string; digest: string } },
      );
    expect(events.map((e) => [e.action, e.target.artifact, e.outcome]).sort()).toEqual([
      ['signature.verify', 'apart.tgz', 'success'],
      ['signature.verify', 'apart512.tgz', 'success'],
      ['signature.verify', 'tampered.tgz', 'failure'],
    ]);
    expect(events.find((e) => e.target.artifact === 'apart.tgz')?.target.digest).toBe(byName.get('apart.tgz')?.digest);
  });

  it('does not take the bundles a glob also matches for artifacts', async () => {
    const run = await verify({ artifacts: 'app.*', 'certificate-identity': IDENTITY });
    expect(run.errors).toEqual([]);
    expect(results(run).map((r) => r.artifact)).toEqual(['app.tgz']);
  });

  it('verifies an in-toto attestation for its subject and a key-signed bundle', async () => {
    const att = await verify({ artifacts: 'prov.tgz', 'certificate-identity': IDENTITY });
    expect(att.errors).toEqual([]);
    expect(results(att)[0]).toMatchObject({ status: 'verified' });
    const keyed = await verify({ artifacts: 'keyed.bin', key: 'key.pub' });
    expect(keyed.errors).toEqual([]);
    expect(results(keyed)[0]).toMatchObject({ status: 'verified', method: 'key' });
  });

  const rejections: [string, Record<string, string>, RegExp][] = [
    ['a tampered artifact', { artifacts: 'tampered.tgz', 'certificate-identity': IDENTITY }, /not this artifact/],
    [
      'a wrong identity',
      { artifacts: 'app.tgz', 'certificate-identity': identityFor({ ...RELEASE, repository: 'acme/other' }) },
      /identity https:\/\/github\.com\/acme\/app\/.* is not https:\/\/github\.com\/acme\/other/,
    ],
    [
      'an identity that is only a prefix of the real one',
      { artifacts: 'app.tgz', 'certificate-identity': IDENTITY.slice(0, -2) },
      /is not/,
    ],
    [
      'a pattern that matches only a prefix of the identity',
      {
        artifacts: 'app.tgz',
        'certificate-identity-regexp': 'https://github.com/acme/app/.github/workflows/release.yml',
      },
      /does not match/,
    ],
    [
      'a wrong issuer',
      {
        artifacts: 'app.tgz',
        'certificate-identity': IDENTITY,
        'certificate-oidc-issuer': 'https://accounts.example.com',
      },
      /issuer https:\/\/token\.actions\.githubusercontent\.com is not https:\/\/accounts\.example\.com/,
    ],
    [
      'a wrong source ref',
      { artifacts: 'branch.tgz', 'certificate-identity-regexp': '.*', 'source-ref': 'refs/tags/v1.0.0' },
      /source ref refs\/heads\/main is not refs\/tags\/v1\.0\.0/,
    ],
    [
      'a workflow whose name only starts with the allowed one',
      { artifacts: 'evil-workflow.tgz', 'certificate-identity-regexp': '.*', 'signer-workflow': 'release.yml' },
      /signer workflow .*release\.yml\.evil\.yml@refs\/tags\/v1\.0\.0 is not release\.yml/,
    ],
    [
      'a self-hosted runner when they are denied',
      { artifacts: 'self-hosted.tgz', 'certificate-identity': IDENTITY, 'deny-self-hosted-runners': 'true' },
      /runner environment self-hosted/,
    ],
    [
      'an untrusted root',
      { artifacts: 'app.tgz', 'certificate-identity': IDENTITY, 'trusted-root': 'other_root.json' },
      /certificate chain/,
    ],
    [
      'an expired certificate with no trusted time',
      { artifacts: 'no-time.tgz', 'certificate-identity': IDENTITY, 'trusted-root': 'old_root.json' },
      /expected 1 timestamps, got 0/,
    ],
    [
      'an attestation whose subject is another artifact',
      { artifacts: 'wrong-subject.tgz', 'certificate-identity': IDENTITY },
      /attestation is for prov\.tgz .*not this artifact/,
    ],
    ['a key-signed bundle checked with another key', { artifacts: 'keyed.bin', key: 'other.pub' }, /signature/],
    [
      'an attestation of another predicate type',
      { artifacts: 'prov.tgz', 'certificate-identity': IDENTITY, 'predicate-type': 'https://spdx.dev/Document' },
      /predicate type https:\/\/slsa\.dev\/provenance\/v1 is not https:\/\/spdx\.dev\/Document/,
    ],
  ];

  it.each(rejections)('rejects %s, naming the artifact and the reason', async (_name, inputs, reason) => {
    const run = await verify(inputs);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verified).toBe('false');
    const artifact = inputs.artifacts ?? '';
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(artifact);
    expect(run.errors[0]).toMatch(reason);
    expect(results(run)[0]).toMatchObject({ artifact, status: 'failed' });
    expect(run.outputs.digests).toBe('');
  });

  it('refuses a signer workflow that names no repository: any repository can have a release.yml', async () => {
    const run = await verify({ artifacts: 'evil-workflow.tgz', 'signer-workflow': 'release.yml' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/signer-workflow 'release\.yml' alone names no repository/);
    expect(run.outputs.verified).toBe('false');
  });

  it('applies the transparency-log, CT and timestamp thresholds the user sets', async () => {
    // The stack's bundles carry one log entry, one SCT and one trusted time (the log's).
    const stricter = await verify({ artifacts: 'app.tgz', 'certificate-identity': IDENTITY, 'tlog-threshold': '2' });
    expect(stricter.exitCode).toBe(1);
    expect(stricter.errors[0]).toMatch(/app\.tgz.*expected 2 tlog entries, got 1/);
    const twoTimes = await verify({
      artifacts: 'app.tgz',
      'certificate-identity': IDENTITY,
      'timestamp-threshold': '2',
    });
    expect(twoTimes.exitCode).toBe(1);
    expect(twoTimes.errors[0]).toMatch(/expected 2 timestamps, got 1/);
    const twoScts = await verify({ artifacts: 'app.tgz', 'certificate-identity': IDENTITY, 'ctlog-threshold': '2' });
    expect(twoScts.exitCode).toBe(1);
    expect(twoScts.errors[0]).toMatch(/expected 2 SCTs, got 1/);
    // Giving up the log requirement (private Sigstore without Rekor) is allowed, never silently.
    const noLog = await verify({ artifacts: 'keyed.bin', key: 'key.pub', 'tlog-threshold': '0' });
    expect(noLog.exitCode).toBe(0);
    expect(noLog.warnings.some((w) => /'tlog-threshold' is 0/.test(w))).toBe(true);
    // No trusted time at all is never allowed: the certificate's validity would go unchecked.
    const noTime = await verify({ artifacts: 'app.tgz', 'certificate-identity': IDENTITY, 'timestamp-threshold': '0' });
    expect(noTime.exitCode).toBe(1);
    expect(noTime.errors).toHaveLength(1);
    expect(noTime.errors[0]).toMatch(/timestamp-threshold/);
    expect(noTime.outputs.verified ?? 'false').toBe('false');
  });

  it('reports every bad input and still verifies the good artifacts', async () => {
    mkdirSync(join(ws, 'sub'), { recursive: true });
    symlinkSync('/etc/hostname', join(ws, 'sub', 'link.txt'));
    write('broken.tgz', 'x');
    write('broken.tgz.sigstore.json', '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verif');
    write('unknown.tgz', 'y');
    write('unknown.tgz.sigstore.json', JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.9+json' }));
    const run = await verify({
      artifacts: [
        'app.tgz',
        'nothing-*.zip',
        '../outside.txt',
        'sub/*.txt',
        'broken.tgz',
        'unknown.tgz',
        'sha256:1234',
      ].join('\n'),
      'certificate-identity': IDENTITY,
    });
    expect(run.exitCode).toBe(1);
    const byName = new Map(results(run).map((r) => [r.artifact, r]));
    expect(byName.get('app.tgz')?.status).toBe('verified');
    expect(byName.get('nothing-*.zip')?.reason).toMatch(/no file matches/);
    expect(byName.get('../outside.txt')?.reason).toMatch(/escapes the workspace/);
    expect(byName.get('sub/*.txt')?.reason).toMatch(/outside the workspace/);
    expect(byName.get('broken.tgz')?.reason).toMatch(/not valid JSON/);
    expect(byName.get('unknown.tgz')?.reason).toMatch(/unknown media type/);
    expect(byName.get('sha256:1234')?.reason).toMatch(/64 hex/);
    expect(run.errors).toHaveLength(6);
    expect(run.outputs.digests).toMatch(/app\.tgz$/);
  });

  it('reports a pinned third-party artifact as compensated, never verified, and needs a reason', async () => {
    const digest = (await import('node:crypto')).createHash('sha256').update('vendor bits').digest('hex');
    write('SHA256SUMS', `${digest}  dist/vendor.tar\n`);
    const run = await verify({ artifacts: 'vendor.tar', checksums: 'SHA256SUMS', reason: 'vendor does not sign' });
    expect(run.errors).toEqual([]);
    expect(run.outputs.verified).toBe('true');
    expect(results(run)[0]).toMatchObject({ status: 'compensated', method: 'checksum' });
    const noReason = await verify({ artifacts: 'vendor.tar', checksums: 'SHA256SUMS' });
    expect(noReason.exitCode).toBe(1);
    expect(noReason.errors.join('\n')).toMatch(/reason/);
    write('vendor.tar', 'vendor bits, swapped');
    const swapped = await verify({ artifacts: 'vendor.tar', checksums: 'SHA256SUMS', reason: 'vendor does not sign' });
    expect(swapped.exitCode).toBe(1);
    expect(swapped.errors[0]).toMatch(/vendor\.tar.*pins/);
  });
});
