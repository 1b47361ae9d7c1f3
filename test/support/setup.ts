/**
 * Runs around every test file: a request the GitHub API emulator received that GitHub's OpenAPI
 * description does not allow (or a response it would not give) fails the test that caused it,
 * whether or not the test looked.
 */
import { afterEach } from 'vitest';
import { checkLiveEmulators } from './github-emulator/index.ts';

afterEach(() => {
  checkLiveEmulators();
});
