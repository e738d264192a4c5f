import { parentPort, workerData } from 'node:worker_threads';
import type { ReportFormat } from '../reports/export.ts';
import { exportRun } from '../runs/export-run.ts';
import { Workspace } from '../store/workspace.ts';

/**
 * One export of the app's Reports screen, in a thread of its own with its own connection to the
 * workspace: a PDF of a large run takes seconds, and the Electron main thread, which answers the
 * window, must never wait on it.
 */
export interface ExportJob {
  dbPath: string;
  assessmentId: number;
  formats: ReportFormat[];
  folder: string;
  redact: boolean;
}
export type ExportReport = { files: string[] } | { error: string };

const job = workerData as ExportJob;
const workspace = new Workspace(job.dbPath);
try {
  const files = await exportRun(workspace.db, job.assessmentId, job.formats, job.folder, { redact: job.redact });
  parentPort!.postMessage({ files } satisfies ExportReport);
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies ExportReport);
} finally {
  workspace.close();
}
