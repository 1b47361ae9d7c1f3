/** Headless Chromium (Debian's package) for rendering reports: a screenshot and the rendered DOM. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function flags(profile: string): string[] {
  // The machine has no network: without these, Chromium keeps trying to reach Google's services.
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
  ];
}

async function chromium(args: string[]): Promise<string> {
  if (!CHROMIUM) throw new Error("Chromium is not installed: .ci/run installs Debian's chromium package");
  const profile = mkdtempSync(join(tmpdir(), 'sd-chromium-'));
  try {
    const { stdout } = await run(CHROMIUM, [...flags(profile), ...args], {
      timeout: 60_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function screenshot(url: string, png: string, size = '1400,1000'): Promise<void> {
  await chromium([`--window-size=${size}`, `--screenshot=${png}`, url]);
}

export async function renderedDom(url: string): Promise<string> {
  return chromium(['--dump-dom', url]);
}
