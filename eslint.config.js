import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import noImportCycle from './scripts/lint/no-import-cycle.js';

/**
 * Where code may run, enforced: shared/ runs in main and in the sandboxed renderer, so it imports
 * neither Node, nor the DOM libraries, nor Electron; only main/electron/ may import 'electron'.
 * Inside main/, the layers: the sources (directory/), the engine and the store know nothing of the
 * run layer (runs/), the reports or the handlers above them, and the engine never calls the
 * checklist (runs/ does). No file may import itself back through a chain of imports.
 */
const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ELECTRON_ONLY = { name: 'electron', message: "Only main/electron/ may import 'electron'." };
const UPWARD = (layer, also = []) => ({
  group: ['handlers', 'reports', 'runs', 'cli', 'app', 'electron', ...also].flatMap((up) => [`../${up}/*`, `../../${up}/*`, `../../../${up}/*`, `**/main/${up}/**`]),
  message: `main/${layer}/ is below the run layer: it imports neither runs/, reports/, handlers/ nor the front doors.`,
});

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.bench/', '.lab/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { workbench: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [ELECTRON_ONLY] }],
      'workbench/no-import-cycle': 'error',
    },
  },
  ...[
    ['engine', ['checklist']],
    ['store', ['checklist', 'engine']],
    ['directory', ['checklist', 'engine', 'store']],
  ].map(([layer, also]) => ({
    files: [`main/${layer}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_ONLY], patterns: [UPWARD(layer, also)] }] },
  })),
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeModules.map((name) => ({ name, message: 'shared/ runs in the renderer too: no Node modules.' })), { name: 'electron', message: 'shared/ never imports electron.' }],
          patterns: [
            { group: ['react', 'react-dom', 'react-dom/*'], message: 'shared/ has no DOM or UI code.' },
            { group: ['../main/*', '../../main/*', '../renderer/*', '../../renderer/*', '../preload/*'], message: 'shared/ depends on nothing outside shared/.' },
            { group: ['better-sqlite3', 'ldapts', 'tlds'], message: 'shared/ is pure: Node-side packages belong in main/.' },
          ],
        },
      ],
    },
  },
  {
    // The renderer runs sandboxed in Chromium: it reaches main only through the API client.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'preload/**/*.ts'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeModules.map((name) => ({ name, message: 'The renderer and the preload have no Node.' })), { name: 'electron', message: "Only main/electron/ may import 'electron'." }],
          patterns: [{ group: ['**/main/*', '**/main/**'], message: 'The renderer talks to main through shared/api only.' }],
        },
      ],
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
