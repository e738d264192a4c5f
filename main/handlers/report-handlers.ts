import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChecklistView } from '../../shared/api/views.ts';
import { readChecklist, updateManualItem } from '../checklist/evaluate.ts';
import { applyChecklistProgress } from '../checklist/progress.ts';
import { checklistTemplate, endpointSnapshot, type Cloud } from '../checklist/template.ts';
import { writeReports } from '../reports/export.ts';
import { NotFound } from '../store/engagements.ts';
import type { HandlerContext, HandlerGroup } from './context.ts';
import { completedSummary } from './run-views.ts';

type Channels = 'checklist.get' | 'checklist.update' | 'reports.export';

export function reportHandlers(ctx: HandlerContext): HandlerGroup<Channels> {
  const db = ctx.workspace.db;
  const view = (assessmentId: number): ChecklistView => {
    const { summary } = completedSummary(db, assessmentId);
    const t = checklistTemplate();
    const s = endpointSnapshot(summary.cloud as Cloud);
    return {
      entries: readChecklist(db, assessmentId),
      sections: t.sections,
      templateVersion: t.templateVersion,
      progress: summary.checklistProgress ?? null,
      endpoints: { name: s.name, snapshotDate: s.snapshotDate, source: s.source },
    };
  };
  return {
    'checklist.get': ({ assessmentId }) => view(assessmentId),
    'checklist.update': ({ assessmentId, itemId, ...change }) => {
      if (!updateManualItem(db, assessmentId, itemId, change)) throw new NotFound(`manual checklist item ${itemId} of assessment ${assessmentId}`);
      applyChecklistProgress(db, assessmentId);
      return view(assessmentId);
    },
    // The folder comes from the person (the OS dialog), never from the page: a page cannot choose where files are written.
    'reports.export': async ({ assessmentId, formats, redact }) => {
      completedSummary(db, assessmentId);
      const suggested = join(ctx.dataFolder, 'exports', `assessment-${assessmentId}`);
      const folder = await ctx.host.pickReportFolder(suggested);
      if (folder === null) return { folder: null, files: [] };
      mkdirSync(folder, { recursive: true });
      return { folder, files: await writeReports(db, assessmentId, formats, folder, { redact }) };
    },
  };
}
