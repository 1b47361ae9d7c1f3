/**
 * User-written patterns (certificate identity patterns, trust-policy `identity-pattern`), compiled
 * on RE2 (re2js): matching takes time linear in the input, so no pattern and no crafted input (a
 * branch name in a certificate's identity) can make a deploy job hang, as `(a+)+` does on a
 * backtracking engine. What RE2 cannot express in linear time (backreferences, lookaround) is
 * refused with a message that says so.
 *
 * Every pattern is anchored at both ends whatever the user wrote: `release` never matches
 * `release-evil`. The pattern is compiled on its own first, so `a)|(b` cannot close the wrapping
 * group and leave `b` unanchored.
 */
import { RE2JS } from 're2js';
import { ConfigurationError, errorMessage } from './errors.js';

/** Longest pattern accepted (characters). */
export const MAX_PATTERN_LENGTH = 1024;
/** Longest text a pattern is matched against (characters); longer text never matches. */
export const MAX_MATCH_LENGTH = 8192;

export const PATTERN_SYNTAX_HELP =
  'Patterns use RE2 syntax (https://github.com/google/re2/wiki/Syntax), which matches in linear time: no backreferences, no lookahead or lookbehind.';

/** A compiled, anchored pattern. */
export interface AnchoredPattern {
  /** The pattern as the user wrote it. */
  readonly source: string;
  /** True when the whole of `text` matches (and `text` is at most MAX_MATCH_LENGTH characters). */
  test(text: string): boolean;
}

/** Why RE2 refuses a pattern, in words a user can act on. */
function explain(pattern: string, error: unknown): string {
  if (/\\[1-9]|\\k<|\\g\{?\d/.test(pattern)) return 'backreferences are not supported';
  if (/\(\?<?[=!]/.test(pattern)) return 'lookahead and lookbehind are not supported';
  if (/\(\?>/.test(pattern)) return 'atomic groups are not supported';
  if (/[*+?}]\+/.test(pattern) && /missing argument|invalid nested repetition/.test(errorMessage(error))) {
    return 'possessive quantifiers are not supported';
  }
  return errorMessage(error).replace(/^error parsing regexp: /, '');
}

/**
 * Compiles `pattern` (named `what` in messages, e.g. "certificate-identity-regexp") anchored at
 * both ends. Throws a ConfigurationError that names it and says why when it is too long, not valid,
 * or needs more than RE2 offers.
 */
export function compileAnchoredPattern(pattern: string, what: string): AnchoredPattern {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new ConfigurationError(
      `${what} is ${pattern.length} characters long; the limit is ${MAX_PATTERN_LENGTH}. Write a shorter pattern.`,
    );
  }
  let re: RE2JS;
  try {
    // On its own first: an unbalanced `)` is an error here rather than an escape from the anchors.
    RE2JS.compile(pattern);
    re = RE2JS.compile(`^(?:${pattern})$`);
  } catch (error) {
    throw new ConfigurationError(
      `${what} '${pattern}' is not a valid pattern: ${explain(pattern, error)}. ${PATTERN_SYNTAX_HELP}`,
    );
  }
  return {
    source: pattern,
    test: (text: string) => text.length <= MAX_MATCH_LENGTH && re.matches(text),
  };
}
