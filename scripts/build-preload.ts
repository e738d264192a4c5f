import { build } from 'esbuild';

/**
 * The preload runs sandboxed, where only 'electron' can be required: bundle it, with the contract's
 * channel list, into one CommonJS file.
 */
await build({
  entryPoints: [new URL('../main/electron/preload-entry.ts', import.meta.url).pathname],
  outfile: new URL('../dist/preload/preload.cjs', import.meta.url).pathname,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  external: ['electron'],
  logLevel: 'warning',
});
