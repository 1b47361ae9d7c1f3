import { ConfigurationError } from '../core/errors.js';

/**
 * A signature, key or certificate that the trust policy does not accept. It is a policy violation,
 * so it is reported like a configuration error: one clear message, no stack trace.
 * `reason` is the message without the artifact prefix, for result tables.
 */
export class TrustVerificationError extends ConfigurationError {
  readonly reason: string;
  constructor(reason: string, subject?: string) {
    super(subject ? `${subject}: ${reason}` : reason);
    this.reason = reason;
  }
}

/** A registry or network failure while fetching what is to be verified: never a pass. */
export class RegistryError extends ConfigurationError {}
