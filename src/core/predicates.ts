/**
 * Predicate types, and the shorthands GitHub's attestations API accepts for its `predicate_type`
 * filter ("`provenance`, `sbom`, `release`, or freeform text", the endpoint's description). The
 * same words mean the same types in the request and in the local check of the in-toto statement.
 */

export const RELEASE_PREDICATE_TYPE = 'https://in-toto.io/attestation/release/v0.1';

/** What each shorthand stands for: exact types, or prefixes ending in '/' or a version-less stem. */
const SHORTHANDS: Readonly<Record<string, { exact: readonly string[]; prefixes: readonly string[] }>> = {
  provenance: { exact: ['https://slsa.dev/provenance/v1', 'https://slsa.dev/provenance/v0.2'], prefixes: [] },
  sbom: {
    exact: ['https://spdx.dev/Document', 'https://cyclonedx.org/bom'],
    prefixes: ['https://spdx.dev/Document/', 'https://cyclonedx.org/bom/'],
  },
  release: { exact: [RELEASE_PREDICATE_TYPE], prefixes: [] },
};

export function isShorthand(predicateType: string): boolean {
  return Object.hasOwn(SHORTHANDS, predicateType);
}

/** True when a statement's predicate type is the wanted one, or one the wanted shorthand stands for. */
export function predicateMatches(wanted: string, actual: string): boolean {
  const shorthand = Object.hasOwn(SHORTHANDS, wanted) ? SHORTHANDS[wanted] : undefined;
  if (!shorthand) return actual === wanted;
  return shorthand.exact.includes(actual) || shorthand.prefixes.some((p) => actual.startsWith(p));
}

/** How a wanted predicate type reads in a refusal: `sbom (https://spdx.dev/Document, ...)`. */
export function describePredicate(wanted: string): string {
  const shorthand = Object.hasOwn(SHORTHANDS, wanted) ? SHORTHANDS[wanted] : undefined;
  return shorthand ? `${wanted} (${[...shorthand.exact].join(', ')})` : wanted;
}
