/** How many independent proofs a Sigstore bundle must carry: shared by verify/ and trust/. */
import { ConfigurationError } from './errors.js';

/** sigstore-js `VerifierOptions` thresholds. */
export interface Thresholds {
  /** Transparency-log entries whose inclusion verifies. */
  readonly tlogThreshold: number;
  /** Signed certificate timestamps from trusted CT logs (certificate-signed bundles). */
  readonly ctlogThreshold: number;
  /** Trusted times (transparency-log integrated times and RFC 3161 timestamps). */
  readonly timestampThreshold: number;
}

/** One of each: what `cosign verify-blob` and `gh attestation verify` demand by default. */
export const DEFAULT_THRESHOLDS: Thresholds = { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 };

/**
 * Checks user-chosen thresholds: a timestamp is always required (without one the certificate's
 * validity would be checked at no time at all); dropping the transparency or CT log requirement is
 * allowed for private Sigstore deployments that run without them, with a warning. Thresholds the
 * user does not set stay unset: each Sigstore instance's own policy fills them (instances.ts).
 */
export function validateThresholds(t: Partial<Thresholds>, warn: (message: string) => void): Partial<Thresholds> {
  const given = Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as Partial<Thresholds>;
  for (const [name, value] of Object.entries(given)) {
    if (!Number.isInteger(value) || value < 0 || value > 16) {
      throw new ConfigurationError(
        `Threshold ${thresholdInput(name)} must be a whole number from 0 to 16, got ${value}.`,
      );
    }
  }
  if (given.timestampThreshold !== undefined && given.timestampThreshold < 1) {
    throw new ConfigurationError(
      "'timestamp-threshold' must be at least 1: without a trusted time a certificate's validity cannot be checked.",
    );
  }
  if (given.tlogThreshold === 0) {
    warn(
      "'tlog-threshold' is 0: bundles are accepted without a transparency-log entry; signatures are not publicly auditable.",
    );
  }
  if (given.ctlogThreshold === 0) {
    warn("'ctlog-threshold' is 0: signing certificates are accepted without a certificate-transparency proof.");
  }
  return given;
}

/** validateThresholds, with the unset ones at the public-good defaults. */
export function checkThresholds(t: Partial<Thresholds>, warn: (message: string) => void): Thresholds {
  return { ...DEFAULT_THRESHOLDS, ...validateThresholds(t, warn) };
}

function thresholdInput(name: string): string {
  return `'${name.replace('Threshold', '')}-threshold'`;
}
