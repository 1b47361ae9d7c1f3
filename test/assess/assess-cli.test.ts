/**
 * `secure-deploy assess` through the committed CLI bundle, against an emulated organization with a
 * known mix of applications, gives the expected answer to each SAMM question.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { REPO_ROOT, runBundle } from '../support/runner.ts';
import { AUDIT_WORKFLOW, RELEASE_WORKFLOW, ROTATE_WORKFLOW, WEAK_WORKFLOW } from './fixtures.ts';

const DAY = 86_400_000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const fp = (c: string) => `hmac-sha256:${c.repeat(64)}`;

function fullRepo(name: string, opts: { rotation: boolean; sharedValue?: boolean }) {
  const files: Record<string, string> = {
    '.github/workflows/release.yml': RELEASE_WORKFLOW,
    '.github/workflows/audit.yml': AUDIT_WORKFLOW,
  };
  if (opts.rotation) files['.github/workflows/rotate.yml'] = ROTATE_WORKFLOW;
  return {
    full_name: `acme/${name}`,
    files,
    environments: [
      {
        name: 'production',
        reviewers: [{ type: 'User' as const, login: 'bob' }],
        prevent_self_review: true,
        secrets: [{ name: 'DB_PASSWORD', value: 'p1', created_at: iso(200), updated_at: iso(10) }],
      },
      { name: 'staging', secrets: [{ name: 'DB_PASSWORD', value: 'p2', created_at: iso(200), updated_at: iso(10) }] },
    ],
    variables: [
      { name: 'DB_PASSWORD_FINGERPRINT_STAGING', value: fp('a') },
      { name: 'DB_PASSWORD_FINGERPRINT_PRODUCTION', value: fp(opts.sharedValue ? 'a' : 'b') },
    ],
  };
}

describe('secure-deploy assess', () => {
  let emulator: Emulator;
  let out: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    await emulator.seed({
      users: [{ login: 'bob', type: 'User' }],
      repos: [
        fullRepo('payments', { rotation: true }),
        fullRepo('shop', { rotation: false }),
        fullRepo('billing', { rotation: true, sharedValue: true }),
        {
          full_name: 'acme/legacy',
          files: { '.github/workflows/deploy.yml': WEAK_WORKFLOW },
          secrets: [{ name: 'API_KEY', value: 'k', created_at: iso(400), updated_at: iso(400) }],
        },
        'acme/docs',
        { full_name: 'acme/old', archived: true },
      ],
    });
    out = mkdtempSync(join(tmpdir(), 'sd-assess-'));
  });

  afterAll(async () => {
    await emulator.close();
  });

  /** Runs the CLI asynchronously: the emulator answers from this process's event loop. */
  function cli(
    args: string[],
    env: Record<string, string>,
  ): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [join(REPO_ROOT, 'dist', 'cli', 'index.js'), ...args],
        { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  function assessCli(args: string[]) {
    return cli(['assess', ...args], { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: 'ghs_assess_token' });
  }

  it('answers both questions for the organization from the evidence', async () => {
    const result = await assessCli(['--org', 'acme', '--out', out, '--max-age-days', '90']);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8')) as {
      answers: { stream: string; answer: string; meeting: number; total: number }[];
      repositories: { repository: string; meetsStream: { A: boolean; B: boolean } }[];
    };
    // Archived repositories are not applications.
    expect(report.repositories.map((r) => r.repository).sort()).toEqual(
      ['acme/billing', 'acme/docs', 'acme/legacy', 'acme/payments', 'acme/shop'].sort(),
    );
    expect(report.answers).toEqual([
      expect.objectContaining({
        stream: 'A',
        meeting: 3,
        total: 5,
        answer: 'Yes, for at least half of the applications',
      }),
      expect.objectContaining({ stream: 'B', meeting: 1, total: 5, answer: 'Yes, for some applications' }),
    ]);
    const meets = Object.fromEntries(report.repositories.map((r) => [r.repository, r.meetsStream]));
    expect(meets['acme/payments']).toEqual({ A: true, B: true });
    expect(meets['acme/shop']).toEqual({ A: true, B: false });
    expect(meets['acme/billing']).toEqual({ A: true, B: false });
    expect(meets['acme/legacy']).toEqual({ A: false, B: false });
    const markdown = readFileSync(join(out, 'assessment.md'), 'utf8');
    expect(markdown).toContain('one value shared by DB_PASSWORD@production, DB_PASSWORD@staging');
    expect(markdown).toContain('API_KEY last updated');
    expect(result.stdout).toBe(markdown);
    expect(readFileSync(join(out, 'assessment.html'), 'utf8')).toContain('<svg');
    emulator.assertNoViolations();
  });

  it('assesses one repository, and says what is missing', async () => {
    const result = await assessCli(['--repo', 'acme/shop', '--out', out, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { answers: { answer: string }[]; repositories: unknown[] };
    expect(report.repositories).toHaveLength(1);
    expect(report.answers.map((a) => a.answer)).toEqual(['Yes, for most or all of the applications', 'No']);
    expect(result.stdout).toContain('no scheduled workflow runs rotate-secret');
  });

  it('audit-secrets answers the same questions in its assess mode', async () => {
    const dir = join(out, 'from-action');
    const result = await runBundle('audit-secrets', {
      env: { GITHUB_API_URL: emulator.url },
      inputs: {
        organization: 'acme',
        assess: true,
        'assessment-dir': dir,
        'fail-on': 'none',
        'sarif-file': join(out, 'a.sarif'),
        'findings-file': join(out, 'a.json'),
      },
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const answers = JSON.parse(result.outputs.assessment ?? '[]') as { stream: string; answer: string }[];
    expect(answers.map((a) => [a.stream, a.answer])).toEqual([
      ['A', 'Yes, for at least half of the applications'],
      ['B', 'Yes, for some applications'],
    ]);
    expect(result.summary).toContain('SAMM Secure Deployment — level 3 assessment');
    expect(readFileSync(join(dir, 'assessment.html'), 'utf8')).toContain('<svg');
  });

  it('refuses to run without a token, and never takes one on the command line', async () => {
    const result = await cli(['assess', '--org', 'acme'], { GITHUB_API_URL: emulator.url });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Set GITHUB_TOKEN');
  });
});
