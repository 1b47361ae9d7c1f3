/**
 * Matching a Sigstore certificate's GitHub claims (Build Signer URI, Source Repository URI and Ref)
 * against what a user named: shared by verify-signatures' identity policy (verify/policy.ts) and the
 * trust policy's Sigstore anchors (trust/sigstore.ts). Anchored and exact: no prefix or suffix games.
 */

function splitRef(uri: string): { path: string; ref: string | undefined } {
  const at = uri.indexOf('@');
  return at < 0 ? { path: uri, ref: undefined } : { path: uri.slice(0, at), ref: uri.slice(at + 1) };
}

function origin(uri: string): string {
  try {
    return new URL(uri).origin;
  } catch {
    return '';
  }
}

/** Is `actual` (the Build Signer URI) the workflow the user named? Anchored: no prefix or suffix games. */
export function workflowMatches(expected: string, actual: string | undefined): boolean {
  if (!actual) return false;
  const want = splitRef(expected.trim());
  const got = splitRef(actual);
  if (want.ref !== undefined && want.ref !== got.ref) return false;
  if (/^https?:\/\//.test(want.path)) return got.path === want.path;
  if (!want.path.includes('/')) {
    // A bare file name: the workflow file in .github/workflows of whatever repository (repository is checked apart).
    const marker = '/.github/workflows/';
    const i = got.path.indexOf(marker);
    return i >= 0 && got.path.slice(i + marker.length) === want.path;
  }
  return got.path === `${origin(got.path)}/${want.path.replace(/^\/+/, '')}`;
}

/** Is `actual` (the Source Repository URI) the repository the user named? GitHub names are case-insensitive. */
export function repositoryMatches(expected: string, actual: string | undefined): boolean {
  if (!actual) return false;
  const want = expected.trim().replace(/\/+$/, '');
  const full = /^https?:\/\//.test(want) ? want : `${origin(actual)}/${want}`;
  return full.toLowerCase() === actual.toLowerCase();
}

/** Is `actual` (the Source Repository Ref) the ref the user named? A bare name means a tag or branch of that name. */
export function refMatches(expected: string, actual: string | undefined): boolean {
  if (!actual) return false;
  const want = expected.trim();
  if (want.startsWith('refs/')) return actual === want;
  return actual === `refs/tags/${want}` || actual === `refs/heads/${want}`;
}
