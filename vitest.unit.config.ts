import { defineConfig } from 'vitest/config';

/**
 * npm run test:unit, the inner loop: the engine, rules, store, reports, handlers and the CLI's
 * argument parsing, on real SQLite files, with no renderer build, no Samba, no Chromium and no
 * root. Lint, type-checks, the lab, the browser journey and the PDF read-back stay in npm test.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    exclude: ['test/unit/project.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    // Threads start faster than processes; no test here needs a process of its own.
    pool: 'threads',
    isolate: false,
  },
});
