/**
 * Attestation bundles by reference: snappy block and framed decoding (CRC-32C, caps checked before
 * allocating), plain JSON, and the download itself against a loopback server — no credential, no
 * redirect, a time limit, bounded retries of transient failures, a capped body.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compress } from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFramed } from '../support/github-emulator/blobs.ts';
import {
  checkBundleUrl,
  decodeBundleBody,
  DownloadBudget,
  downloadBundle,
  displayUrl,
} from '../../src/verify/bundle-url.ts';
import { loadAttestations, nextCursor } from '../../src/verify/attestations.ts';
import { predicateMatches } from '../../src/core/predicates.ts';
import {
  crc32c,
  declaredLength,
  decodeBlock,
  decodeFramed,
  FRAMED_MAGIC,
  maskedCrc32c,
  SnappyError,
} from '../../src/verify/snappy.ts';

const BUNDLE = { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', note: 'x'.repeat(300) };
const JSON_BYTES = Buffer.from(JSON.stringify(BUNDLE));

describe('snappy', () => {
  it('computes CRC-32C (Castagnoli) and its framing mask on the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
    const crc = 0xe3069283;
    expect(maskedCrc32c(Buffer.from('123456789'))).toBe(((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });

  it('decodes the block format and reads its length preamble', () => {
    const block = compress(JSON_BYTES);
    expect(declaredLength(block).length).toBe(JSON_BYTES.length);
    expect(decodeBlock(block, 1 << 20).equals(JSON_BYTES)).toBe(true);
  });

  it('refuses a block that declares more than the cap, before allocating it', () => {
    // A 6-byte "bomb": preamble 0xffffffff0f = 4 GiB - 1, then one literal byte.
    const bomb = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x41]);
    expect(() => decodeBlock(bomb, 10 * 1024 * 1024)).toThrow(
      /declares 4294967295 bytes uncompressed, over the 10485760-byte limit/,
    );
    expect(() => decodeBlock(compress(JSON_BYTES), 100)).toThrow(/over the 100-byte limit/);
  });

  it('refuses malformed blocks with a SnappyError', () => {
    expect(() => decodeBlock(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), 1000)).toThrow(SnappyError);
    // Declares 10 bytes, then a copy whose offset reaches before the output.
    expect(() => decodeBlock(Buffer.from([0x0a, 0x01, 0x09]), 1000)).toThrow(/malformed/);
    expect(() => decodeBlock(Buffer.alloc(0), 1000)).toThrow(/no valid length preamble/);
  });

  it('decodes the framing format, checking each chunk against its masked CRC-32C', () => {
    const big = Buffer.from('abcdefghij'.repeat(20_000)); // three 64 KiB chunks
    expect(decodeFramed(encodeFramed(big), 1 << 20).equals(big)).toBe(true);
    const framed = encodeFramed(JSON_BYTES);
    const corrupt = Buffer.from(framed);
    corrupt.writeUInt32LE((corrupt.readUInt32LE(14) ^ 1) >>> 0, 14); // the first chunk's CRC
    expect(() => decodeFramed(corrupt, 1 << 20)).toThrow(/fails its CRC-32C check/);
    expect(() => decodeFramed(big.subarray(0, 10), 1 << 20)).toThrow(/stream identifier/);
    expect(() => decodeFramed(encodeFramed(big), 100_000)).toThrow(/limit/);
    expect(() => decodeFramed(framed.subarray(0, framed.length - 3), 1 << 20)).toThrow(/cut short/);
  });

  it('reads uncompressed, padding and skippable chunks, and refuses reserved unskippable ones', () => {
    const raw = Buffer.from('plain chunk');
    const header = Buffer.alloc(8);
    header[0] = 0x01;
    header.writeUIntLE(raw.length + 4, 1, 3);
    header.writeUInt32LE(maskedCrc32c(raw), 4);
    const padding = Buffer.from([0xfe, 0x02, 0x00, 0x00, 0x00, 0x00]);
    const skippable = Buffer.from([0x80, 0x01, 0x00, 0x00, 0x42]);
    const stream = Buffer.concat([FRAMED_MAGIC, padding, header, raw, skippable]);
    expect(decodeFramed(stream, 1000).toString()).toBe('plain chunk');
    const reserved = Buffer.concat([FRAMED_MAGIC, Buffer.from([0x02, 0x00, 0x00, 0x00])]);
    expect(() => decodeFramed(reserved, 1000)).toThrow(/reserved unskippable chunk \(type 2\)/);
  });

  it('tells the formats apart by content type and magic bytes', () => {
    expect(decodeBundleBody(compress(JSON_BYTES), 'application/x-snappy', 1 << 20)).toEqual(BUNDLE);
    expect(decodeBundleBody(encodeFramed(JSON_BYTES), 'application/octet-stream', 1 << 20)).toEqual(BUNDLE);
    expect(decodeBundleBody(JSON_BYTES, 'application/json; charset=utf-8', 1 << 20)).toEqual(BUNDLE);
    expect(decodeBundleBody(Buffer.from(`  ${JSON.stringify(BUNDLE)}`), '', 1 << 20)).toEqual(BUNDLE);
    expect(() => decodeBundleBody(Buffer.from('not json, not snappy'), 'application/json', 1 << 20)).toThrow(
      /not valid JSON/,
    );
  });
});

describe('attestation pagination and predicates', () => {
  it("takes only the 'after' cursor of the Link header's next entry", () => {
    const link =
      '<https://api.github.com/repos/o/r/attestations/sha256:ab?per_page=1&after=Y3Vy>; rel="next", <https://api.github.com/repos/o/r/attestations/sha256:ab?per_page=1&before=Zm9v>; rel="prev"';
    expect(nextCursor(link)).toBe('Y3Vy');
    expect(nextCursor('<https://api.github.com/x?before=a>; rel="prev"')).toBeUndefined();
    expect(nextCursor(undefined)).toBeUndefined();
  });

  it('reads the shorthands the same way as the API filter', () => {
    expect(predicateMatches('provenance', 'https://slsa.dev/provenance/v1')).toBe(true);
    expect(predicateMatches('sbom', 'https://spdx.dev/Document/v2.3')).toBe(true);
    expect(predicateMatches('sbom', 'https://cyclonedx.org/bom')).toBe(true);
    expect(predicateMatches('release', 'https://in-toto.io/attestation/release/v0.1')).toBe(true);
    expect(predicateMatches('provenance', 'https://spdx.dev/Document/v2.3')).toBe(false);
    expect(predicateMatches('sbom', 'https://spdx.dev/DocumentEvil')).toBe(false);
    expect(predicateMatches('https://slsa.dev/provenance/v1', 'https://slsa.dev/provenance/v1')).toBe(true);
    expect(predicateMatches('https://slsa.dev/provenance/v1', 'https://slsa.dev/provenance/v0.2')).toBe(false);
  });
});

describe('downloadBundle', () => {
  let server: Server;
  let base: string;
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  let flaky = 0;
  // A fake clock for the download budget: the test ends the budget, no timer does.
  let budgetClock = new AbortController();
  let budgetRequests = 0;
  let budgetAfter = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      seen.push({ path, headers: req.headers });
      if (path.startsWith('/ok')) {
        res.writeHead(200, { 'content-type': 'application/x-snappy' }).end(compress(JSON_BYTES));
      } else if (path.startsWith('/bad-location')) {
        res.writeHead(302, { location: 'http://[::1' }).end();
      } else if (path.startsWith('/budget')) {
        // never answers; the test's budget ends it once `budgetAfter` such requests are in flight
        budgetRequests += 1;
        if (budgetRequests === budgetAfter) budgetClock.abort();
      } else if (path.startsWith('/redirect')) {
        res.writeHead(302, { location: 'https://elsewhere.example/blob?sig=secret' }).end();
      } else if (path.startsWith('/flaky')) {
        flaky += 1;
        if (flaky < 3) res.writeHead(503).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON_BYTES);
      } else if (path.startsWith('/down')) {
        res.writeHead(500).end();
      } else if (path.startsWith('/missing')) {
        res.writeHead(404).end();
      } else if (path.startsWith('/large')) {
        res.writeHead(200, { 'content-type': 'application/x-snappy' }).end(Buffer.alloc(5000));
      } else if (path.startsWith('/hang')) {
        // never answers; the client's time limit ends it
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const fast = { retryDelayMs: 1, timeoutMs: 300 };

  it('downloads and decodes, sending no credential of any kind', async () => {
    expect(await downloadBundle(`${base}/ok?sig=presigned`, fast)).toEqual(BUNDLE);
    const request = seen.find((s) => s.path.startsWith('/ok'));
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers.cookie).toBeUndefined();
  });

  it('refuses a redirect without following it, and never shows the query string', async () => {
    const before = seen.length;
    const error = await downloadBundle(`${base}/redirect?sig=presigned-secret`, fast).catch((e: unknown) => e);
    expect(String(error)).toMatch(
      /answered 302 redirecting to https:\/\/elsewhere\.example\/blob; redirects are refused/,
    );
    expect(String(error)).not.toContain('secret');
    expect(seen.length).toBe(before + 1);
  });

  it('refuses a redirect whose location cannot be parsed as a redirect, not as an invalid URL', async () => {
    const error = await downloadBundle(`${base}/bad-location?sig=presigned-secret`, fast).catch((e: unknown) => e);
    expect(String(error)).toMatch(/answered 302; redirects are refused \(unparseable location\)$/);
    expect(String(error)).not.toMatch(/Invalid URL/);
  });

  it("fails the downloads under way and those not started once the run's time budget is spent", async () => {
    budgetClock = new AbortController();
    budgetRequests = 0;
    budgetAfter = 4; // loadAttestations downloads four at a time
    const budget = new DownloadBudget(1000, budgetClock.signal);
    const items = Array.from({ length: 6 }, (_, i) => ({ bundle: null, bundleUrl: `${base}/budget/${i}?sig=s` }));
    const { bundles, failures } = await loadAttestations(items, 'repository acme/app', {
      timeoutMs: 600_000,
      retryDelayMs: 1,
      budget,
    });
    expect(bundles).toEqual([]);
    expect(failures).toHaveLength(6);
    for (const failure of failures) {
      expect(failure).toMatch(
        /^attestation \d from repository acme\/app: downloading http:\/\/127\.0\.0\.1:\d+\/budget\/\d failed: the run's time budget for downloading attestation bundles \(1 s, SECURE_DEPLOY_DOWNLOAD_BUDGET_MS\) is spent; refused$/,
      );
    }
    // The two not started when the budget ran out were never requested, and nothing was retried.
    expect(budgetRequests).toBe(4);
    // A spent budget also refuses a later download at once.
    await expect(downloadBundle(`${base}/ok`, { ...fast, budget })).rejects.toThrow(/time budget .* is spent/);
  });

  it('retries transient failures a bounded number of times', async () => {
    expect(await downloadBundle(`${base}/flaky`, fast)).toEqual(BUNDLE);
    expect(flaky).toBe(3);
    const before = seen.length;
    await expect(downloadBundle(`${base}/down`, { ...fast, retries: 2 })).rejects.toThrow(
      /answered 500 \(after 3 attempts\)/,
    );
    expect(seen.length - before).toBe(3);
  });

  it('does not retry a 404, and caps the body and the time', async () => {
    await expect(downloadBundle(`${base}/missing`, fast)).rejects.toThrow(/answered 404$/);
    await expect(downloadBundle(`${base}/large`, { ...fast, maxBytes: 1000 })).rejects.toThrow(
      /the bundle is over the 1000-byte limit/,
    );
    await expect(downloadBundle(`${base}/hang`, { ...fast, retries: 1 })).rejects.toThrow(
      /no answer within 300 ms \(after 2 attempts\)/,
    );
  });

  it('accepts https, and http only on loopback; never a user:password URL', () => {
    expect(checkBundleUrl('https://blob.example/x').hostname).toBe('blob.example');
    expect(() => checkBundleUrl('http://blob.example/x')).toThrow(/not https/);
    expect(() => checkBundleUrl('https://u:p@blob.example/x')).toThrow(/user name or password/);
    expect(() => checkBundleUrl('file:///etc/passwd')).toThrow(/not https/);
    expect(displayUrl('https://blob.example/a/b?sig=s#f')).toBe('https://blob.example/a/b');
  });
});
