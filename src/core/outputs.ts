import * as core from '@actions/core';
import { redact } from './mask.js';

export type OutputValue = string | number | boolean | object;

/** Sets outputs an action declares, and only those; objects are written as JSON. */
export interface Outputs<N extends string> {
  set(name: N, value: OutputValue): void;
}

/** An output writer limited to the names in `names`; values pass through `redact` as a last line of defence. */
export function outputWriter<N extends string>(names: readonly N[]): Outputs<N> {
  const allowed = new Set<string>(names);
  return {
    set(name, value) {
      if (!allowed.has(name)) throw new Error(`Output '${name}' is not declared`);
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      core.setOutput(name, redact(text));
    },
  };
}
