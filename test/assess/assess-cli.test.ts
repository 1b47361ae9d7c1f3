/**
 * `secure-deploy assess` through the committed CLI bundle, against an emulated organization with a
 * known mix of applications, gives the expected answer to each SAMM question.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { renderedDom, screenshot } from '../support/chromium.ts';
import { REPO_ROOT, runBundle } from '../support/runner.ts';
import { orgAuditWorkflow, RELEASE_WORKFLOW, ROTATE_WORKFLOW, WEAK_WORKFLOW } from './fixtures.ts';

const DAY = 86_400_000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const fp = (c: string) => `hmac-sha256:${c.repeat(64)}`;

/** An application that does its part; the secrets audit runs once for the organization, from acme/security. */
function fullRepo(
  name: string,
  opts: { rotation: boolean; sharedValue?: boolean; fork?: boolean; template?: boolean },
) {
  const files: Record<string, string> = { '.github/workflows/release.yml': RELEASE_WORKFLOW };
  if (opts.rotation) files['.github/workflows/rotate.yml'] = ROTATE_WORKFLOW;
  return {
    full_name: `acme/${name}`,
    fork: opts.fork,
    is_template: opts.template,
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

const APPLICATIONS = ['acme/billing', 'acme/docs', 'acme/legacy', 'acme/payments', 'acme/shop'];

interface Report {
  partial: boolean;
  unreadable: string[];
  answers: { stream: string; answer: string; meeting: number; total: number }[];
  repositories: { repository: string; meetsStream: { A: boolean; B: boolean } }[];
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
        // The weekly secrets audit of the whole organization lives only here.
        { full_name: 'acme/security', files: { '.github/workflows/audit.yml': orgAuditWorkflow('acme') } },
        // Neither a fork nor a template is an application, however complete.
        fullRepo('payments-fork', { rotation: true, fork: true }),
        fullRepo('service-template', { rotation: true, template: true }),
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

  const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'assessment.json'), 'utf8')) as Report;

  it('answers both questions for the organization from the evidence', async () => {
    const dir = join(out, 'filtered');
    const result = await assessCli([
      '--org',
      'acme',
      '--out',
      dir,
      '--max-age-days',
      '90',
      '--repository-filter',
      '!security',
    ]);
    expect(result.status, result.stderr).toBe(0);
    const report = readReport(dir);
    // Archived repositories, forks, templates and what the filter leaves out are not applications.
    expect(report.repositories.map((r) => r.repository).sort()).toEqual(APPLICATIONS);
    expect(report.partial).toBe(false);
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
    // payments has no audit workflow of its own: acme/security's organization audit reviews it.
    expect(meets['acme/payments']).toEqual({ A: true, B: true });
    expect(meets['acme/shop']).toEqual({ A: true, B: false });
    expect(meets['acme/billing']).toEqual({ A: true, B: false });
    expect(meets['acme/legacy']).toEqual({ A: false, B: false });
    expect(meets['acme/docs']).toEqual({ A: false, B: false });
    const markdown = readFileSync(join(dir, 'assessment.md'), 'utf8');
    // Logged centrally by its own steps, reviewed by the organization audit in acme/security.
    expect(markdown).toContain(
      "  - ✔ access-logged-and-reviewed: 3 of 3 secure-deploy steps log to a central sink; acme/security: .github/workflows/audit.yml job 'audit' step acme/secure-deploy/actions/audit-secrets@v0 reviews organization acme on a schedule;",
    );
    expect(markdown).toContain('one value shared by DB_PASSWORD@production, DB_PASSWORD@staging');
    expect(markdown).toContain('API_KEY last updated');
    expect(markdown).toContain('n/a rotated-within-max-age: not applicable: no repository or environment secrets');
    expect(result.stdout).toBe(markdown);
    emulator.assertNoViolations();
  });

  it('renders the report of the seeded organization in headless Chromium', async () => {
    const dir = join(out, 'whole-org');
    const result = await assessCli(['--org', 'acme', '--out', dir]);
    expect(result.status, result.stderr).toBe(0);
    const report = readReport(dir);
    // Without a filter acme/security is an application too, and meets neither stream.
    expect(report.repositories.map((r) => r.repository).sort()).toEqual([...APPLICATIONS, 'acme/security'].sort());
    expect(report.answers.map((a) => [a.stream, a.meeting, a.total, a.answer])).toEqual([
      ['A', 3, 6, 'Yes, for at least half of the applications'],
      ['B', 1, 6, 'Yes, for some applications'],
    ]);

    const page = `file://${join(dir, 'assessment.html')}`;
    const dom = await renderedDom(page);
    expect(dom).toMatch(/data-stream="A">Yes, for at least half of the applications</);
    expect(dom).toMatch(/data-stream="B">Yes, for some applications</);
    for (const repository of report.repositories.map((r) => r.repository)) {
      expect(dom).toContain(`<th scope="row">${repository}</th>`);
      expect(dom).toContain(`<details class="repository" data-repository="${repository}">`);
    }
    expect(dom).not.toContain('acme/payments-fork');
    expect(dom).not.toContain('acme/service-template');
    const png = join(dir, 'assessment.png');
    await screenshot(page, png);
    expect(statSync(png).size).toBeGreaterThan(10_000);
  });

  it('counts forks and templates only when asked to', async () => {
    const dir = join(out, 'with-forks');
    const result = await assessCli([
      '--org',
      'acme',
      '--out',
      dir,
      '--include-forks',
      '--include-templates',
      '--repository-filter',
      '!security',
      '--repository-filter',
      '!docs',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(
      readReport(dir)
        .repositories.map((r) => r.repository)
        .sort(),
    ).toEqual([
      'acme/billing',
      'acme/legacy',
      'acme/payments',
      'acme/payments-fork',
      'acme/service-template',
      'acme/shop',
    ]);
  });

  it('says when some repositories could not be fully read', async () => {
    const dir = join(out, 'partial');
    await emulator.addFault({
      pathPattern: '^/repos/acme/legacy/actions/secrets',
      kind: 'status',
      status: 403,
      times: -1,
    });
    try {
      const result = await assessCli(['--org', 'acme', '--out', dir, '--repository-filter', '!security']);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toContain('1 of 5 repositories could not be fully read (acme/legacy)');
      expect(result.stderr).toContain('secrets: read');
      const report = readReport(dir);
      expect(report.partial).toBe(true);
      expect(report.unreadable).toEqual(['acme/legacy']);
      const markdown = readFileSync(join(dir, 'assessment.md'), 'utf8');
      expect(markdown).toContain('**Partial assessment:** 1 of 5 repositories could not be fully read (acme/legacy)');
      expect(markdown).toContain('could not read repository secrets (HTTP 403)');
    } finally {
      await emulator.clearFaults();
    }
  });

  it('assesses one repository, and says what is missing', async () => {
    const result = await assessCli(['--repo', 'acme/shop', '--out', join(out, 'shop'), '--json']);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { answers: { answer: string }[]; repositories: unknown[] };
    expect(report.repositories).toHaveLength(1);
    expect(report.answers.map((a) => a.answer)).toEqual(['Yes, for most or all of the applications', 'No']);
    expect(result.stdout).toContain(
      'no scheduled workflow (here, or elsewhere in the organization with this repository as a destination) runs rotate-secret',
    );
  });

  it('audit-secrets answers the same questions in its assess mode, over its repository filter', async () => {
    const dir = join(out, 'from-action');
    const result = await runBundle('audit-secrets', {
      env: { GITHUB_API_URL: emulator.url },
      inputs: {
        organization: 'acme',
        'repository-filter': '!security\n!docs',
        assess: true,
        'assessment-dir': dir,
        'fail-on': 'none',
        'sarif-file': join(out, 'a.sarif'),
        'findings-file': join(out, 'a.json'),
      },
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const answers = JSON.parse(result.outputs.assessment ?? '[]') as {
      stream: string;
      answer: string;
      total: number;
    }[];
    expect(answers.map((a) => [a.stream, a.answer, a.total])).toEqual([
      ['A', 'Yes, for at least half of the applications', 4],
      ['B', 'Yes, for some applications', 4],
    ]);
    expect(
      readReport(dir)
        .repositories.map((r) => r.repository)
        .sort(),
    ).toEqual(APPLICATIONS.filter((r) => r !== 'acme/docs'));
    expect(result.summary).toContain('SAMM Secure Deployment — level 3 assessment');
    expect(readFileSync(join(dir, 'assessment.html'), 'utf8')).toContain('<svg');
  });

  it('refuses to run without a token, and never takes one on the command line', async () => {
    const result = await cli(['assess', '--org', 'acme'], { GITHUB_API_URL: emulator.url });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Set GITHUB_TOKEN');
  });
});
