/**
 * Every committed bundle, started the way the runner starts it, fails closed on bad input:
 * exit 1 and one `::error::` annotation that names the input and what is expected.
 */
import { describe, expect, it } from 'vitest';
import type { InputSpecs } from '../../src/core/inputs.ts';
import { type ActionName, runBundle } from '../support/runner.ts';

const ACTIONS: readonly ActionName[] = [
  'deploy-gate',
  'verify-signatures',
  'require-approval',
  'rotate-secret',
  'audit-secrets',
];

async function specInputs(name: ActionName): Promise<InputSpecs> {
  return ((await import(`../../src/actions/${name}.inputs.ts`)) as { inputs: InputSpecs }).inputs;
}

function expectCleanFailure(result: Awaited<ReturnType<typeof runBundle>>): void {
  expect(result.exitCode, result.stdout + result.stderr).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe.each(ACTIONS)('%s bundle', (name) => {
  it('started with no inputs exits 1 with one annotation that says what to give', async () => {
    const result = await runBundle(name);
    expectCleanFailure(result);
    if (name === 'audit-secrets') {
      // Every input has a default: with none it audits the run's own repository — here through a
      // GITHUB_API_URL where nothing listens, which it must name instead of passing.
      expect(result.errors[0]).toMatch(/The GitHub API at http:\/\/127\.0\.0\.1:9 failed.*GITHUB_API_URL/);
    } else {
      expect(result.errors[0]).toMatch(/Input '[a-z-]+' (is required|is empty)/);
    }
  });

  it('rejects an unknown value for a choice input, naming the input and the choices', async () => {
    const inputs = await specInputs(name);
    const choice = Object.entries(inputs).find(([, spec]) => spec.type === 'choice');
    const boolean = Object.entries(inputs).find(([, spec]) => spec.type === 'boolean');
    const [input, spec] = choice ?? boolean ?? [];
    expect(input, `${name} has a choice or boolean input`).toBeDefined();
    const result = await runBundle(name, { inputs: { [input ?? '']: 'no-such-value' } });
    expectCleanFailure(result);
    expect(result.errors[0]).toContain(`'${input}'`);
    expect(result.errors[0]).toContain('no-such-value');
    if (spec?.type === 'choice') for (const c of spec.choices) expect(result.errors[0]).toContain(`'${c}'`);
  });

  it('fails on a missing token, naming the token input', async () => {
    const result = await runBundle(name, { token: '' });
    expectCleanFailure(result);
    expect(result.errors[0]).toContain("'token'");
  });
});
