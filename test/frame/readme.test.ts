/** The README's inputs/outputs tables and workflows are generated, and must not drift. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../support/runner.ts';

it('README tables match the action.yml files and its workflows match demo/workflows', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(REPO_ROOT, 'scripts', 'readme-tables.mjs'),
    '--check',
  ]);
  expect(stdout).toContain('match');
});
