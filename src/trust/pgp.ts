/**
 * OpenPGP detached signatures for third-party releases, through `openpgp` v6. Keys come from the
 * policy's `openpgp` anchors and are pinned by full fingerprint; an expired or revoked key, or a
 * key (or subkey) without signing capability, is refused.
 */
import * as openpgp from 'openpgp';
import { errorMessage } from '../core/errors.js';
import { TrustVerificationError } from './errors.js';
import { readPinnedKey, type OpenPgpAnchor } from './policy.js';

export interface PgpVerification {
  anchorId: string;
  /** Primary key fingerprint (lower-case hex), as pinned. */
  fingerprint: string;
  /** Key ID (hex) of the key or subkey that made the signature. */
  signingKeyId: string;
  /** The signature's creation time as the signer stated it. */
  created?: Date;
  userIds: string[];
}

/**
 * Verifies a detached OpenPGP signature (armored or binary) over `artifact` against the pinned
 * keys of `anchors`. Throws TrustVerificationError with the reason.
 */
export async function verifyPgpSignature(
  artifact: Uint8Array,
  signatureBytes: Uint8Array,
  anchors: readonly OpenPgpAnchor[],
  options: { now?: Date } = {},
): Promise<PgpVerification> {
  if (anchors.length === 0)
    throw new TrustVerificationError(
      'no OpenPGP key is trusted for this artifact; add an openpgp anchor to the policy rule',
    );
  const now = options.now ?? new Date();
  let signature: openpgp.Signature;
  try {
    const text = Buffer.from(signatureBytes.subarray(0, 64)).toString('latin1');
    signature = text.includes('-----BEGIN PGP SIGNATURE-----')
      ? await openpgp.readSignature({ armoredSignature: Buffer.from(signatureBytes).toString('utf8') })
      : await openpgp.readSignature({ binarySignature: signatureBytes });
  } catch (error) {
    throw new TrustVerificationError(`the file is not an OpenPGP signature: ${errorMessage(error)}`);
  }
  if (!signature.packets.some((packet) => packet instanceof openpgp.SignaturePacket))
    throw new TrustVerificationError('the file is not an OpenPGP signature: it holds no signature packet');
  const issuers = signature.getSigningKeyIDs();
  if (issuers.length === 0) throw new TrustVerificationError('the OpenPGP signature names no issuer key');

  // Fingerprint pins are checked for every candidate anchor: a replaced key file is a failure.
  const keys = await Promise.all(anchors.map(async (anchor) => ({ anchor, key: await readPinnedKey(anchor) })));
  if (!keys.some(({ key }) => issuers.some((id) => key.getKeys(id).length > 0))) {
    throw new TrustVerificationError(
      `the signature was made by key ${issuers.map((id) => id.toHex()).join(', ')}, which belongs to none of the pinned keys (${keys
        .map(({ anchor }) => `${anchor.id} ${anchor.fingerprint}`)
        .join(', ')})`,
    );
  }
  // A detached signature file may carry several signatures by different keys (Debian's Release.gpg
  // carries one per archive key): it passes when any one of them is a valid signature by a pinned key.
  // One candidate per key ID: verifyOne tries every signature that key ID made.
  const distinct = issuers.filter((id, i) => issuers.findIndex((other) => other.equals(id)) === i);
  const candidates = keys.flatMap(({ anchor, key }) =>
    distinct.filter((id) => key.getKeys(id).length > 0).map((issuer) => ({ anchor, key, issuer })),
  );
  const reasons: string[] = [];
  for (const candidate of candidates) {
    try {
      return await verifyOne(artifact, signature, candidate, now);
    } catch (error) {
      if (!(error instanceof TrustVerificationError)) throw error;
      reasons.push(error.message);
    }
  }
  throw new TrustVerificationError(reasons.join('; '));
}

/**
 * Checks the signatures `issuer` made, with the pinned key that holds it: it passes when one of them
 * verifies (a file may carry two by the same key, say a stale one and the current one).
 */
async function verifyOne(
  artifact: Uint8Array,
  signature: openpgp.Signature,
  candidate: { anchor: OpenPgpAnchor; key: openpgp.PublicKey; issuer: openpgp.KeyID },
  now: Date,
): Promise<PgpVerification> {
  const { anchor, key, issuer } = candidate;
  const label = `OpenPGP key ${anchor.fingerprint} (${anchor.id})`;

  if (await key.isRevoked(undefined, undefined, now)) {
    throw new TrustVerificationError(
      `${label} has been revoked by its owner; ask the publisher for their new key and review the anchor`,
    );
  }
  const expiry = await key.getExpirationTime();
  if (expiry instanceof Date && expiry <= now) {
    throw new TrustVerificationError(
      `${label} expired on ${expiry.toISOString()}; ask the publisher for a renewed key and review the anchor`,
    );
  }
  try {
    await key.getSigningKey(issuer, now);
  } catch (error) {
    const purpose = await keyPurpose(key, issuer, now);
    if (purpose && !(purpose.flags & openpgp.enums.keyFlags.signData)) {
      throw new TrustVerificationError(
        `${label}: the ${purpose.role} ${issuer.toHex()} that made the signature is not a signing key: its key flags allow only ${flagNames(purpose.flags)}; a signature by it is refused`,
      );
    }
    throw new TrustVerificationError(
      `${label}: the key ${issuer.toHex()} that made the signature cannot be used for signing now (${errorMessage(error)}): it is expired, revoked, or not a signing key`,
    );
  }

  let created: Date | undefined;
  try {
    const result = await openpgp.verify({
      message: await openpgp.createMessage({ binary: artifact }),
      signature,
      verificationKeys: key,
      expectSigned: true,
      format: 'binary',
      date: now,
    });
    // The result lists every signature in the file; only this key's are checked here.
    const mine = result.signatures.filter((s) => s.keyID.equals(issuer));
    if (mine.length === 0) throw new Error('no signature by this key');
    const failures: string[] = [];
    let verified = false;
    for (const one of mine) {
      try {
        await one.verified;
        const packet = await one.signature;
        created = packet.packets[0]?.created ?? undefined;
        verified = true;
        break;
      } catch (error) {
        const reason = errorMessage(error);
        if (!failures.includes(reason)) failures.push(reason);
      }
    }
    if (!verified) throw new Error(failures.join('; '));
  } catch (error) {
    throw new TrustVerificationError(
      `the OpenPGP signature does not verify over the artifact with ${label} (the artifact was modified, or the signature is for something else): ${errorMessage(error)}`,
    );
  }
  return {
    anchorId: anchor.id,
    fingerprint: anchor.fingerprint,
    signingKeyId: issuer.toHex(),
    ...(created ? { created } : {}),
    userIds: key.getUserIDs(),
  };
}

/**
 * The key flags its owner gave the (sub)key `issuer` in its valid self-signature at `now`, for the
 * reason of a refusal; undefined when the signature has no key flags or cannot be validated.
 */
async function keyPurpose(
  key: openpgp.PublicKey,
  issuer: openpgp.KeyID,
  now: Date,
): Promise<{ role: 'primary key' | 'subkey'; flags: number } | undefined> {
  try {
    if (key.getKeyID().equals(issuer)) {
      const flags = (await key.getPrimaryUser(now)).selfCertification.keyFlags;
      return flags ? { role: 'primary key', flags: flags[0] ?? 0 } : undefined;
    }
    const subkey = key.subkeys.find((s) => s.getKeyID().equals(issuer));
    const flags = subkey ? (await subkey.verify(now)).keyFlags : null;
    return flags ? { role: 'subkey', flags: flags[0] ?? 0 } : undefined;
  } catch {
    return undefined;
  }
}

function flagNames(flags: number): string {
  const names = Object.entries(openpgp.enums.keyFlags)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && (flags & entry[1]) !== 0)
    .map(([name]) => name);
  return names.length > 0 ? names.join(', ') : 'nothing';
}
