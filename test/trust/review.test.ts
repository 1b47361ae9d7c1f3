import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import * as openpgp from 'openpgp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerTrustCommands } from '../../src/cli/trust.ts';
import { loadTrustPolicy, type TrustPolicy } from '../../src/trust/policy.ts';
import { anchorsForUse, formatReview, reviewTrustPolicy, type TrustReview } from '../../src/trust/review.ts';
import { makePki, type Pki } from '../support/pki.ts';

const DAY = 86_400_000;
let pki: Pki;
let path: string;
let policy: TrustPolicy;
// A few minutes ahead, so that the certificates made below are already valid at `now`.
const now = new Date(Date.now() + 5 * 60_000);

function isoDay(offsetDays: number): string {
  return new Date(now.getTime() + offsetDays * DAY).toISOString().slice(0, 10);
}

beforeAll(async () => {
  pki = await makePki();
  const dir = mkdtempSync(join(tmpdir(), 'sd-review-'));
  const { publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Vendor', email: 'release@vendor.example' }],
    keyExpirationTime: 5 * 24 * 3600,
    format: 'armored',
  });
  const fingerprint = (await openpgp.readKey({ armoredKey: publicKey })).getFingerprint();
  writeFileSync(join(dir, 'vendor.asc'), publicKey);
  path = join(dir, 'policy.yml');
  writeFileSync(
    path,
    `version: 1
anchors:
  - id: old-release
    type: sigstore
    owner: platform-team
    review-by: ${isoDay(-3)}
    third-party: false
    issuer: https://token.actions.githubusercontent.com
    identity: https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main
  - id: soon
    type: sigstore
    owner: platform-team
    review-by: ${isoDay(10)}
    third-party: false
    issuer: https://token.actions.githubusercontent.com
    identity: https://github.com/acme/lib/.github/workflows/release.yml@refs/heads/main
  - id: corp-ca
    type: x509-ca
    owner: pki-team
    review-by: ${isoDay(365)}
    third-party: false
    certificate-file: ${pki.rootPemPath}
  - id: vendor
    type: openpgp
    owner: security-team
    review-by: ${isoDay(200)}
    third-party: true
    fingerprint: ${fingerprint}
    key-file: vendor.asc
rules:
  - artifacts: '**'
    anchors: [old-release, soon, corp-ca, vendor]
`,
  );
  policy = loadTrustPolicy(path);
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('reviewTrustPolicy', () => {
  it('reports an overdue review as an error and a review or key expiry within the window as warnings', async () => {
    const review = await reviewTrustPolicy(policy, { days: 30, now });
    expect(review.errors).toBe(1);
    expect(review.warnings).toBe(2);
    expect(review.findings.map((f) => [f.severity, f.kind, f.anchorId])).toEqual([
      ['error', 'review-overdue', 'old-release'],
      ['warning', 'key-expiring', 'vendor'],
      ['warning', 'review-due', 'soon'],
    ]);
    expect(review.findings[0]?.message).toContain(
      `anchor old-release (sigstore, owner platform-team): review was due on ${isoDay(-3)}, 3 days ago`,
    );
    expect(review.findings[1]?.message).toContain('vendor (openpgp, third party, owner security-team)');
    expect(review.findings[0]?.line).toBe(3);
    // A narrower window drops the warnings about day 10, not the key expiring in 5 days.
    const narrow = await reviewTrustPolicy(policy, { days: 7, now });
    expect(narrow.findings.map((f) => f.kind)).toEqual(['review-overdue', 'key-expiring']);
  });

  it('reports CA certificates and keys that have expired', async () => {
    const later = new Date(now.getTime() + 3700 * DAY);
    const review = await reviewTrustPolicy(policy, { days: 30, now: later });
    const kinds = review.findings.filter((f) => f.severity === 'error').map((f) => `${f.kind}:${f.anchorId}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'certificate-expired:corp-ca',
        'key-expired:vendor',
        'review-overdue:old-release',
        'review-overdue:soon',
      ]),
    );
    const expiring = await reviewTrustPolicy(policy, { days: 30, now: new Date(now.getTime() + 3640 * DAY) });
    expect(expiring.findings.find((f) => f.anchorId === 'corp-ca' && f.kind.startsWith('certificate'))).toMatchObject({
      severity: 'warning',
      kind: 'certificate-expiring',
    });
  });

  it('tells verify-signatures which anchors to refuse', async () => {
    const used = await anchorsForUse(policy, { ids: ['soon', 'corp-ca'], now });
    expect(used.refused).toEqual([]);
    expect(used.warnings.map((w) => w.anchorId)).toEqual(['soon']);
    const all = await anchorsForUse(policy, { now });
    expect(all.refused.map((r) => r.anchorId)).toEqual(['old-release']);
  });
});

describe('secure-deploy trust review', () => {
  async function run(args: string[]): Promise<string> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    });
    const program = new Command('secure-deploy').exitOverride();
    registerTrustCommands(program);
    await program.parseAsync(args, { from: 'user' });
    return out;
  }

  it('prints the findings and sets exit status 1 on an error', async () => {
    const text = await run(['trust', 'review', '--policy', path, '--days', '30']);
    expect(text).toContain('4 anchors: 1 errors, 2 warnings');
    expect(text).toMatch(/ERROR +line 3: anchor old-release/);
    expect(text).toMatch(/WARNING line 10: anchor soon/);
    expect(process.exitCode).toBe(1);
  });

  it('prints JSON with --json', async () => {
    const json = JSON.parse(await run(['trust', 'review', '--policy', path, '--json', '--days', '7'])) as TrustReview;
    expect(json.days).toBe(7);
    expect(json.anchors.map((a) => a.id)).toEqual(['old-release', 'soon', 'corp-ca', 'vendor']);
    expect(json.findings.map((f) => f.kind)).toEqual(['review-overdue', 'key-expiring']);
  });

  it('rejects a bad --days and a missing policy', async () => {
    await expect(run(['trust', 'review', '--policy', path, '--days', 'soon'])).rejects.toThrow('whole number of days');
    await expect(run(['trust', 'review', '--policy', join(tmpdir(), 'missing-policy.yml')])).rejects.toThrow(
      'cannot be read',
    );
  });

  it('formats a clean review', () => {
    const text = formatReview({
      policy: 'p.yml',
      checkedAt: 'now',
      days: 30,
      anchors: [],
      findings: [],
      errors: 0,
      warnings: 0,
    });
    expect(text).toContain('Every anchor is within its review date and validity.');
  });
});
