/** An Octokit client on the emulator for the audit tests to read back what the actions wrote. */
import { Octokit } from '@octokit/rest';
import type { GitHubClient } from '../../src/core/github.ts';

/** Octokit against `url`, without its log lines (expected 404s and retries would fill the output). */
export function silentClient(url: string): GitHubClient {
  return new Octokit({
    auth: 'ghs_test',
    baseUrl: url,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  }) as unknown as GitHubClient;
}
