/**
 * The emulator's blob storage: where an attestation's `bundle_url` points (fact
 * `attestation-bundle-by-url` in github-facts.ts). It stands in for the pre-signed URLs GitHub
 * hands out, outside the API namespace (`/_blobs/attestations/{id}?...&sig=...`): no token is
 * needed, and a request that carries one (an `Authorization` header, or a cookie) is refused with
 * 403 — a client that forwards its GitHub token to blob storage leaks it, and the request log
 * records `credentialed: true` so a test can prove none did.
 */
import { compress } from 'snappyjs';
import type { Attestation, State } from './state.ts';

/** CRC-32C (Castagnoli), masked as the framing format wants; its own copy, so the emulator checks the client. */
function maskedCrc32c(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0x82f63b78 ^ (crc >>> 1) : crc >>> 1;
  }
  crc = (crc ^ 0xffffffff) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export const BLOB_ROUTE = '/_blobs/attestations/{id}';

/** The snappy framing format (google/snappy framing_format.txt): stream identifier, then compressed chunks. */
export function encodeFramed(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59])];
  for (let pos = 0; pos < data.length; pos += 65536) {
    const chunk = data.subarray(pos, pos + 65536);
    const packed = compress(chunk);
    const header = Buffer.alloc(8);
    header.writeUIntLE(packed.length + 4, 1, 3); // type 0x00: compressed data
    header.writeUInt32LE(maskedCrc32c(chunk), 4);
    parts.push(header, packed);
  }
  return Buffer.concat(parts);
}

export function findAttestation(state: State, id: number): Attestation | undefined {
  for (const repo of state.repos.values()) {
    const found = repo.attestations.find((a) => a.id === id);
    if (found) return found;
  }
  return undefined;
}

/** The blob for an attestation, as its seed asked it to be served. */
export function attestationBlob(a: Attestation): { contentType: string; data: Buffer } {
  const json = Buffer.from(JSON.stringify(a.bundle));
  switch (a.encoding) {
    case 'json':
      return { contentType: 'application/json', data: json };
    case 'snappy-framed':
      return { contentType: 'application/x-snappy-framed', data: encodeFramed(json) };
    default:
      return { contentType: 'application/x-snappy', data: compress(json) };
  }
}
