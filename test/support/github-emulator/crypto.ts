/** Real X25519 public keys for Actions/Dependabot secrets, and sealed-box opening (libsodium). */
import sodium from 'libsodium-wrappers';

export interface KeyPair {
  keyId: string;
  /** base64 (original variant), as GitHub returns it in `key`. */
  key: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

let ready = false;

export async function sodiumReady(): Promise<void> {
  if (!ready) {
    await sodium.ready;
    ready = true;
  }
}

let keyCounter = 0;

export function newKeyPair(): KeyPair {
  if (!ready) throw new Error('libsodium not initialised: await sodiumReady() first');
  const pair = sodium.crypto_box_keypair();
  keyCounter += 1;
  // GitHub key ids are long decimal strings.
  const keyId = `${3380204578043523366n + BigInt(keyCounter) * 7919n}`;
  return {
    keyId,
    key: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL),
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
  };
}

/** Open a base64 sealed box; undefined when it does not open with this key pair. */
export function openSealedBox(pair: KeyPair, encryptedBase64: string): string | undefined {
  try {
    const cipher = sodium.from_base64(encryptedBase64, sodium.base64_variants.ORIGINAL);
    const plain = sodium.crypto_box_seal_open(cipher, pair.publicKey, pair.privateKey);
    return new TextDecoder('utf-8', { fatal: false }).decode(plain);
  } catch {
    return undefined;
  }
}

/** Seal a value with a public key (for tests and seeding helpers). */
export function sealForKey(publicKeyBase64: string, value: string): string {
  if (!ready) throw new Error('libsodium not initialised: await sodiumReady() first');
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}
