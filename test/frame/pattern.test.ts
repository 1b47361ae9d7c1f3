/**
 * Identity patterns run on RE2 (core/pattern.ts): anchored at both ends, linear-time matching
 * whatever the pattern and the text, and a clear refusal of what RE2 cannot express.
 */
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import { compileAnchoredPattern, MAX_MATCH_LENGTH, MAX_PATTERN_LENGTH } from '../../src/core/pattern.ts';
import { policyViolations } from '../../src/verify/policy.ts';

const WORKFLOW = 'https://github.com/acme/app/.github/workflows/release.yml';

describe('compileAnchoredPattern', () => {
  it('anchors at both ends and keeps an unbalanced ) from escaping the anchors', () => {
    const p = compileAnchoredPattern('https://github\\.com/acme/.*', 'pattern');
    expect(p.test(`${WORKFLOW}@refs/tags/v1`)).toBe(true);
    expect(p.test(`x${WORKFLOW}`)).toBe(false);
    expect(p.test(`${WORKFLOW}\nx`)).toBe(false); // `$` is the end of the text, not of a line
    expect(compileAnchoredPattern('release', 'pattern').test('release-evil')).toBe(false);
    expect(compileAnchoredPattern('a|b', 'pattern').test('ab')).toBe(false);
    expect(() => compileAnchoredPattern('a)|(b', 'pattern')).toThrow(
      /'a\)\|\(b' is not a valid pattern: unexpected \)/,
    );
  });

  it.each([
    ['(a)\\1', /backreferences are not supported/],
    ['(?<n>a)\\k<n>', /backreferences are not supported/],
    ['(?=refs/heads/)refs/.*', /lookahead and lookbehind are not supported/],
    ['.*(?<!evil)', /lookahead and lookbehind are not supported/],
    ['(?>a+)b', /atomic groups are not supported/],
    ['a++', /possessive quantifiers are not supported/],
    ['[', /missing closing \]/],
  ])('refuses %s with a message that says why and what syntax applies', (pattern, why) => {
    const error = (() => {
      try {
        compileAnchoredPattern(pattern, 'certificate-identity-regexp');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toContain('certificate-identity-regexp');
    expect((error as Error).message).toContain('RE2 syntax');
  });

  it('refuses a pattern past the length limit, and never matches text past the match limit', () => {
    expect(() => compileAnchoredPattern('a'.repeat(MAX_PATTERN_LENGTH + 1), 'identity-pattern')).toThrow(
      /identity-pattern is 1025 characters long; the limit is 1024/,
    );
    expect(compileAnchoredPattern('a*', 'p').test('a'.repeat(MAX_MATCH_LENGTH))).toBe(true);
    expect(compileAnchoredPattern('a*', 'p').test('a'.repeat(MAX_MATCH_LENGTH + 1))).toBe(false);
  });

  it('matches `(a+)+` against a crafted branch name in linear time (a backtracking engine takes exponential time)', () => {
    const pattern = `${WORKFLOW.replace(/\./g, '\\.')}@refs/heads/(a+)+`;
    const crafted = `${WORKFLOW}@refs/heads/${'a'.repeat(4000)}!`;
    // 4000 characters would take a backtracking engine longer than the universe has existed; the
    // test's own timeout is the bound. No elapsed-time assertion: the answer is what is checked.
    expect(compileAnchoredPattern(pattern, 'p').test(crafted)).toBe(false);
    expect(compileAnchoredPattern(pattern, 'p').test(crafted.slice(0, -1))).toBe(true);
    const signer = { identity: crafted, claims: {} };
    expect(policyViolations({ certificateIdentityRegexp: pattern }, signer)[0]).toMatch(/does not match/);
  });
});
