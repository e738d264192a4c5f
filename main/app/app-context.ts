import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HandlerContext } from '../handlers/context.ts';
import { ScanManager } from '../handlers/scan-manager.ts';
import { SecretVault, type Keyring } from '../handlers/secret-vault.ts';
import { Workspace } from '../store/workspace.ts';

/**
 * The app's state outside Electron: one workspace file in the data folder, the scans in flight and
 * the vault. The Electron shell and the test harness both start here, so they run the same code.
 */
export interface HostDialogs {
  pickExportFile(): Promise<string | null>;
  pickReportFolder(suggested: string): Promise<string | null>;
}

/** Tests and the harness have no dialogs: no file picked, reports go to the suggested folder. */
export const NO_DIALOGS: HostDialogs = { pickExportFile: async () => null, pickReportFolder: async (suggested) => suggested };

export function openAppContext(dataFolder: string, keyring: Keyring, dialogs: HostDialogs = NO_DIALOGS): HandlerContext {
  mkdirSync(dataFolder, { recursive: true });
  const workspace = new Workspace(join(dataFolder, 'workspace.sqlite'));
  return { workspace, dataFolder, secrets: new SecretVault(workspace.db, keyring), scans: new ScanManager(), pickExportFile: dialogs.pickExportFile, pickReportFolder: dialogs.pickReportFolder };
}

export async function closeAppContext(ctx: HandlerContext): Promise<void> {
  await ctx.scans.stopAll();
  ctx.workspace.close();
}
