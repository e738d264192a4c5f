import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the files in `resources/` live: beside the sources in a checkout; the packaged app sets
 * ADRW_RESOURCES to its unpacked resources folder.
 */
const ROOT = process.env.ADRW_RESOURCES ?? fileURLToPath(new URL('../resources/', import.meta.url));

export function resourcePath(...parts: string[]): string {
  return join(ROOT, ...parts);
}
