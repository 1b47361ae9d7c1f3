import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateArtifact } from '../../src/trust/evaluate.ts';
import { parseTrustPolicy, type TrustPolicy } from '../../src/trust/policy.ts';
import { cmsSign, makePki, type Pki } from '../support/pki.ts';

let pki: Pki;
let dir: string;
let policy: TrustPolicy;

beforeAll(async () => {
  pki = await makePki();
  dir = join(pki.dir, 'workspace');
  mkdirSync(join(dir, 'firmware'), { recursive: true });
  mkdirSync(join(dir, 'vendor'), { recursive: true });

  writeFileSync(join(dir, 'firmware/good.bin'), 'good firmware');
  await cmsSign(join(dir, 'firmware/good.bin'), pki.leaf, { out: join(dir, 'firmware/good.bin.p7s') });
  writeFileSync(join(dir, 'firmware/expired.bin'), 'old firmware');
  await cmsSign(join(dir, 'firmware/expired.bin'), pki.expiredLeaf, { out: join(dir, 'firmware/expired.bin.p7s') });
  writeFileSync(join(dir, 'firmware/unsigned.bin'), 'nobody signed me');
  writeFileSync(join(dir, 'firmware/both.bin'), 'needs two signatures');
  await cmsSign(join(dir, 'firmware/both.bin'), pki.leaf, { out: join(dir, 'firmware/both.bin.p7s') });

  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Vendor' }],
    format: 'object',
  });
  writeFileSync(join(dir, 'vendor.asc'), publicKey.armor());
  writeFileSync(join(dir, 'firmware/both.bin.asc'), await signPgp(privateKey, 'needs two signatures'));
  writeFileSync(join(dir, 'vendor/tool.tgz'), 'vendor tool');
  writeFileSync(join(dir, 'vendor/tool.tgz.asc'), await signPgp(privateKey, 'vendor tool'));
  writeFileSync(join(dir, 'vendor/legacy.tgz'), 'legacy agent');
  copyFileSync(pki.rootPemPath, join(dir, 'root.pem'));
  const legacy = createHash('sha256').update('legacy agent').digest('hex');

  policy = parseTrustPolicy(
    `version: 1
anchors:
  - id: corp-pki
    type: x509-ca
    owner: pki-team
    review-by: 2099-01-01
    third-party: false
    certificate-file: root.pem
    intermediates-file: ${pki.intermediatePemPath}
  - id: vendor
    type: openpgp
    owner: security
    review-by: 2099-01-01
    third-party: true
    fingerprint: ${publicKey.getFingerprint()}
    key-file: vendor.asc
  - id: stale-vendor
    type: openpgp
    owner: security
    review-by: 2020-01-01
    third-party: true
    fingerprint: ${publicKey.getFingerprint()}
    key-file: vendor.asc
rules:
  - artifacts: 'firmware/*.bin'
    anchors: [corp-pki]
  - artifacts: 'firmware/both.bin'
    anchors: [corp-pki, vendor]
    require: all
  - artifacts: 'vendor/tool.tgz'
    anchors: [stale-vendor]
  - artifacts: 'vendor/legacy.tgz'
    checksum: sha256:${legacy}
    reason: the vendor publishes no signatures (SEC-1234)
`,
    join(dir, 'trust-policy.yml'),
  );
});

async function signPgp(key: openpgp.PrivateKey, text: string): Promise<string> {
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) });
  return (await openpgp.sign({ message, signingKeys: key, detached: true, format: 'armored' })) as string;
}

const evaluate = (path: string) => evaluateArtifact(policy, path, { readPath: join(dir, path) });

describe('evaluateArtifact', () => {
  it('verifies a CMS-signed artifact found beside it', async () => {
    const result = await evaluate('firmware/good.bin');
    expect(result.status).toBe('verified');
    expect(result.message).toBe('firmware/good.bin: verified by corp-pki (CN=Release Signing, O=secure-deploy tests)');
  });

  it('requires every anchor of an `all` rule', async () => {
    const result = await evaluate('firmware/both.bin');
    expect(result.status).toBe('verified');
    expect(result.rules.map((r) => r.accepted.map((a) => a.anchorId))).toEqual([['corp-pki'], ['corp-pki', 'vendor']]);
  });

  it('fails an expired signer, an unsigned artifact, an anchor past review, and an artifact no rule covers', async () => {
    expect((await evaluate('firmware/expired.bin')).message).toContain(
      'corp-pki: signing certificate CN=Expired Signing',
    );
    const unsigned = await evaluate('firmware/unsigned.bin');
    expect(unsigned.status).toBe('failed');
    expect(unsigned.message).toContain(
      'corp-pki: no CMS signature (.p7s) or raw signature with certificate (.sig + .crt) found',
    );
    const stale = await evaluate('vendor/tool.tgz');
    expect(stale.status).toBe('failed');
    expect(stale.message).toContain("stale-vendor: the anchor's review was due on 2020-01-01");
    writeFileSync(join(dir, 'other.txt'), 'x');
    expect((await evaluate('other.txt')).message).toBe('other.txt: no rule of the trust policy covers this artifact');
  });

  it('reports a checksum pin as compensated, never verified', async () => {
    const result = await evaluate('vendor/legacy.tgz');
    expect(result.status).toBe('compensated');
    expect(result.message).toContain('the vendor publishes no signatures (SEC-1234)');
    writeFileSync(join(dir, 'vendor/legacy.tgz'), 'legacy agent, modified');
    expect((await evaluate('vendor/legacy.tgz')).status).toBe('failed');
  });
});
