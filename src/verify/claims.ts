import type { X509Certificate } from '@sigstore/core';

/**
 * Fulcio's certificate extensions for CI identities (OIDs 1.3.6.1.4.1.57264.1.8 to .22). Their values
 * are DER UTF8Strings inside the extension's OCTET STRING; @sigstore/core parses the DER.
 * https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md
 */
export const FULCIO_CLAIM_OIDS = {
  issuer: '1.3.6.1.4.1.57264.1.8',
  buildSignerUri: '1.3.6.1.4.1.57264.1.9',
  buildSignerDigest: '1.3.6.1.4.1.57264.1.10',
  runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
  sourceRepositoryIdentifier: '1.3.6.1.4.1.57264.1.15',
  sourceRepositoryOwnerUri: '1.3.6.1.4.1.57264.1.16',
  sourceRepositoryOwnerIdentifier: '1.3.6.1.4.1.57264.1.17',
  buildConfigUri: '1.3.6.1.4.1.57264.1.18',
  buildConfigDigest: '1.3.6.1.4.1.57264.1.19',
  buildTrigger: '1.3.6.1.4.1.57264.1.20',
  runInvocationUri: '1.3.6.1.4.1.57264.1.21',
  sourceRepositoryVisibilityAtSigning: '1.3.6.1.4.1.57264.1.22',
} as const;

/** The legacy issuer extension (raw string value), used by old certificates without .8. */
const LEGACY_ISSUER_OID = '1.3.6.1.4.1.57264.1.1';

export type ClaimName = keyof typeof FULCIO_CLAIM_OIDS;
export type CertificateClaims = Partial<Record<ClaimName, string>>;

const UTF8_STRING_TAG = 12;

/** Reads one DER UTF8String extension value; undefined when absent or not a UTF8String. */
function utf8Extension(cert: X509Certificate, oid: string): string | undefined {
  const ext = cert.extension(oid);
  if (!ext) return undefined;
  const inner = ext.valueObj.subs[0];
  if (!inner || !inner.tag.isUniversal() || inner.tag.number !== UTF8_STRING_TAG) return undefined;
  return inner.value.toString('utf8');
}

/** The GitHub workflow claims (and issuer) a Fulcio certificate carries. */
export function certificateClaims(cert: X509Certificate): CertificateClaims {
  const claims: CertificateClaims = {};
  for (const [name, oid] of Object.entries(FULCIO_CLAIM_OIDS) as [ClaimName, string][]) {
    const value = utf8Extension(cert, oid);
    if (value !== undefined) claims[name] = value;
  }
  if (claims.issuer === undefined) {
    const legacy = cert.extension(LEGACY_ISSUER_OID);
    if (legacy) claims.issuer = legacy.value.toString('ascii');
  }
  return claims;
}
