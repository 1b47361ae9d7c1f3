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

async function makeKey(
  name: string,
  options: { date?: Date; keyExpirationTime?: number; subkeys?: openpgp.SubkeyOptions[] } = {},
): Promise<TestKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@vendor.example` }],
    format: 'armored',
    ...(options.date ? { date: options.date } : {}),
    ...(options.keyExpirationTime ? { keyExpirationTime: options.keyExpirationTime } : {}),
    ...(options.subkeys ? { subkeys: options.subkeys } : {}),
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

  it('accepts a signature file carrying several signatures when one is by the pinned key (Release.gpg)', async () => {
    // Two keys sign the same file, as Debian's archive keys sign Release; the pinned key is the second.
    const message: openpgp.Message<Uint8Array> = await openpgp.createMessage({ binary: artifact });
    const both = (await openpgp.sign({
      message,
      signingKeys: [other.privateKey, good.privateKey],
      detached: true,
      format: 'binary',
    })) as Uint8Array;
    const signature = await openpgp.readSignature({ binarySignature: both });
    expect(signature.getSigningKeyIDs()).toHaveLength(2);
    const result = await verifyPgpSignature(artifact, both, [anchor(good)]);
    expect(result).toMatchObject({ anchorId: 'vendor', signingKeyId: good.privateKey.getKeyID().toHex() });

    // Two detached signatures concatenated (how Release.gpg is built): the pinned key's one is the
    // second, and must cover this artifact — a signature by it over other bytes does not count.
    const binaryBy = async (key: TestKey, data: Uint8Array) =>
      (await openpgp.sign({
        message: await openpgp.createMessage({ binary: data }),
        signingKeys: key.privateKey,
        detached: true,
        format: 'binary',
      })) as Uint8Array;
    const concatenated = Buffer.concat([await binaryBy(other, artifact), await binaryBy(good, artifact)]);
    await expect(verifyPgpSignature(artifact, concatenated, [anchor(good)])).resolves.toMatchObject({
      anchorId: 'vendor',
    });
    const elsewhere = Buffer.concat([
      await binaryBy(other, artifact),
      await binaryBy(good, new TextEncoder().encode('another file')),
    ]);
    const error = await failure(verifyPgpSignature(artifact, elsewhere, [anchor(good)]));
    expect(error.message).toContain('does not verify over the artifact');
    // The other key's valid signature does not stand in for the pinned key's.
    await expect(verifyPgpSignature(artifact, elsewhere, [anchor(other, 'other')])).resolves.toMatchObject({
      anchorId: 'other',
    });
  });

  it('accepts a file with two signatures by the same key when the first does not verify and the second does', async () => {
    const binaryBy = async (key: TestKey, data: Uint8Array) =>
      (await openpgp.sign({
        message: await openpgp.createMessage({ binary: data }),
        signingKeys: key.privateKey,
        detached: true,
        format: 'binary',
      })) as Uint8Array;
    const stale = await binaryBy(good, new TextEncoder().encode('the previous release'));
    const both = Buffer.concat([stale, await binaryBy(good, artifact)]);
    const ids = (await openpgp.readSignature({ binarySignature: both })).getSigningKeyIDs();
    expect(ids.map((id) => id.toHex())).toEqual([
      good.privateKey.getKeyID().toHex(),
      good.privateKey.getKeyID().toHex(),
    ]);
    await expect(verifyPgpSignature(artifact, both, [anchor(good)])).resolves.toMatchObject({
      anchorId: 'vendor',
      signingKeyId: good.privateKey.getKeyID().toHex(),
    });
    // Both by the pinned key, neither over this artifact: refused once, with the reason.
    const neither = Buffer.concat([stale, await binaryBy(good, new TextEncoder().encode('another file'))]);
    const error = await failure(verifyPgpSignature(artifact, neither, [anchor(good)]));
    expect(error.message).toMatch(/^the OpenPGP signature does not verify over the artifact/);
    expect(error.message.split('does not verify over the artifact')).toHaveLength(2);
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

/**
 * Rewrites the key flags of the primary key's self-certifications (`target: 'primary'`) or of the
 * first subkey's binding signatures, re-signed by the primary key, as a publisher who marked the
 * key that way would have. Returns the armored public key.
 */
/** SignaturePacket.sign as openpgp 6 implements it: data may be an object, and it reads `config`. */
interface Resignable {
  sign(
    key: openpgp.SecretKeyPacket,
    data: object,
    date: Date,
    detached: boolean,
    config: openpgp.Config,
  ): Promise<void>;
}

async function withKeyFlags(key: TestKey, target: 'primary' | 'subkey', flags: number): Promise<string> {
  const copy = await openpgp.readPrivateKey({ armoredKey: key.privateKey.armor() });
  const primary = copy.keyPacket as openpgp.SecretKeyPacket;
  const config = { ...openpgp.config, nonDeterministicSignaturesViaNotation: false };
  // Dated when the key was made, as if it had always carried these flags: a self-signature dated
  // after the artifact's signature would not be valid at that signature's time.
  if (target === 'primary') {
    for (const user of copy.users) {
      for (const certification of user.selfCertifications) {
        certification.keyFlags = new Uint8Array([flags]);
        await (certification as unknown as Resignable).sign(
          primary,
          { userID: user.userID, key: primary },
          primary.created,
          false,
          config,
        );
      }
    }
  } else {
    const subkey = copy.subkeys[0];
    if (!subkey) throw new Error('no subkey');
    for (const binding of subkey.bindingSignatures) {
      binding.keyFlags = new Uint8Array([flags]);
      await (binding as unknown as Resignable).sign(
        primary,
        { key: primary, bind: subkey.keyPacket },
        primary.created,
        false,
        config,
      );
    }
  }
  return copy.toPublic().armor();
}

describe('wrong-purpose keys', () => {
  const { certifyKeys, encryptCommunication, encryptStorage } = openpgp.enums.keyFlags;

  it('rejects a signature by a primary key flagged certify-only whose only subkey encrypts', async () => {
    const key = await makeKey('Certify Only');
    const signature = await sign(key, artifact); // made while the primary key could still sign
    expect((await verifyPgpSignature(artifact, signature, [anchor(key)])).signingKeyId).toBe(
      key.privateKey.getKeyID().toHex(),
    );
    const armoredKey = await withKeyFlags(key, 'primary', certifyKeys);
    const error = await failure(verifyPgpSignature(artifact, signature, [{ ...anchor(key), armoredKey }]));
    expect(error).toBeInstanceOf(TrustVerificationError);
    expect(error.message).toBe(
      `OpenPGP key ${key.fingerprint} (vendor): the primary key ${key.privateKey.getKeyID().toHex()} that made the signature is not a signing key: its key flags allow only certifyKeys; a signature by it is refused`,
    );
    // The same re-signing with certify and sign flags: verifies.
    const signing = await withKeyFlags(key, 'primary', certifyKeys | openpgp.enums.keyFlags.signData);
    expect((await verifyPgpSignature(artifact, signature, [{ ...anchor(key), armoredKey: signing }])).anchorId).toBe(
      'vendor',
    );
  });

  it('rejects a signature by a subkey flagged encryption-only', async () => {
    const key = await makeKey('Encrypting Subkey', { subkeys: [{ sign: true }] });
    const signature = await sign(key, artifact);
    const subkeyId = key.privateKey.subkeys[0]?.getKeyID().toHex();
    expect((await verifyPgpSignature(artifact, signature, [anchor(key)])).signingKeyId).toBe(subkeyId);
    const armoredKey = await withKeyFlags(key, 'subkey', encryptCommunication | encryptStorage);
    const error = await failure(verifyPgpSignature(artifact, signature, [{ ...anchor(key), armoredKey }]));
    expect(error).toBeInstanceOf(TrustVerificationError);
    expect(error.message).toBe(
      `OpenPGP key ${key.fingerprint} (vendor): the subkey ${subkeyId} that made the signature is not a signing key: its key flags allow only encryptCommunication, encryptStorage; a signature by it is refused`,
    );
    // Re-flagged for signing again (same re-signing path), the subkey verifies.
    const signing = await withKeyFlags(key, 'subkey', openpgp.enums.keyFlags.signData);
    expect(
      (await verifyPgpSignature(artifact, signature, [{ ...anchor(key), armoredKey: signing }])).signingKeyId,
    ).toBe(subkeyId);
  });
});
