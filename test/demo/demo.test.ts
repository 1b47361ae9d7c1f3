/**
 * `npm run demo` runs to the end with exit 0, tells the story step by step, and leaves nothing
 * running: the PostgreSQL it started no longer accepts connections once it has exited.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../support/runner.ts';

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

it('runs the whole story and cleans up', async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'demo', 'run.ts')],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 400_000, env: { PATH: process.env.PATH ?? '' } },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
    );
  });
  expect(code, stdout + stderr).toBe(0);
  for (const step of [
    'Build and sign a release',
    'passed: the signed release verifies',
    'refused, as it must be: the tampered artifact is rejected',
    "passed: bob approved alice's release",
    'refused, as it must be: alice cannot approve her own release',
    'passed: both environments rotated',
    'passed: the audit ran and filed its findings',
    "Answer SAMM's questions",
    'Done.',
  ]) {
    expect(stdout).toContain(step);
  }
  expect(stdout).not.toMatch(/login with it: .*FAILS/);
  expect(existsSync(join(REPO_ROOT, 'reports', 'demo', 'assessment.html'))).toBe(true);
  const port = Number(/PostgreSQL\s+127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]);
  expect(port).toBeGreaterThan(0);
  expect(await listening(port)).toBe(false);
}, 420_000);
