import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import { readInputs } from '../../src/core/inputs.ts';

const specs = {
  name: { type: 'string', required: true },
  'dry-run': { type: 'boolean', default: false },
  'max-age': { type: 'integer', default: 30, min: 1 },
  artifacts: { type: 'list' },
  mode: { type: 'choice', choices: ['pre-deploy', 'post-deploy'], default: 'pre-deploy' },
  token: { type: 'string', required: true, secret: true, default: '${{ github.token }}' },
} as const;

function source(values: Record<string, string>) {
  return (name: string) => values[name];
}

describe('readInputs', () => {
  it('reads every input into a typed, camel-cased object', () => {
    const inputs = readInputs(
      specs,
      source({ name: ' DB ', 'dry-run': 'True', 'max-age': '7', artifacts: 'a\n# comment\n\n b ', token: 't' }),
    );
    expect(inputs).toEqual({
      name: 'DB',
      dryRun: true,
      maxAge: 7,
      artifacts: ['a', 'b'],
      mode: 'pre-deploy',
      token: 't',
    });
  });

  it('treats an unresolved ${{ }} default as missing', () => {
    expect(() => readInputs(specs, source({ name: 'x', token: '${{ github.token }}' }))).toThrow(
      "Input 'token' is required",
    );
  });

  it('reports every bad input in one ConfigurationError', () => {
    let caught: unknown;
    try {
      readInputs(specs, source({ 'dry-run': 'yes', 'max-age': '0', mode: 'sideways', token: 't' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    const message = (caught as Error).message;
    expect(message).toMatch(/^4 inputs are invalid/);
    expect(message).toContain("Input 'name' is required");
    expect(message).toContain("Input 'dry-run' must be 'true' or 'false', not 'yes'");
    expect(message).toContain("Input 'max-age' must be at least 1, not 0");
    expect(message).toContain("Input 'mode' must be one of 'pre-deploy', 'post-deploy', not 'sideways'");
  });

  it('rejects a number that is not whole', () => {
    expect(() => readInputs(specs, source({ name: 'x', token: 't', 'max-age': '1.5' }))).toThrow(
      "Input 'max-age' must be a whole number, not '1.5'",
    );
  });
});
