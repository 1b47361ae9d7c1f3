import * as core from '@actions/core';

const known = new Set<string>();

/**
 * `::add-mask::` is a runner command: outside a runner (the CLI in a terminal) it would print the
 * very value it is meant to hide, so it is only written when running under GitHub Actions.
 */
function tellRunner(value: string): void {
  if (process.env.GITHUB_ACTIONS === 'true') core.setSecret(value);
}

/**
 * Masks a secret value in everything the runner prints from now on, and remembers it so that
 * `redact` can scrub it from messages built before the runner saw the mask.
 * Call this the moment a secret value exists, before anything else touches it.
 */
export function maskSecret(value: string): void {
  if (value.length === 0 || known.has(value)) return;
  known.add(value);
  tellRunner(value);
  // Inside JSON (outputs, audit events, results) a quote, backslash or control character is
  // escaped, and the escaped text no longer contains the value: that form is masked too.
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value && !known.has(escaped)) {
    known.add(escaped);
    tellRunner(escaped);
  }
  // Multi-line values (PEM keys) are masked line by line by the runner only if each line is registered.
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.length >= 4 && !known.has(trimmed)) {
      known.add(trimmed);
      tellRunner(trimmed);
    }
  }
}

/** Replaces every masked value in `text` with `***`. */
export function redact(text: string): string {
  let out = text;
  for (const value of [...known].sort((a, b) => b.length - a.length)) {
    if (out.includes(value)) out = out.split(value).join('***');
  }
  return out;
}

/** For tests: forget the values masked so far. */
export function resetMasks(): void {
  known.clear();
}
