/**
 * Snappy decompression for attestation bundles served by reference: the block format (what
 * GitHub's blob storage serves as `application/x-snappy`), and the framing format
 * (https://github.com/google/snappy/blob/main/framing_format.txt) whose chunks carry masked
 * CRC-32C checksums. The block decoding itself is snappyjs; this module checks the declared length
 * against a cap before anything is allocated, and reads the framing around it.
 */
import { uncompress } from 'snappyjs';
import { errorMessage } from '../core/errors.js';

/** A body that cannot be decoded, or would decode to more than the cap. */
export class SnappyError extends Error {
  override readonly name = 'SnappyError';
}

/** The framing format's stream identifier chunk: type 0xff, length 6, "sNaPpY". */
export const FRAMED_MAGIC = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);

/** Chunks of the framing format hold at most this much uncompressed data (framing_format.txt 4.2). */
const MAX_FRAME_DATA = 65536;

/**
 * The uncompressed length a snappy block declares in its preamble (a little-endian base-128
 * varint of at most 32 bits), and the preamble's size.
 */
export function declaredLength(block: Uint8Array): { length: number; headerBytes: number } {
  let length = 0;
  for (let i = 0; i < 5 && i < block.length; i++) {
    const byte = block[i] ?? 0;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) {
      if (length > 0xffffffff) break;
      return { length, headerBytes: i + 1 };
    }
  }
  throw new SnappyError('the snappy block has no valid length preamble');
}

/** Decodes one snappy block, refusing one that declares more than `maxBytes` before allocating. */
export function decodeBlock(block: Uint8Array, maxBytes: number): Buffer {
  const { length } = declaredLength(block);
  if (length > maxBytes) {
    throw new SnappyError(`the snappy data declares ${length} bytes uncompressed, over the ${maxBytes}-byte limit`);
  }
  let out: Buffer;
  try {
    out = uncompress(Buffer.from(block.buffer, block.byteOffset, block.byteLength), maxBytes);
  } catch (error) {
    throw new SnappyError(`the snappy data is malformed (${errorMessage(error)})`);
  }
  // snappyjs does not report a stream that decodes to fewer bytes than declared (the rest stays
  // zero); the JSON parse that follows refuses such a body.
  return out;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    // Castagnoli polynomial, reflected.
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), as the framing format uses it; `crc32c("123456789") === 0xe3069283`. */
export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The framing format's masked checksum: rotate right by 15, add 0xa282ead8 (framing_format.txt 3). */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(data);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** Decodes a snappy framed stream; every data chunk's checksum is verified, the total is capped. */
export function decodeFramed(stream: Uint8Array, maxBytes: number): Buffer {
  const data = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  if (!data.subarray(0, FRAMED_MAGIC.length).equals(FRAMED_MAGIC)) {
    throw new SnappyError('the snappy stream does not start with the stream identifier');
  }
  const parts: Buffer[] = [];
  let total = 0;
  let pos = 0;
  while (pos < data.length) {
    if (pos + 4 > data.length) throw new SnappyError('the snappy stream ends inside a chunk header');
    const type = data[pos] ?? 0;
    const length = data.readUIntLE(pos + 1, 3);
    const start = pos + 4;
    const end = start + length;
    if (end > data.length) throw new SnappyError(`the snappy stream's chunk at byte ${pos} is cut short`);
    const body = data.subarray(start, end);
    pos = end;
    if (type === 0xff) {
      if (!body.equals(FRAMED_MAGIC.subarray(4))) throw new SnappyError('the snappy stream identifier is corrupt');
      continue;
    }
    if (type === 0x00 || type === 0x01) {
      if (body.length < 4) throw new SnappyError(`the snappy stream's chunk at byte ${start - 4} has no checksum`);
      const expected = body.readUInt32LE(0);
      const payload = body.subarray(4);
      let chunk: Buffer;
      if (type === 0x00) {
        chunk = decodeBlock(payload, Math.min(MAX_FRAME_DATA, maxBytes - total));
      } else {
        if (payload.length > MAX_FRAME_DATA) throw new SnappyError('an uncompressed chunk is over 65536 bytes');
        chunk = payload;
      }
      if (total + chunk.length > maxBytes) {
        throw new SnappyError(`the snappy stream decodes to more than the ${maxBytes}-byte limit`);
      }
      if (maskedCrc32c(chunk) !== expected) {
        throw new SnappyError(`the snappy stream's chunk at byte ${start - 4} fails its CRC-32C check`);
      }
      parts.push(chunk);
      total += chunk.length;
      continue;
    }
    // 0x02-0x7f are reserved unskippable chunks; 0x80-0xfe (padding included) are skippable.
    if (type < 0x80) throw new SnappyError(`the snappy stream has a reserved unskippable chunk (type ${type})`);
  }
  return Buffer.concat(parts, total);
}
