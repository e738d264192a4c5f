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
  /** The OS file dialog in the app; the harness has none and answers null. */
  pickExportFile(): Promise<string | null>;
  /** Where to write reports: the OS folder dialog in the app (starting at `suggested`); the harness answers `suggested`. */
  pickReportFolder(suggested: string): Promise<string | null>;
}

export type ApiHandlers = { [C in Channel]: (args: z.output<(typeof API)[C]>) => Promise<ApiResults[C]> | ApiResults[C] };
export type HandlerGroup<C extends Channel> = Pick<ApiHandlers, C>;
