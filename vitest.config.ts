import { defineConfig } from 'vitest/config';

// CI asks for a JSON report (TEST_RESULTS_JSON) so .ci/run can print "N passed, N failed".
const jsonReport = process.env.TEST_RESULTS_JSON;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser journey drives the built renderer: build it once before any test file runs.
    globalSetup: ['test/e2e/build-renderer.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
