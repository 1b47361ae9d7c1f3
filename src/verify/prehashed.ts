/**
 * Verifies a signature over a digest the caller already has (no artifact bytes): what a
 * `sha256:<hex>` subject needs for message-signature bundles. Node's crypto API always hashes the
 * message itself, so this asks OpenSSL's `pkeyutl`, which verifies a prehashed digest as is.
 * (A pure-JS alternative is @noble/curves; it is not a dependency yet.)
 */
import { execFile } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError } from './types.js';

export async function verifyPrehashed(
  key: KeyObject,
  digest: Buffer,
  algorithm: string,
  signature: Buffer,
): Promise<boolean> {
  if (key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448') {
    throw new ArtifactError(
      'an Ed25519 signature covers the artifact itself, not its digest: give the artifact file instead of a digest',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'sd-prehash-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const digestPath = join(dir, 'digest');
    const sigPath = join(dir, 'sig');
    await Promise.all([
      writeFile(keyPath, key.export({ type: 'spki', format: 'pem' })),
      writeFile(digestPath, digest),
      writeFile(sigPath, signature),
    ]);
    return await new Promise<boolean>((resolve, reject) => {
      execFile(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          keyPath,
          '-in',
          digestPath,
          '-sigfile',
          sigPath,
          '-pkeyopt',
          `digest:${algorithm}`,
        ],
        { timeout: 10_000 },
        (error, stdout) => {
          if (!error) return resolve(/Verified Successfully/.test(stdout));
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            return reject(
              new ArtifactError(
                'verifying a signature against a bare digest needs the openssl command, which is missing',
              ),
            );
          }
          resolve(false);
        },
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
