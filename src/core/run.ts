import * as core from '@actions/core';
import { AuditWriteError } from './audit.js';
import { errorMessage, isConfigurationError } from './errors.js';
import { isRequestError } from './github.js';
import { redact } from './mask.js';

/**
 * Runs an action body and turns what it throws into the right failure:
 * a ConfigurationError or a required audit sink that failed becomes one `::error::` annotation
 * saying what to do; anything else is a bug, annotated and with its stack in the debug log.
 * Either way the process exits with 1.
 */
export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    reportFailure(error);
  }
}

export function reportFailure(error: unknown): void {
  if (isConfigurationError(error) || error instanceof AuditWriteError) {
    core.setFailed(redact(error.message));
  } else if (isRequestError(error) && (error.status >= 500 || error.status === 0)) {
    core.setFailed(
      `The GitHub API at ${process.env.GITHUB_API_URL ?? 'https://api.github.com'} failed after retries (${error.status}: ${redact(error.message)}). Rerun the job; if it persists, check GitHub's status or GITHUB_API_URL.`,
    );
    if (error.stack) core.debug(redact(error.stack));
  } else {
    core.setFailed(
      `secure-deploy failed unexpectedly: ${redact(errorMessage(error))}. This is a bug; rerun with debug logging and report it.`,
    );
    if (error instanceof Error && error.stack) core.debug(redact(error.stack));
  }
  process.exitCode = 1;
}
