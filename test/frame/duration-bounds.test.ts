/**
 * Every duration an action takes has an upper bound in its input declaration, and its action.yml
 * description states the range, so a huge number is refused with a message instead of accepted.
 */
import { describe, expect, it } from 'vitest';
import type { InputSpecs } from '../../src/core/inputs.ts';
import { readInput } from '../../src/core/inputs.ts';
import { type ActionName, loadActionYml } from '../support/runner.ts';

// verify-signatures takes no duration; rotate-secret's grace and max-age are durations in text, bounded in src/secrets.
const ACTIONS: readonly ActionName[] = ['deploy-gate', 'require-approval', 'audit-secrets'];
const DURATION = /days|minutes|seconds|timer|interval/;

async function specInputs(name: ActionName): Promise<InputSpecs> {
  return ((await import(`../../src/actions/${name}.inputs.ts`)) as { inputs: InputSpecs }).inputs;
}

describe.each(ACTIONS)('%s duration inputs', (name) => {
  it('each has a documented upper bound, and a huge value is refused naming it', async () => {
    const inputs = await specInputs(name);
    const yml = loadActionYml(name);
    const durations = Object.entries(inputs).filter(([input]) => DURATION.test(input));
    expect(durations.length, `${name} has duration inputs`).toBeGreaterThan(0);
    for (const [input, spec] of durations) {
      expect(spec.type, input).toBe('integer');
      if (spec.type !== 'integer') continue;
      expect(spec.max, `${input} has a max`).toBeTypeOf('number');
      expect(yml.inputs?.[input]?.description, `${input}'s description states its range`).toContain(
        `${spec.min} to ${spec.max}`,
      );
      expect(() => readInput(input, spec, () => '99999999999999999999')).toThrow(
        `Input '${input}' must be at most ${spec.max}, not 99999999999999999999.`,
      );
    }
  });
});

describe('whole numbers without a declared maximum', () => {
  it('refuse a number past 2^53, which would no longer be the number written', () => {
    const spec = { type: 'integer', min: 1 } as const;
    expect(() => readInput('deployment-id', spec, () => '99999999999999999999')).toThrow(
      "Input 'deployment-id' is too large: 99999999999999999999.",
    );
    expect(readInput('deployment-id', spec, () => String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });
});
