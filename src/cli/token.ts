/** The CLI's GitHub token: from the environment, never the command line, where other processes can read it. */
import { ConfigurationError } from '../core/errors.js';
import { maskSecret } from '../core/mask.js';

/** GITHUB_TOKEN, else GH_TOKEN, masked at once; `missing` is the error when neither is set. */
export function tokenFromEnv(missing: string): string {
  const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? '';
  if (!token) throw new ConfigurationError(missing);
  maskSecret(token);
  return token;
}
