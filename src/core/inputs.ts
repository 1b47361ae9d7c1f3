import * as core from '@actions/core';
import { ConfigurationError } from './errors.js';
import { maskSecret } from './mask.js';

/** How one action input is read and checked. Mirrors the input's entry in action.yml. */
export type InputSpec =
  | { readonly type: 'string'; readonly required?: boolean; readonly default?: string; readonly secret?: boolean }
  | { readonly type: 'boolean'; readonly default: boolean }
  | {
      readonly type: 'integer';
      readonly default?: number;
      readonly min?: number;
      readonly max?: number;
      readonly required?: boolean;
    }
  | { readonly type: 'list' }
  | { readonly type: 'choice'; readonly choices: readonly string[]; readonly default: string };

export type InputSpecs = Readonly<Record<string, InputSpec>>;

type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

type ValueOf<S extends InputSpec> = S extends { type: 'string' }
  ? string
  : S extends { type: 'boolean' }
    ? boolean
    : S extends { type: 'integer'; default: number }
      ? number
      : S extends { type: 'integer'; required: true }
        ? number
        : S extends { type: 'integer' }
          ? number | undefined
          : S extends { type: 'list' }
            ? string[]
            : S extends { type: 'choice'; choices: readonly (infer C)[] }
              ? C
              : never;

/** The typed object an action's inputs are read into: `certificate-identity` becomes `certificateIdentity`. */
export type Inputs<T extends InputSpecs> = {
  readonly [K in keyof T & string as CamelCase<K>]: ValueOf<T[K]>;
};

/** Where raw input values come from: the runner's `INPUT_*` variables, or the CLI's options. */
export type InputSource = (name: string) => string | undefined;

/** Reads inputs the way the Actions runner passes them (`INPUT_<NAME>`, upper-cased, spaces to `_`). */
export const runnerInputSource: InputSource = (name) => core.getInput(name);

/** A value the runner did not resolve, such as a default of `${{ github.token }}` outside a workflow. */
function isUnresolvedExpression(value: string): boolean {
  return /^\$\{\{.*\}\}$/s.test(value.trim());
}

function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const TRUE_WORDS = new Set(['true', 'True', 'TRUE']);
const FALSE_WORDS = new Set(['false', 'False', 'FALSE']);

/** Reads one input per its spec, throwing a ConfigurationError that names the input and what is expected. */
export function readInput(name: string, spec: InputSpec, source: InputSource): unknown {
  const raw = source(name);
  const present = raw !== undefined && raw.trim() !== '' && !isUnresolvedExpression(raw);
  const value = present ? raw : undefined;
  switch (spec.type) {
    case 'string': {
      if (value === undefined) {
        if (spec.required) {
          throw new ConfigurationError(
            `Input '${name}' is required but was not given. Set it in the step's 'with:' block.`,
          );
        }
        return spec.default !== undefined && !isUnresolvedExpression(spec.default) ? spec.default : '';
      }
      if (spec.secret) maskSecret(value);
      return spec.secret ? value : value.trim();
    }
    case 'boolean': {
      if (value === undefined) return spec.default;
      const v = value.trim();
      if (TRUE_WORDS.has(v)) return true;
      if (FALSE_WORDS.has(v)) return false;
      throw new ConfigurationError(`Input '${name}' must be 'true' or 'false', not '${v}'.`);
    }
    case 'integer': {
      if (value === undefined) {
        if (spec.required) {
          throw new ConfigurationError(`Input '${name}' is required but was not given. Set it to a whole number.`);
        }
        return spec.default;
      }
      const v = value.trim();
      if (!/^-?\d+$/.test(v)) throw new ConfigurationError(`Input '${name}' must be a whole number, not '${v}'.`);
      const n = Number(v);
      if (spec.min !== undefined && n < spec.min) {
        throw new ConfigurationError(`Input '${name}' must be at least ${spec.min}, not ${v}.`);
      }
      if (spec.max !== undefined && n > spec.max) {
        throw new ConfigurationError(`Input '${name}' must be at most ${spec.max}, not ${v}.`);
      }
      return n;
    }
    case 'list': {
      if (value === undefined) return [];
      return value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
    }
    case 'choice': {
      if (value === undefined) return spec.default;
      const v = value.trim();
      if (!spec.choices.includes(v)) {
        throw new ConfigurationError(
          `Input '${name}' must be one of ${spec.choices.map((c) => `'${c}'`).join(', ')}, not '${v}'.`,
        );
      }
      return v;
    }
  }
}

/**
 * Reads every input of an action once, into a typed object. All problems are collected and
 * reported together in one ConfigurationError, so the user fixes them in one go.
 */
export function readInputs<T extends InputSpecs>(specs: T, source: InputSource = runnerInputSource): Inputs<T> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    try {
      out[camelCase(name)] = readInput(name, spec, source);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length === 1) throw new ConfigurationError(problems[0]);
  if (problems.length > 1)
    throw new ConfigurationError(`${problems.length} inputs are invalid:\n- ${problems.join('\n- ')}`);
  return out as Inputs<T>;
}
