/**
 * A depth limit for the YAML and JSON files users give (policy files, trust policies, trusted
 * roots, bundles, findings files, workflow files read by the audit). The `yaml` library composes
 * documents recursively and overflows the stack on a few thousand nested lists ("Maximum call
 * stack size exceeded"), and so does anything that walks a parsed value recursively (schema
 * validation, canonical JSON). The depth is measured without recursion before anything parses the
 * text, and deeper files are refused with "nested too deeply".
 */
import { Parser } from 'yaml';
import { ConfigurationError } from './errors.js';

/** The deepest nesting of lists and maps accepted. Real files stay far below it (a Sigstore bundle: under 10). */
export const MAX_NESTING = 64;

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function tooDeep(what: string, text: string, offset: number): ConfigurationError {
  return new ConfigurationError(
    `${what} is nested too deeply: more than ${MAX_NESTING} levels of lists and maps (line ${lineAt(text, offset)}). Flatten it.`,
  );
}

/** Throws a ConfigurationError naming `what` when JSON text nests arrays and objects deeper than MAX_NESTING. */
export function checkJsonNesting(text: string, what: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_NESTING) throw tooDeep(what, text, i);
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
}

/** `JSON.parse` after the depth check. */
export function parseJsonText(text: string, what: string): unknown {
  checkJsonNesting(text, what);
  return JSON.parse(text) as unknown;
}

interface CstNode {
  type?: string;
  offset?: number;
  value?: unknown;
  items?: { key?: unknown; value?: unknown }[];
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/**
 * Throws a ConfigurationError naming `what` when YAML text nests collections deeper than
 * MAX_NESTING. Reads the concrete syntax tree (which `yaml` builds without recursion) with an
 * explicit stack, so it cannot overflow itself.
 */
export function checkYamlNesting(text: string, what: string): void {
  const stack: [CstNode, number][] = [];
  for (const token of new Parser().parse(text)) stack.push([token, 0]);
  while (stack.length > 0) {
    const [node, outer] = stack.pop() ?? [{}, 0];
    const depth = COLLECTIONS.has(node.type ?? '') ? outer + 1 : outer;
    if (depth > MAX_NESTING) throw tooDeep(what, text, node.offset ?? 0);
    if (node.type === 'document' && node.value && typeof node.value === 'object') {
      stack.push([node.value, depth]);
    }
    for (const item of node.items ?? []) {
      for (const child of [item.key, item.value]) {
        if (child && typeof child === 'object') stack.push([child, depth]);
      }
    }
  }
}
