import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: end-to-end tests spawn bundles and servers, so keep file-level parallelism modest.
    maxWorkers: 2,
    passWithNoTests: false,
  },
});
