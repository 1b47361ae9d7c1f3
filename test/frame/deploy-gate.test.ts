/**
 * The root action (deploy gate) through its committed bundle: a signed release approved by
 * another person passes with both halves' outputs; a tampered artifact stops before approval and
 * records no deployment. Also shows the harness capturing outputs, masks and the summary.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { assertNoLeaks, runBundle } from '../support/runner.ts';
import { type GitHubClaims, ISSUER, identityFor, type Stack, startStack } from '../support/sigstore/stack.ts';

const RELEASE: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };
const TOKEN = 'ghs_gate_token_value_1234';

let emulator: Emulator;
let stack: Stack;
let ws: string;

beforeAll(async () => {
  emulator = await startEmulator();
  stack = await startStack();
  ws = mkdtempSync(join(tmpdir(), 'sd-gate-'));
  writeFileSync(join(ws, 'trusted_root.json'), JSON.stringify(stack.trustedRoot));
  for (const [name, content] of [
    ['app.tgz', 'the release'],
    ['tampered.tgz', 'the release'],
  ] as const) {
    writeFileSync(join(ws, name), content);
    writeFileSync(
      join(ws, `${name}.sigstore.json`),
      JSON.stringify(await stack.signBlob(Buffer.from(content), RELEASE)),
    );
  }
  writeFileSync(join(ws, 'tampered.tgz'), 'the release, changed');
  await emulator.seed({
    users: [{ login: 'octo-releaser' }, { login: 'bob' }],
    repos: [
      {
        full_name: 'acme/app',
        environments: [
          {
            name: 'production',
            prevent_self_review: true,
            reviewers: [{ type: 'User', login: 'bob' }],
            deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
            branch_policies: [{ name: 'v*', type: 'tag' }],
            can_admins_bypass: false,
          },
        ],
        runs: [
          {
            id: 1001,
            actor: 'octo-releaser',
            triggering_actor: 'octo-releaser',
            event: 'push',
            head_branch: 'v1.0.0',
            approvals: [{ environments: ['production'], state: 'approved', comment: 'digests checked', user: 'bob' }],
          },
        ],
      },
    ],
  });
  const head = (await (
    await fetch(`${emulator.url}/repos/acme/app/git/ref/heads/main`, { headers: { authorization: `token ${TOKEN}` } })
  ).json()) as { object: { sha: string } };
  await fetch(`${emulator.url}/repos/acme/app/git/refs`, {
    method: 'POST',
    headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ref: 'refs/tags/v1.0.0', sha: head.object.sha }),
  });
});

afterAll(async () => {
  stack?.close();
  await emulator?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

function gate(artifacts: string) {
  return runBundle('deploy-gate', {
    cwd: ws,
    token: TOKEN,
    env: { GITHUB_API_URL: emulator.url },
    inputs: {
      artifacts,
      'certificate-identity': identityFor(RELEASE),
      'certificate-oidc-issuer': ISSUER,
      'source-ref': 'refs/tags/v1.0.0',
      'trusted-root': 'trusted_root.json',
      offline: true,
      environment: 'production',
      'detect-bypass': false,
    },
  });
}

describe('deploy gate', () => {
  it('verifies, then proves the approval, and records the deployment', async () => {
    const result = await gate('app.tgz');
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.errors).toEqual([]);
    // Outputs of both halves, parsed from GITHUB_OUTPUT.
    expect(result.outputs.verified).toBe('true');
    expect(result.outputs.digests).toMatch(/^sha256:[0-9a-f]{64} {2}app\.tgz$/);
    expect(result.outputs.approved).toBe('true');
    expect((JSON.parse(result.outputs.approvers ?? '[]') as { login: string }[]).map((a) => a.login)).toEqual(['bob']);
    expect(result.outputs['deployment-id']).toMatch(/^\d+$/);
    // The token was masked before anything else was printed, and never printed in clear.
    expect(result.masks).toContain(TOKEN);
    expect(result.stdout.indexOf(`::add-mask::${TOKEN}`)).toBe(0);
    expect(result.everything.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
    await assertNoLeaks({ values: { token: TOKEN }, run: result, emulator });
    // The job summary has the verification table and the approval.
    expect(result.summary).toContain('<table>');
    expect(result.summary).toContain('app.tgz');
    expect(result.summary).toContain('bob');
    const deployments = (await emulator.state()) as {
      repos: Record<string, { deployments: { id: number; payload: unknown }[] }>;
    };
    const recorded = deployments.repos['acme/app']?.deployments ?? [];
    expect(recorded.map((d) => String(d.id))).toContain(result.outputs['deployment-id']);
    expect(JSON.stringify(recorded.at(-1)?.payload)).toContain(result.outputs.digests?.split(' ')[0] ?? 'missing');
    emulator.assertNoViolations();
  });

  it('stops a tampered artifact before approval and records no deployment', async () => {
    const before = (await emulator.requests()).length;
    const result = await gate('tampered.tgz');
    expect(result.exitCode).toBe(1);
    expect(result.outputs.verified).toBe('false');
    expect(result.outputs.approved).toBe('false');
    expect(result.errors.some((e) => e.includes('tampered.tgz'))).toBe(true);
    expect(result.errors.at(-1)).toContain('no approval was requested');
    // Not one API call: the approval half never ran.
    expect((await emulator.requests()).slice(before)).toEqual([]);
  });
});
