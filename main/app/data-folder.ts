import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/**
 * Where the workspace lives: the app's own folder unless the person chose another (an encrypted
 * drive, a project share). The choice is kept in a small file beside the app's settings.
 */
const CHOICE = 'data-folder.json';

export function dataFolderOf(userData: string): string {
  const file = join(userData, CHOICE);
  if (existsSync(file)) {
    try {
      const { folder } = JSON.parse(readFileSync(file, 'utf8')) as { folder?: unknown };
      if (typeof folder === 'string' && isAbsolute(folder)) return folder;
    } catch {
      // A damaged choice falls back to the default folder rather than stopping the app.
    }
  }
  return join(userData, 'workspace');
}

export function rememberDataFolder(userData: string, folder: string): void {
  if (!isAbsolute(folder)) throw new Error(`the data folder must be an absolute path (got "${folder}")`);
  writeFileSync(join(userData, CHOICE), `${JSON.stringify({ folder })}\n`);
}
