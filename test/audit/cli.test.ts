/** `secure-deploy audit`: the same audit from a terminal, token from the environment. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerAuditCommands } from '../../src/cli/audit.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { orgFixture } from './org-fixture.ts';

async function cli(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
  const program = new Command('secure-deploy').exitOverride();
  registerAuditCommands(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { stdout, stderr, exitCode };
}

describe('secure-deploy audit', () => {
  let emulator: Emulator;
  const saved = { ...process.env };
  beforeAll(async () => {
    emulator = await startEmulator();
    await emulator.seed(orgFixture('dirty').seed);
    process.env.GITHUB_API_URL = emulator.url;
    process.env.GITHUB_TOKEN = 'ghs_cli_token_value';
  });
  afterAll(async () => {
    process.env = saved;
    await emulator?.close();
  });

  it('prints the findings and exits 1 at the fail-on severity', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sd-cli-')), 'findings.json');
    const result = await cli([
      'audit',
      '--repository',
      'acme/app',
      '--ledger',
      'acme/audit',
      '--out',
      out,
      '--fail-on',
      'critical',
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('== Secret audit ==');
    expect(result.stdout).toContain('ledger-tampered');
    expect(result.stdout + result.stderr).not.toContain('ghs_cli_token_value');
    const report = JSON.parse(readFileSync(out, 'utf8')) as { repositories: string[]; findings: { kind: string }[] };
    expect(report.repositories).toEqual(['acme/app']);
    expect(report.findings.map((f) => f.kind)).toContain('untrusted-trigger-exposure');
  });

  it('reviews secret reads from a streamed export with --audit-log-export and --no-audit-log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-cli-export-'));
    const file = join(dir, 'stream.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({
        _document_id: 'cli-1',
        '@timestamp': Date.now() - 60_000,
        action: 'workflows.prepared_workflow_job',
        actor: 'octocat',
        repo: 'acme/app',
        job_name: 'deploy',
        job_workflow_ref: 'acme/app/.github/workflows/deploy.yml@refs/heads/main',
        environment_name: 'production',
        event: 'push',
        secrets_passed: ['DEPLOY_KEY'],
      })}\nnot json\n`,
    );
    const out = join(dir, 'findings.json');
    const result = await cli([
      'audit',
      '--organization',
      'acme',
      '--no-audit-log',
      '--audit-log-export',
      file,
      '--out',
      out,
      '--fail-on',
      'none',
      '--allow-partial',
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      findings: { kind: string; subject: string }[];
      partial: string[];
    };
    expect(report.findings.map((f) => [f.kind, f.subject])).toContainEqual([
      'secret-read-unprotected-ref',
      'environment:acme/app:production:DEPLOY_KEY<-acme/app/.github/workflows/deploy.yml@refs/heads/main',
    ]);
    // The unusable line is named, and the audit is partial for it, not clean.
    expect(result.stderr).toMatch(/stream\.jsonl:2: not JSON/);
    expect(report.partial).toContainEqual('acme: 1 audit-log line(s) unusable, events may be missing');
    // No ledger or audit-state: no watermark, so the read is not sent to sinks (and says so).
    expect(result.stderr).toMatch(/1 secret read\(s\) were found but not sent to the audit sinks/);
  });

  it('needs a token in the environment, never on the command line', async () => {
    delete process.env.GITHUB_TOKEN;
    await expect(cli(['audit', '--repository', 'acme/app'])).rejects.toThrow(/Set GITHUB_TOKEN/);
    process.env.GITHUB_TOKEN = 'ghs_cli_token_value';
  });
});
