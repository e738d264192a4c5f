import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChecklistView } from '../../shared/api/views.ts';
import { readChecklist, updateManualItem } from '../checklist/evaluate.ts';
import { completedRun } from '../runs/run-record.ts';
import { storedProgress } from '../checklist/evaluate.ts';
import { checklistTemplate, endpointSnapshot, type Cloud } from '../checklist/template.ts';
import type { ReportFormat } from '../reports/export.ts';
import { NotFound } from '../store/engagements.ts';
import type { HandlerContext, HandlerGroup } from './context.ts';
import type { ExportJob, ExportReport } from './export-worker.ts';

type Channels = 'checklist.get' | 'checklist.update' | 'reports.export';

/** Runs one export in its own thread (export-worker.ts) and returns the files it wrote. */
function exportInWorker(job: ExportJob): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./export-worker.ts', import.meta.url), { workerData: job });
    worker.once('message', (r: ExportReport) => ('files' in r ? resolve(r.files) : reject(new Error(r.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`the export stopped unexpectedly (exit ${code})`)));
  });
}

export function reportHandlers(ctx: HandlerContext): HandlerGroup<Channels> {
  const db = ctx.workspace.db;
  const view = (assessmentId: number): ChecklistView => {
    const { summary } = completedRun(db, assessmentId);
    const t = checklistTemplate();
    const s = endpointSnapshot(summary.cloud as Cloud);
    return {
      entries: readChecklist(db, assessmentId),
      sections: t.sections,
      templateVersion: t.templateVersion,
      progress: storedProgress(db, assessmentId) ?? null,
      recordedProgress: summary.checklistProgress ?? null,
      endpoints: { name: s.name, snapshotDate: s.snapshotDate, source: s.source },
    };
  };
  return {
    'checklist.get': ({ assessmentId }) => view(assessmentId),
    'checklist.update': ({ assessmentId, itemId, ...change }) => {
      // The run's recorded scores stay as they were; the Dashboard shows what the next run would score.
      if (!updateManualItem(db, assessmentId, itemId, change)) throw new NotFound(`manual checklist item ${itemId} of assessment ${assessmentId}`);
      return view(assessmentId);
    },
    // The folder comes from the person (the OS dialog), never from the page: a page cannot choose where files are written.
    'reports.export': async ({ assessmentId, formats, redact }) => {
      completedRun(db, assessmentId);
      const suggested = join(ctx.dataFolder, 'exports', `assessment-${assessmentId}`);
      const folder = await ctx.host.pickReportFolder(suggested);
      if (folder === null) return { folder: null, files: [] };
      return { folder, files: await exportInWorker({ dbPath: ctx.workspace.path, assessmentId, formats: formats as ReportFormat[], folder, redact }) };
    },
  };
}
