import { build } from 'vite';

/** Vitest global setup: the browser tests drive the renderer exactly as it ships, built fresh. */
export default async function setup(): Promise<void> {
  await build({ configFile: new URL('../../renderer/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
