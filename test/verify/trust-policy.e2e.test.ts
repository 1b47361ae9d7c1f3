/**
 * verify-signatures driven by the versioned trust policy, end to end through the committed action
 * bundle: Sigstore identities and keys through the engine, X.509 (CMS, raw signature with
 * certificate) and OpenPGP signatures found beside the artifacts, checksum pins, `require: all`,
 * anchors past their review date refused and those due soon warned.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmsSign, makePki, type Pki, rawSign } from '../support/pki.ts';
import { runBundle, type RunResult } from '../support/runner.ts';
import { runCli } from './cli.ts';
import { type GitHubClaims, identityFor, ISSUER, type Stack, startStack } from '../support/sigstore/stack.ts';

const RELEASE: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };
const IDENTITY = identityFor(RELEASE);

let stack: Stack;
let pki: Pki;
let ws: string;
let fingerprint: string;

interface Row {
  artifact: string;
  status: string;
  method: string;
  reason: string;
  digest: string;
  signerIdentity?: string;
}

const rows = (run: RunResult): Row[] => JSON.parse(run.outputs.results ?? '[]') as Row[];
const row = (run: RunResult, artifact: string): Row | undefined => rows(run).find((r) => r.artifact === artifact);

function write(name: string, content: string | Buffer): void {
  writeFileSync(join(ws, name), content);
}

async function signPgp(key: openpgp.PrivateKey, text: string): Promise<string> {
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) });
  return (await openpgp.sign({ message, signingKeys: key, detached: true, format: 'armored' })) as string;
}

function isoDay(daysFromNow: number): string {
  return new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);
}

function policy(rules: string, extraAnchors = ''): string {
  return `version: 1
anchors:
  - id: release
    type: sigstore
    owner: platform-team
    review-by: 2099-01-01
    third-party: false
    issuer: ${ISSUER}
    identity: ${IDENTITY}
    signer-workflow: acme/app/.github/workflows/release.yml
  - id: build-key
    type: public-key
    owner: platform-team
    review-by: 2099-01-01
    third-party: false
    key-file: key.pub
  - id: corp-pki
    type: x509-ca
    owner: pki-team
    review-by: 2099-01-01
    third-party: false
    certificate-file: root.pem
    intermediates-file: intermediate.pem
    crl-file: crl.pem
  - id: vendor
    type: openpgp
    owner: security-team
    review-by: ${isoDay(10)}
    third-party: true
    fingerprint: ${fingerprint}
    key-file: vendor.asc
  - id: stale
    type: sigstore
    owner: old-team
    review-by: 2020-01-01
    third-party: false
    issuer: ${ISSUER}
    identity: ${IDENTITY}
${extraAnchors}rules:
${rules}`;
}

function verify(inputs: Record<string, string>): Promise<RunResult> {
  return runBundle('verify-signatures', {
    cwd: ws,
    inputs: { 'trusted-root': 'trusted_root.json', offline: 'true', policy: 'trust-policy.yml', ...inputs },
  });
}

beforeAll(async () => {
  [stack, pki] = await Promise.all([startStack(), makePki()]);
  ws = mkdtempSync(join(tmpdir(), 'sd-trust-e2e-'));
  mkdirSync(join(ws, 'dist'));
  mkdirSync(join(ws, 'firmware'));
  mkdirSync(join(ws, 'vendor'));
  write('trusted_root.json', JSON.stringify(stack.trustedRoot));
  copyFileSync(pki.rootPemPath, join(ws, 'root.pem'));
  copyFileSync(pki.intermediatePemPath, join(ws, 'intermediate.pem'));
  copyFileSync(pki.crlPemPath, join(ws, 'crl.pem'));

  // Sigstore keyless, and key-signed.
  write('dist/app.tgz', 'the release');
  write('dist/app.tgz.sigstore.json', JSON.stringify(await stack.signBlob(Buffer.from('the release'), RELEASE)));
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  write('key.pub', pem);
  write('dist/keyed.bin', 'key signed');
  write(
    'dist/keyed.bin.sigstore.json',
    JSON.stringify(await stack.signWithKey(Buffer.from('key signed'), keys.privateKey, pem)),
  );
  // X.509: CMS, raw signature with certificate, an expired signer, a tampered artifact.
  write('firmware/good.bin', 'good firmware');
  await cmsSign(join(ws, 'firmware/good.bin'), pki.leaf, { out: join(ws, 'firmware/good.bin.p7s') });
  write('firmware/raw.bin', 'raw signed firmware');
  const raw = await rawSign(join(ws, 'firmware/raw.bin'), pki.leaf);
  copyFileSync(raw, join(ws, 'firmware/raw.bin.sig'));
  copyFileSync(pki.leaf.certPath, join(ws, 'firmware/raw.bin.crt'));
  write('firmware/expired.bin', 'old firmware');
  await cmsSign(join(ws, 'firmware/expired.bin'), pki.expiredLeaf, { out: join(ws, 'firmware/expired.bin.p7s') });
  write('firmware/tampered.bin', 'original firmware');
  await cmsSign(join(ws, 'firmware/tampered.bin'), pki.leaf, { out: join(ws, 'firmware/tampered.bin.p7s') });
  write('firmware/tampered.bin', 'original firmware, patched');
  const cms = async (name: string, signer: Pki['leaf'], chain?: string[]): Promise<void> => {
    write(name, `${name} bits`);
    await cmsSign(join(ws, name), signer, { out: join(ws, `${name}.p7s`), ...(chain ? { chain } : {}) });
  };
  await cms('firmware/untrusted.bin', pki.untrustedLeaf, [pki.untrustedRoot.self.certPath]);
  await cms('firmware/no-eku.bin', pki.noCodeSigningLeaf);
  await cms('firmware/revoked.bin', pki.revokedLeaf);
  await cms('firmware/old-ca.bin', pki.leafUnderExpiredIntermediate, [pki.expiredIntermediate.certPath]);
  // OpenPGP, by a vendor whose anchor is due for review in 10 days.
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Vendor' }],
    format: 'object',
  });
  fingerprint = publicKey.getFingerprint();
  write('vendor.asc', publicKey.armor());
  write('vendor/tool.tgz', 'vendor tool');
  write('vendor/tool.tgz.asc', await signPgp(privateKey, 'vendor tool'));
  write('vendor/legacy.tgz', 'legacy agent');
  write('other.txt', 'no rule covers me');

  const legacy = createHash('sha256').update('legacy agent').digest('hex');
  write(
    'trust-policy.yml',
    policy(`  - artifacts: 'dist/app.tgz'
    anchors: [release]
  - artifacts: 'dist/keyed.bin'
    anchors: [build-key]
  - artifacts: 'firmware/*.bin'
    anchors: [corp-pki]
  - artifacts: 'vendor/tool.tgz'
    anchors: [vendor]
  - artifacts: 'vendor/legacy.tgz'
    checksum: sha256:${legacy}
    reason: the vendor publishes no signatures (SEC-1234)
  - artifacts: 'stale/**'
    anchors: [stale]
`),
  );
}, 60_000);

afterAll(() => {
  stack?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('verify-signatures with a trust policy', () => {
  it('verifies each artifact by its rule: Sigstore identity, key, CMS, raw X.509, OpenPGP, checksum pin', async () => {
    const run = await verify({
      artifacts:
        'dist/app.tgz\ndist/keyed.bin\nfirmware/good.bin\nfirmware/raw.bin\nvendor/tool.tgz\nvendor/legacy.tgz',
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verified).toBe('true');
    expect(row(run, 'dist/app.tgz')).toMatchObject({ status: 'verified', method: 'bundle', signerIdentity: IDENTITY });
    expect(row(run, 'dist/keyed.bin')).toMatchObject({ status: 'verified', method: 'key' });
    expect(row(run, 'firmware/good.bin')).toMatchObject({ status: 'verified', method: 'x509' });
    expect(row(run, 'firmware/good.bin')?.signerIdentity).toContain('CN=Release Signing');
    expect(row(run, 'firmware/raw.bin')).toMatchObject({ status: 'verified', method: 'x509' });
    expect(row(run, 'vendor/tool.tgz')).toMatchObject({ status: 'verified', method: 'openpgp' });
    expect(row(run, 'vendor/tool.tgz')?.signerIdentity).toBe(fingerprint.toLowerCase());
    expect(row(run, 'vendor/legacy.tgz')).toMatchObject({ status: 'compensated', method: 'checksum' });
    expect(row(run, 'vendor/legacy.tgz')?.reason).toContain('SEC-1234');
    expect(run.outputs.digests?.split('\n')).toHaveLength(6);
    // The vendor anchor is due for review within 30 days: a warning annotation, not a failure.
    expect(run.warnings.some((w) => w.includes('vendor') && w.includes('review is due'))).toBe(true);
  });

  it('rejects an expired signer, a tampered artifact, an artifact no rule covers, and an anchor past review', async () => {
    mkdirSync(join(ws, 'stale'), { recursive: true });
    write('stale/app.tgz', 'the release');
    copyFileSync(join(ws, 'dist/app.tgz.sigstore.json'), join(ws, 'stale/app.tgz.sigstore.json'));
    const run = await verify({ artifacts: 'firmware/expired.bin\nfirmware/tampered.bin\nother.txt\nstale/app.tgz' });
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs.verified).toBe('false');
    expect(rows(run).every((r) => r.status === 'failed')).toBe(true);
    expect(row(run, 'firmware/expired.bin')?.reason).toMatch(/Expired Signing/);
    expect(row(run, 'firmware/expired.bin')?.method).toBe('x509');
    expect(row(run, 'firmware/tampered.bin')?.reason).toMatch(
      /rule on line \d+: corp-pki: the CMS signature does not verify over the artifact \(the artifact was modified, or this is another artifact's signature\): .*Message digest doesn't match/,
    );
    expect(row(run, 'other.txt')?.reason).toMatch(/no rule of the trust policy covers/);
    expect(row(run, 'stale/app.tgz')?.reason).toMatch(/stale: .*review was due on 2020-01-01/);
    expect(run.errors).toHaveLength(4);
    expect(run.warnings.some((w) => w.includes('refused') && w.includes('stale'))).toBe(true);
  });

  it('rejects X.509 signatures by an untrusted root, without codeSigning, revoked, or under an expired CA', async () => {
    const run = await verify({
      artifacts: 'firmware/untrusted.bin\nfirmware/no-eku.bin\nfirmware/revoked.bin\nfirmware/old-ca.bin',
    });
    expect(run.outputs.verified).toBe('false');
    expect(run.errors).toHaveLength(4);
    expect(rows(run).every((r) => r.status === 'failed' && r.method === 'x509')).toBe(true);
    expect(row(run, 'firmware/untrusted.bin')?.reason).toContain('a root that is not trusted by the policy');
    expect(row(run, 'firmware/no-eku.bin')?.reason).toContain('lacks the codeSigning extended key usage');
    expect(row(run, 'firmware/revoked.bin')?.reason).toMatch(/CN=Revoked Signing.* was revoked on/);
    expect(row(run, 'firmware/old-ca.bin')?.reason).toContain(
      'CN=Expired Issuing CA, O=secure-deploy tests expired on',
    );
  });

  it('refuses a signature file beside the artifact that is a symlink out of the workspace', async () => {
    write('firmware/linked.bin', 'linked firmware');
    const outside = join(pki.dir, 'linked.bin.p7s');
    await cmsSign(join(ws, 'firmware/linked.bin'), pki.leaf, { out: outside });
    symlinkSync(outside, join(ws, 'firmware/linked.bin.p7s'));
    const run = await verify({ artifacts: 'firmware/linked.bin' });
    expect(run.outputs.verified).toBe('false');
    expect(row(run, 'firmware/linked.bin')?.reason).toMatch(/linked\.bin\.p7s is refused: .*outside the workspace/);
  });

  it('requires every anchor of a require: all rule', async () => {
    write(
      'all-policy.yml',
      policy(`  - artifacts: 'firmware/good.bin'
    anchors: [corp-pki, vendor]
    require: all
`),
    );
    const run = await verify({ artifacts: 'firmware/good.bin', policy: 'all-policy.yml' });
    expect(run.outputs.verified).toBe('false');
    expect(row(run, 'firmware/good.bin')?.reason).toMatch(/vendor: no OpenPGP signature/);
  });

  it('refuses competing identity inputs, and the retired policy format, with a clear reason', async () => {
    const competing = await verify({ artifacts: 'dist/app.tgz', 'certificate-identity': IDENTITY });
    expect(competing.exitCode).not.toBe(0);
    expect(competing.errors.join('\n')).toMatch(/remove 'certificate-identity'/);
    write('old-policy.yml', 'artifacts:\n  - match: "dist/*"\n    certificate-identity: x\n');
    const retired = await verify({ artifacts: 'dist/app.tgz', policy: 'old-policy.yml' });
    expect(retired.exitCode).not.toBe(0);
    expect(retired.errors.join('\n')).toMatch(/retired 'artifacts:' list format/);
    write('bad-policy.yml', 'version: 1\nanchors: []\nrules:\n  - artifacts: x\n    checksum: sha256:00\n');
    const bad = await verify({ artifacts: 'dist/app.tgz', policy: 'bad-policy.yml' });
    expect(bad.errors.join('\n')).toMatch(/line \d+/);
  });

  it('does the same from the CLI: secure-deploy verify --policy', async () => {
    const common = ['verify', '--policy', 'trust-policy.yml', '--trusted-root', 'trusted_root.json', '--offline'];
    const ok = await runCli([...common, '--json', 'firmware/good.bin', 'vendor/tool.tgz', 'dist/app.tgz'], { cwd: ws });
    expect(ok.stderr).not.toMatch(/secure-deploy:/);
    expect(ok.exitCode).toBe(0);
    const results = JSON.parse(ok.stdout) as Row[];
    expect(results.map((r) => [r.artifact, r.status, r.method])).toEqual([
      ['firmware/good.bin', 'verified', 'x509'],
      ['vendor/tool.tgz', 'verified', 'openpgp'],
      ['dist/app.tgz', 'verified', 'bundle'],
    ]);
    expect(ok.stderr).toMatch(/warning: .*vendor.*review is due/);
    const bad = await runCli([...common, 'firmware/tampered.bin'], { cwd: ws });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/FAILED {2}firmware\/tampered\.bin/);
  });

  it('the deploy gate takes the same policy, and requests no approval when an artifact fails it', async () => {
    const run = await runBundle('deploy-gate', {
      cwd: ws,
      inputs: {
        'trusted-root': 'trusted_root.json',
        offline: 'true',
        policy: 'trust-policy.yml',
        artifacts: 'firmware/good.bin\nfirmware/tampered.bin',
        environment: 'production',
      },
    });
    expect(run.exitCode).not.toBe(0);
    expect(row(run, 'firmware/good.bin')).toMatchObject({ status: 'verified', method: 'x509' });
    expect(row(run, 'firmware/tampered.bin')?.status).toBe('failed');
    expect(run.errors.join('\n')).toMatch(/no approval was requested/);
    expect(run.outputs.approved).toBe('false');
  });
});
