/** The README's deploy gate step, as written in demo/workflows/release.yml, for the e2e tests that run it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Emulator, SeedRepo } from '../support/github-emulator/index.ts';
import { REPO_ROOT } from '../support/runner.ts';

/**
 * The inputs of the gate step (`id: gate`), its expressions filled in as for `repository` at tag
 * v1.0.0. The audit sinks (a file and a ledger repository) are the audit tests' business: left out.
 */
export function readmeGateInputs(repository = 'acme/app'): Record<string, string> {
  const workflow = parse(readFileSync(join(REPO_ROOT, 'demo', 'workflows', 'release.yml'), 'utf8')) as {
    jobs: Record<string, { steps: { id?: string; uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const step = workflow.jobs.deploy?.steps.find((s) => s.id === 'gate');
  if (!step?.with || step.uses !== 'acme/secure-deploy@v0')
    throw new Error('the README release workflow has no gate step');
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.with)) {
    if (name === 'audit-log') continue;
    inputs[name] = String(value)
      .replaceAll('${{ github.repository }}', repository)
      .replaceAll('${{ github.ref }}', 'refs/tags/v1.0.0');
  }
  return inputs;
}

/**
 * The repository the README's release workflow deploys from: its `production` environment (bob
 * reviews, no self-review, tags v* only, no admin bypass) and release run `runId`, pushed by
 * octo-releaser at tag v1.0.0 and approved by bob. The seed also needs the users octo-releaser and bob.
 */
export function releaseRepo(fullName: string, runId: number, extra: Partial<SeedRepo> = {}): SeedRepo {
  return {
    full_name: fullName,
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
        id: runId,
        actor: 'octo-releaser',
        triggering_actor: 'octo-releaser',
        event: 'push',
        head_branch: 'v1.0.0',
        approvals: [{ environments: ['production'], state: 'approved', comment: 'digests checked', user: 'bob' }],
      },
    ],
    ...extra,
  };
}

/** Tags the head of `main` as v1.0.0 (a lightweight tag) through the emulator's API; returns the commit. */
export async function tagRelease(emulator: Emulator, repository: string, token: string): Promise<string> {
  const head = (await (
    await fetch(`${emulator.url}/repos/${repository}/git/ref/heads/main`, {
      headers: { authorization: `token ${token}` },
    })
  ).json()) as { object: { sha: string } };
  await fetch(`${emulator.url}/repos/${repository}/git/refs`, {
    method: 'POST',
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ref: 'refs/tags/v1.0.0', sha: head.object.sha }),
  });
  return head.object.sha;
}
