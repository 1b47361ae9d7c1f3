import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toHtml } from '../../src/assess/report.ts';
import { assess } from '../../src/assess/score.ts';
import { parseWorkflow } from '../../src/assess/workflows.ts';
import { renderedDom, screenshot } from '../support/chromium.ts';
import { AUDIT_WORKFLOW, RELEASE_WORKFLOW, ROTATE_WORKFLOW, WEAK_WORKFLOW } from './fixtures.ts';

/** Decodes an 8-bit RGB(A) PNG enough to count pixels of one colour. */
function countPixels(png: Buffer, rgb: [number, number, number]): number {
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const prev = Buffer.alloc(stride);
  const line = Buffer.alloc(stride);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= channels ? (line[x - channels] ?? 0) : 0;
      const b = prev[x] ?? 0;
      const c = x >= channels ? (prev[x - channels] ?? 0) : 0;
      let p = 0;
      if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = (v + p) & 0xff;
    }
    for (let x = 0; x < stride; x += channels) {
      if (line[x] === rgb[0] && line[x + 1] === rgb[1] && line[x + 2] === rgb[2]) count++;
    }
    line.copy(prev);
  }
  return count;
}

describe('assessment HTML report', () => {
  it('renders in headless Chromium with the answers, the chart and the per-repository table', async () => {
    const now = new Date('2026-11-29T00:00:00Z');
    const full = {
      repository: 'acme/payments',
      workflows: [
        parseWorkflow('.github/workflows/release.yml', RELEASE_WORKFLOW),
        parseWorkflow('.github/workflows/rotate.yml', ROTATE_WORKFLOW),
        parseWorkflow('.github/workflows/audit.yml', AUDIT_WORKFLOW),
      ],
      environments: [{ name: 'production', requiredReviewers: 2 }],
      secrets: [],
      fingerprints: [
        { secret: 'DB', instance: 'staging', fingerprint: 'hmac-sha256:1' },
        { secret: 'DB', instance: 'production', fingerprint: 'hmac-sha256:2' },
      ],
      problems: [],
    };
    const weak = {
      repository: 'acme/legacy',
      workflows: [parseWorkflow('.github/workflows/deploy.yml', WEAK_WORKFLOW)],
      environments: [],
      secrets: [],
      fingerprints: [],
      problems: [],
    };
    const dir = mkdtempSync(join(tmpdir(), 'sd-report-'));
    const page = join(dir, 'assessment.html');
    writeFileSync(page, toHtml(assess([full, weak], 'organization acme', now, 90)));

    const dom = await renderedDom(`file://${page}`);
    expect(dom).toContain('Do you consistently validate the integrity of deployed artifacts?');
    expect(dom).toMatch(/data-stream="A">Yes, for at least half of the applications</);
    expect(dom).toMatch(/data-stream="B">Yes, for at least half of the applications</);
    expect(dom).toContain('acme/legacy');
    expect(dom).toContain('has continue-on-error');
    expect((dom.match(/data-criterion=/g) ?? []).length).toBe(9);

    const png = join(dir, 'assessment.png');
    await screenshot(`file://${page}`, png);
    expect(statSync(png).size).toBeGreaterThan(10_000);
    // The chart's bars are drawn: stream A blue and stream B green pixels are on the screenshot.
    const image = readFileSync(png);
    expect(countPixels(image, [0x2f, 0x6f, 0xdf])).toBeGreaterThan(1000);
    expect(countPixels(image, [0x1f, 0x9d, 0x55])).toBeGreaterThan(1000);
  });
});
