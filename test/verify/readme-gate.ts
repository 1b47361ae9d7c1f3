/** The README's deploy gate step, as written in demo/workflows/release.yml, for the e2e tests that run it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
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
