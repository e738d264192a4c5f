import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

/**
 * A fresh directory in the system's temporary folder, removed once the test file has run
 * (test/setup.ts): a run of the suite writes about 200 MB of workspaces and exports, which would
 * otherwise pile up run after run.
 */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `adrw-${name}-`));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
