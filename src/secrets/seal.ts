import sodium from 'libsodium-wrappers';

/** A destination's public key was not a 32-byte X25519 key: nothing may be sealed with it. */
export class PublicKeyError extends Error {
  override readonly name = 'PublicKeyError';
}

/**
 * Seals a value for GitHub with libsodium's sealed box (X25519 + XSalsa20-Poly1305), the way
 * GitHub's documentation does it. The key must decode to exactly 32 bytes.
 */
export async function sealValue(publicKeyBase64: string, value: string): Promise<string> {
  await sodium.ready;
  let key: Uint8Array;
  try {
    key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  } catch {
    throw new PublicKeyError('the public key GitHub returned is not base64');
  }
  if (key.length !== sodium.crypto_box_PUBLICKEYBYTES) {
    throw new PublicKeyError(
      `the public key GitHub returned is ${key.length} bytes, not ${sodium.crypto_box_PUBLICKEYBYTES}`,
    );
  }
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}
