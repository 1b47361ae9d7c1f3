import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import { TrustVerificationError } from '../../src/trust/errors.ts';
import { verifyPgpSignature } from '../../src/trust/pgp.ts';
import type { OpenPgpAnchor } from '../../src/trust/policy.ts';

const artifact = new TextEncoder().encode('vendor-tool-1.2.3.tar.gz contents\n');

interface TestKey {
  privateKey: openpgp.PrivateKey;
  publicArmored: string;
  fingerprint: string;
}

async function makeKey(name: string, options: { date?: Date; keyExpirationTime?: number } = {}): Promise<TestKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@vendor.example` }],
    format: 'armored',
    ...(options.date ? { date: options.date } : {}),
    ...(options.keyExpirationTime ? { keyExpirationTime: options.keyExpirationTime } : {}),
  });
  const key = await openpgp.readPrivateKey({ armoredKey: privateKey });
  return { privateKey: key, publicArmored: publicKey, fingerprint: key.getFingerprint() };
}

async function sign(key: TestKey, data: Uint8Array, date?: Date): Promise<Uint8Array> {
  const message: openpgp.Message<Uint8Array> = await openpgp.createMessage({ binary: data });
  // openpgp's overloaded return type is opaque to the linter: name it.
  const armored = (await openpgp.sign({
    message,
    signingKeys: key.privateKey,
    detached: true,
    format: 'armored',
    date: date ?? new Date(),
  })) as string;
  return new TextEncoder().encode(armored);
}

function anchor(key: TestKey, id = 'vendor', fingerprint = key.fingerprint): OpenPgpAnchor {
  return {
    id,
    type: 'openpgp',
    owner: 'security-team',
    reviewBy: '2099-01-01',
    thirdParty: true,
    line: 1,
    fingerprint: fingerprint.toLowerCase(),
    armoredKey: key.publicArmored,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as Error;
}

let good: TestKey;
let other: TestKey;

beforeAll(async () => {
  good = await makeKey('Vendor Release');
  other = await makeKey('Someone Else');
});

describe('verifyPgpSignature', () => {
  it('accepts a detached signature by the pinned key (armored and binary)', async () => {
    const armored = await sign(good, artifact);
    const result = await verifyPgpSignature(artifact, armored, [anchor(other, 'other'), anchor(good)]);
    expect(result.anchorId).toBe('vendor');
    expect(result.fingerprint).toBe(good.fingerprint);
    expect(result.userIds[0]).toContain('Vendor Release');

    const message: openpgp.Message<Uint8Array> = await openpgp.createMessage({ binary: artifact });
    const binary = (await openpgp.sign({
      message,
      signingKeys: good.privateKey,
      detached: true,
      format: 'binary',
    })) as Uint8Array;
    expect((await verifyPgpSignature(artifact, binary, [anchor(good)])).anchorId).toBe('vendor');
  });

  it('rejects a tampered artifact', async () => {
    const signature = await sign(good, artifact);
    const error = await failure(verifyPgpSignature(new TextEncoder().encode('evil'), signature, [anchor(good)]));
    expect(error).toBeInstanceOf(TrustVerificationError);
    expect(error.message).toContain('does not verify over the artifact');
  });

  it('rejects an expired key', async () => {
    const created = new Date('2020-01-01T00:00:00Z');
    const expired = await makeKey('Old Vendor', { date: created, keyExpirationTime: 3600 });
    const signature = await sign(expired, artifact, new Date('2020-01-01T00:10:00Z'));
    const error = await failure(verifyPgpSignature(artifact, signature, [anchor(expired)]));
    expect(error.message).toContain(`OpenPGP key ${expired.fingerprint} (vendor) expired on 2020-01-01T01:00:00.000Z`);
  });

  it('rejects a revoked key', async () => {
    const revokedKey = await makeKey('Revoked Vendor');
    const signature = await sign(revokedKey, artifact);
    const { publicKey } = await openpgp.revokeKey({ key: revokedKey.privateKey, format: 'armored' });
    const error = await failure(
      verifyPgpSignature(artifact, signature, [{ ...anchor(revokedKey), armoredKey: publicKey }]),
    );
    expect(error.message).toContain('has been revoked by its owner');
  });

  it('rejects a key whose fingerprint is not the pinned one', async () => {
    const signature = await sign(good, artifact);
    const wrongPin = other.fingerprint;
    const error = await failure(verifyPgpSignature(artifact, signature, [anchor(good, 'vendor', wrongPin)]));
    expect(error.message).toContain(`the key's fingerprint is ${good.fingerprint}, not the pinned ${wrongPin}`);
  });

  it('rejects a signature by a key no anchor pins', async () => {
    const signature = await sign(other, artifact);
    const error = await failure(verifyPgpSignature(artifact, signature, [anchor(good)]));
    expect(error.message).toContain('which belongs to none of the pinned keys');
  });

  it('rejects garbage', async () => {
    const error = await failure(verifyPgpSignature(artifact, new Uint8Array([0xff, 1, 2]), [anchor(good)]));
    expect(error.message).toContain('not an OpenPGP signature');
  });
});
