/**
 * The repository variables rotate-secret writes for each secret and instance, which audit-secrets
 * and the SAMM assessment read back: one place for the names, so writer and readers agree.
 * Values are never stored, only state (phase, fingerprints, times) and HMAC fingerprints.
 */

/**
 * An instance name as it appears in variable names: upper case, one `_` for each run of anything
 * not alphanumeric (`production-eu` -> `PRODUCTION_EU`, `eu--west` -> `EU_WEST`). rotate-secret
 * writes the names with it and the audit reads them back with it.
 */
export function instanceKey(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** `<SECRET>_ROTATION_<INSTANCE>`: the rotation's state as JSON. */
export function rotationVariableName(secret: string, instanceKey: string): string {
  return `${secret.toUpperCase()}_ROTATION_${instanceKey}`;
}

/** `<SECRET>_FINGERPRINT_<INSTANCE>`: `hmac-sha256:<hex>` of the instance's current value. */
export function fingerprintVariableName(secret: string, instanceKey: string): string {
  return `${secret.toUpperCase()}_FINGERPRINT_${instanceKey}`;
}

/** Matches a rotation-state variable: [1] the secret, [2] the instance key. */
export const ROTATION_VARIABLE = /^([A-Z0-9_]+?)_ROTATION_([A-Z0-9_]+)$/;

/** Matches a fingerprint variable: [1] the secret, [2] the instance key. */
export const FINGERPRINT_VARIABLE = /^([A-Z0-9_]+?)_FINGERPRINT_([A-Z0-9_]+)$/;
