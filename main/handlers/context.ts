import type { z } from 'zod';
import type { API, Channel } from '../../shared/api/contract.ts';
import type { ApiResults } from '../../shared/api/views.ts';
import type { Workspace } from '../store/workspace.ts';
import type { ScanManager } from './scan-manager.ts';
import type { SecretVault } from './secret-vault.ts';

/** What handlers work with. The Electron shell and the test harness each build one. */
export interface HandlerContext {
  workspace: Workspace;
  dataFolder: string;
  secrets: SecretVault;
  scans: ScanManager;
  host: Host;
}

/** What only the desktop shell can do: the OS dialogs, and restarting on another data folder. */
export interface Host {
  /** The OS file dialog; null when the person cancels (or there is no dialog). */
  pickExportFile(): Promise<string | null>;
  /** Where to write reports, starting at `suggested`. */
  pickReportFolder(suggested: string): Promise<string | null>;
  /** A new data folder, starting at the current one. */
  pickDataFolder(current: string): Promise<string | null>;
  /** Remember `folder` as the data folder and restart on it. */
  useDataFolder(folder: string): void;
}

export type ApiHandlers = { [C in Channel]: (args: z.output<(typeof API)[C]>) => Promise<ApiResults[C]> | ApiResults[C] };
export type HandlerGroup<C extends Channel> = Pick<ApiHandlers, C>;
