import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HandlerContext, Host } from '../handlers/context.ts';
import { ScanManager } from '../handlers/scan-manager.ts';
import { SecretVault, type Keyring } from '../handlers/secret-vault.ts';
import { PRIVATE_FOLDER_MODE } from '../files/staged-files.ts';
import { Workspace } from '../store/workspace.ts';

/**
 * The app's state outside Electron: one workspace file in the data folder, the scans in flight and
 * the vault. The Electron shell and the test harness both start here, so they run the same code.
 */
/** Tests and the harness have no dialogs: no file picked, reports go to the suggested folder, the data folder stays. */
export const HEADLESS_HOST: Host = {
  pickExportFile: async () => null,
  pickReportFolder: async (suggested) => suggested,
  pickDataFolder: async () => null,
  useDataFolder: () => {
    throw new Error('the data folder can be moved only in the desktop app');
  },
};

export function openAppContext(dataFolder: string, keyring: Keyring, host: Host = HEADLESS_HOST): HandlerContext {
  // The data folder holds customers' directories: its owner's only.
  mkdirSync(dataFolder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  chmodSync(dataFolder, PRIVATE_FOLDER_MODE);
  const workspace = new Workspace(join(dataFolder, 'workspace.sqlite'));
  return { workspace, dataFolder, secrets: new SecretVault(workspace.db, keyring), scans: new ScanManager(), host };
}

export async function closeAppContext(ctx: HandlerContext): Promise<void> {
  await ctx.scans.stopAll();
  ctx.workspace.close();
}
