/**
 * Deeply nested YAML and JSON is refused with "nested too deeply" before a parser can overflow the
 * stack; files nested as real ones are accepted.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ConfigurationError } from '../../src/core/errors.ts';
import { checkJsonNesting, checkYamlNesting, MAX_NESTING, parseJsonText } from '../../src/core/nesting.ts';
import { parseWorkflow as assessWorkflow } from '../../src/assess/workflows.ts';
import { readTrustAnchors } from '../../src/audit/trust-anchors.ts';
import { parseWorkflow } from '../../src/audit/workflows.ts';
import { parseTrustPolicy } from '../../src/trust/policy.ts';
import { parseBundles } from '../../src/verify/bundle.ts';
import { parseTrustedRoot } from '../../src/verify/trusted-roots.ts';

const deepYaml = {
  flow: (n: number) => '['.repeat(n) + ']'.repeat(n),
  block: (n: number) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`,
  dashes: (n: number) => `${'- '.repeat(n)}x\n`,
  'flow maps': (n: number) => '{a: '.repeat(n) + '1' + '}'.repeat(n),
};

describe('nesting limit', () => {
  it.each(Object.entries(deepYaml))(
    'refuses YAML nested too deeply (%s), at any depth, naming the file',
    (name, make) => {
      // (Block nesting costs n² characters of indentation: 3000 levels is 4.5 MB.)
      for (const n of [MAX_NESTING + 1, 3000, name === 'block' ? 3000 : 100_000]) {
        expect(() => checkYamlNesting(make(n), 'policy.yml')).toThrow(ConfigurationError);
        expect(() => checkYamlNesting(make(n), 'policy.yml')).toThrow(
          /^policy\.yml is nested too deeply: more than 64 levels of lists and maps \(line \d+\)/,
        );
      }
      // At the limit it parses, and the yaml library handles it.
      checkYamlNesting(make(MAX_NESTING), 'policy.yml');
      expect(parseDocument(make(MAX_NESTING)).errors).toEqual([]);
    },
  );

  it('counts keys that are collections, and several documents', () => {
    expect(() => checkYamlNesting(`? ${'['.repeat(80)}${']'.repeat(80)}\n: 1\n`, 'x')).toThrow(/nested too deeply/);
    expect(() => checkYamlNesting(`a: 1\n---\n${deepYaml.flow(80)}\n`, 'x')).toThrow(
      /nested too deeply \(line 3\)|line 3/,
    );
  });

  it('refuses JSON nested too deeply, ignoring brackets inside strings', () => {
    expect(() => parseJsonText('['.repeat(100_000) + ']'.repeat(100_000), 'bundle b.json')).toThrow(
      /^bundle b\.json is nested too deeply/,
    );
    expect(parseJsonText(`{"a": "${'['.repeat(500)}\\"${'{'.repeat(500)}"}`, 'x')).toEqual({
      a: `${'['.repeat(500)}"${'{'.repeat(500)}`,
    });
    checkJsonNesting('['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING), 'x');
    expect(() => checkJsonNesting('{"a":'.repeat(MAX_NESTING + 1), 'x')).toThrow(/nested too deeply/);
  });
});

describe('every reader of a user file applies the limit', () => {
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  it.each([
    [
      'a trust policy',
      () => parseTrustPolicy(`anchors: ${deep}\n`, 'trust-policy.yml'),
      /^trust-policy\.yml is nested too deeply/,
    ],
    [
      'trust anchors read by the audit',
      () => readTrustAnchors(`a: ${deep}\n`),
      /^the trust policy is nested too deeply/,
    ],
    ['a trusted root', () => parseTrustedRoot(deep, 'root.json'), /^Trusted root root\.json is nested too deeply/],
    ['a bundle', () => parseBundles(deep, 'app.sigstore.json'), /^bundle app\.sigstore\.json is nested too deeply/],
  ])('%s', (_, read, message) => {
    expect(read).toThrow(message);
  });

  it('a workflow file read by the audit or the assessment is reported, not a crash', () => {
    expect(parseWorkflow('.github/workflows/x.yml', `on: ${deep}\n`).parseError).toMatch(/nested too deeply/);
    expect(assessWorkflow('.github/workflows/x.yml', `on: ${deep}\n`).error).toMatch(/nested too deeply/);
  });
});
