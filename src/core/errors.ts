/**
 * A mistake the user can fix: a bad input, a missing permission, a policy violation.
 * Reported as one `::error::` annotation that says what to do, without a stack trace.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** True for the user's mistakes, as opposed to bugs. */
export function isConfigurationError(error: unknown): error is ConfigurationError {
  return error instanceof ConfigurationError;
}

/** The message of anything thrown, without assuming it is an Error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
