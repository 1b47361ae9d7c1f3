import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import { loadTrustPolicy, parseTrustPolicy, rulesFor } from '../../src/trust/policy.ts';
import { makePki, type Pki } from '../support/pki.ts';

let pki: Pki;
let dir: string;

beforeAll(async () => {
  pki = await makePki();
  dir = mkdtempSync(join(tmpdir(), 'sd-policy-'));
});

function policyFile(text: string): string {
  const path = join(dir, `policy-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, text);
  return path;
}

const SIGSTORE = `
  - id: release
    type: sigstore
    owner: platform-team
    review-by: 2099-01-31
    third-party: false
    issuer: https://token.actions.githubusercontent.com
    identity-pattern: https://github.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v.*
    signer-workflow: acme/app/.github/workflows/release.yml
    source-repository: acme/app
    deny-self-hosted-runners: true`;

function expectConfigError(fn: () => unknown, ...parts: (string | RegExp)[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigurationError);
  const message = (caught as Error).message;
  for (const part of parts) {
    if (typeof part === 'string') expect(message).toContain(part);
    else expect(message).toMatch(part);
  }
}

describe('loadTrustPolicy', () => {
  it('loads every anchor type and resolves rules by glob', () => {
    const path = policyFile(`version: 1
anchors:${SIGSTORE}
  - id: corp-ca
    type: x509-ca
    owner: pki-team
    review-by: 2099-06-30
    third-party: false
    certificate-file: ${pki.rootPemPath}
    crl-file: ${pki.crlPemPath}
  - id: build-key
    type: public-key
    owner: platform-team
    review-by: 2099-06-30
    third-party: false
    key: |
${pki.leafPublicKeyPem
  .trim()
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
rules:
  - artifacts: ['dist/**/*.tgz', 'registry.local/app']
    anchors: [release, build-key]
    require: all
  - artifacts: 'firmware/*.bin'
    anchors: [corp-ca]
  - artifacts: vendor/tool-1.2.3.tar.gz
    checksum: sha256:${'a'.repeat(64)}
    reason: the vendor publishes no signatures; pinned after manual review in TICKET-12
`);
    const policy = loadTrustPolicy(path);
    expect(policy.anchors.map((a) => [a.id, a.type, a.line])).toEqual([
      ['release', 'sigstore', 3],
      ['corp-ca', 'x509-ca', 13],
      ['build-key', 'public-key', 20],
    ]);
    const release = policy.anchors[0];
    const re = release?.type === 'sigstore' ? release.identityRegExp : undefined;
    expect(re?.test('https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.2.3')).toBe(true);
    // Anchored at both ends whatever the user wrote.
    expect(re?.test('https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1\nx')).toBe(false);
    expect(re?.test('xhttps://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1')).toBe(false);
    const ca = policy.anchors[1];
    expect(ca?.type === 'x509-ca' && [ca.certificates.length, ca.crls.length]).toEqual([1, 1]);

    const tgz = rulesFor(policy, './dist/linux/app.tgz');
    expect(tgz).toHaveLength(1);
    expect(tgz[0]?.kind === 'signature' && tgz[0].require).toBe('all');
    expect(tgz[0]?.resolvedAnchors.map((a) => a.id)).toEqual(['release', 'build-key']);
    expect(rulesFor(policy, 'registry.local/app')[0]?.kind).toBe('signature');
    const pin = rulesFor(policy, 'vendor/tool-1.2.3.tar.gz');
    expect(pin[0]?.kind === 'checksum' && pin[0].checksums).toEqual([{ algorithm: 'sha256', hex: 'a'.repeat(64) }]);
    expect(rulesFor(policy, 'other/thing.txt')).toEqual([]);
  });

  it('rejects an unknown key, naming the line and the path', () => {
    const text = `version: 1\nanchors:${SIGSTORE}\n    colour: blue\nrules:\n  - artifacts: '*'\n    anchors: [release]\n`;
    expectConfigError(() => parseTrustPolicy(text), "line 13: /anchors/0: unknown key 'colour'");
  });

  it('rejects an unknown top-level key', () => {
    expectConfigError(
      () =>
        parseTrustPolicy(
          `version: 1\nanchors:${SIGSTORE}\nrules:\n  - artifacts: '*'\n    anchors: [release]\nextra: 1\n`,
        ),
      "line 16: /: unknown key 'extra'",
    );
  });

  it('rejects a duplicate anchor id', () => {
    const text = `version: 1\nanchors:${SIGSTORE}${SIGSTORE}\nrules:\n  - artifacts: '*'\n    anchors: [release]\n`;
    expectConfigError(
      () => parseTrustPolicy(text),
      "line 13: anchors/1: duplicate anchor id 'release' (first declared on line 3)",
    );
  });

  it('rejects a review-by that is not a date', () => {
    const text = `version: 1\nanchors:${SIGSTORE.replace('2099-01-31', 'next spring')}\nrules:\n  - artifacts: '*'\n    anchors: [release]\n`;
    expectConfigError(
      () => parseTrustPolicy(text),
      'line 6: /anchors/0/review-by: must be a date (YYYY-MM-DD), got "next spring"',
    );
    const impossible = `version: 1\nanchors:${SIGSTORE.replace('2099-01-31', '2099-02-30')}\nrules:\n  - artifacts: '*'\n    anchors: [release]\n`;
    expectConfigError(() => parseTrustPolicy(impossible), /review-by: must be a date|not a calendar date/);
  });

  it('rejects a checksum pin without a reason', () => {
    const text = `version: 1\nanchors:${SIGSTORE}\nrules:\n  - artifacts: vendor/x.tgz\n    checksum: sha256:${'b'.repeat(64)}\n`;
    expectConfigError(
      () => parseTrustPolicy(text),
      "line 14: /rules/0: missing required key 'reason': a checksum pin is a compensating measure",
    );
  });

  it('rejects a CA file that is not a CA certificate', () => {
    const text = `version: 1
anchors:
  - id: corp-ca
    type: x509-ca
    owner: pki-team
    review-by: 2099-06-30
    third-party: false
    certificate-file: ${pki.leafPemPath}
rules:
  - artifacts: '*'
    anchors: [corp-ca]
`;
    expectConfigError(() => parseTrustPolicy(text), 'line 3: anchors/0 (corp-ca):', 'which is not a CA certificate');
  });

  it('rejects a rule naming an undeclared anchor, an unknown anchor type, a wrong version and bad YAML', () => {
    expectConfigError(
      () => parseTrustPolicy(`version: 1\nanchors:${SIGSTORE}\nrules:\n  - artifacts: '*'\n    anchors: [nobody]\n`),
      "line 14: rules/0: anchor 'nobody' is not declared",
    );
    expectConfigError(
      () =>
        parseTrustPolicy(
          `version: 1\nanchors:\n  - id: x\n    type: magic\n    owner: a\n    review-by: 2099-01-01\n    third-party: true\nrules:\n  - artifacts: '*'\n    anchors: [x]\n`,
        ),
      "line 3: /anchors/0: 'type' must be one of sigstore",
    );
    expectConfigError(
      () => parseTrustPolicy(`version: 2\nanchors:${SIGSTORE}\nrules: []\n`),
      'line 1: /version: must be 1',
    );
    expectConfigError(() => parseTrustPolicy(`version: 1\nanchors: [\n`), 'not valid YAML');
  });

  it('requires exactly one of identity and identity-pattern', () => {
    const both = `version: 1\nanchors:${SIGSTORE}\n    identity: https://x\nrules:\n  - artifacts: '*'\n    anchors: [release]\n`;
    expectConfigError(() => parseTrustPolicy(both), "give only one of 'identity' or 'identity-pattern'");
    const neither = `version: 1\nanchors:${SIGSTORE.replace(/\n {4}identity-pattern:.*/, '')}\nrules:\n  - artifacts: '*'\n    anchors: [release]\n`;
    expectConfigError(() => parseTrustPolicy(neither), 'identity');
  });

  it('accepts a fingerprint written as gpg prints it: the example in docs/trust-policy.md', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'trust-policy.md'), 'utf8');
    const printed = /fingerprint: '([0-9A-F ]+)'/.exec(doc)?.[1] ?? '';
    // gpg --fingerprint: ten groups of four, two spaces in the middle.
    expect(printed).toMatch(/^(?:[0-9A-F]{4} ){4}[0-9A-F]{4} {2}(?:[0-9A-F]{4} ){4}[0-9A-F]{4}$/);
    const text = `version: 1
anchors:
  - id: vendor
    type: openpgp
    owner: sec
    review-by: 2099-01-01
    third-party: true
    fingerprint: '${printed}'
    key: "-----BEGIN PGP PUBLIC KEY BLOCK-----\\n-----END PGP PUBLIC KEY BLOCK-----"
rules:
  - artifacts: '*'
    anchors: [vendor]
`;
    const anchor = parseTrustPolicy(text).anchors[0];
    expect(anchor).toMatchObject({ type: 'openpgp', fingerprint: printed.replace(/ /g, '').toLowerCase() });
  });

  it('rejects an OpenPGP fingerprint that is not a full fingerprint', () => {
    const text = `version: 1
anchors:
  - id: vendor
    type: openpgp
    owner: sec
    review-by: 2099-01-01
    third-party: true
    fingerprint: DEADBEEF
    key-file: vendor.asc
rules:
  - artifacts: '*'
    anchors: [vendor]
`;
    expectConfigError(() => parseTrustPolicy(text), 'line 8: /anchors/0/fingerprint: must match pattern');
  });
});
