import type { DashboardView } from '../../shared/api/views.ts';
import { EXCLUSION_REASONS, type ExclusionReason } from '../../shared/rules/scope.ts';
import { planOf } from '../../shared/plan.ts';
import { storedProgress } from '../checklist/evaluate.ts';
import { decidedByRule, decidedSince } from '../store/decisions.ts';
import { completedRun, engagementRuns, previousCompletedRun, readRun } from '../runs/run-record.ts';
import { scoresWithExceptions } from '../runs/scores.ts';
import type { HandlerContext, HandlerGroup } from './context.ts';
import { toRunView } from './run-views.ts';

type Channels = 'runs.list' | 'runs.dashboard' | 'excluded.page' | 'completeness.get' | 'directory.get';


export function runHandlers(ctx: HandlerContext): HandlerGroup<Channels> {
  const db = ctx.workspace.db;
  return {
    'runs.list': ({ engagementId }) => engagementRuns(db, engagementId).map(toRunView),
    'runs.dashboard': ({ assessmentId }): DashboardView => {
      const record = completedRun(db, assessmentId);
      const summary = record.summary;
      const run = toRunView(record);
      const history = record.engagementId === null ? [run] : engagementRuns(db, record.engagementId).map(toRunView).filter((r) => r.status === 'completed' && r.id <= record.id);
      const adjusted = run.adjusted;
      const previous = previousCompletedRun(db, record);
      // Decisions or checklist items changed since the run: what the next run would score, labelled as a projection.
      const decided = record.engagementId !== null && decidedSince(db, record.engagementId, record.finishedAt ?? record.startedAt);
      const checklistMoved = (storedProgress(db, assessmentId) ?? null) !== (summary.checklistProgress ?? null);
      const projected = decided || checklistMoved ? (scoresWithExceptions(db, assessmentId, { checklistNow: true })?.scores.overall ?? null) : null;
      return {
        run,
        previous: previous && toRunView(previous),
        trend: history
          .map((r) => ({ id: r.id, startedAt: r.startedAt, overall: r.adjusted?.scores.overall ?? r.scores?.overall ?? null, blockers: r.adjusted?.blockers ?? r.blockers }))
          .reverse(),
        totals: {
          objects: summary.objects,
          inScope: summary.inScope,
          excluded: summary.excluded,
          mailEnabled: summary.mailEnabled,
          findings: summary.findings,
          blockers: adjusted?.blockers ?? summary.blockers,
          excepted: adjusted?.excepted ?? 0,
        },
        readyToSynchronize: summary.readiness.status === 'assessed' && (adjusted?.blockers ?? summary.blockers) === 0,
        readiness: summary.readiness,
        coverageNotes: summary.coverage.notes,
        bySeverity: summary.bySeverity,
        byClass: summary.byClass,
        categories: summary.scoreModel.details.categories.map((c) => ({
          category: c.category,
          title: c.title,
          weight: c.weight,
          score: c.score,
          adjustedScore: adjusted ? (adjusted.scores[c.category] ?? null) : c.score,
          lost: c.lost,
        })),
        overall: { score: summary.scores.overall ?? null, adjusted: adjusted?.scores.overall ?? summary.scores.overall ?? null, projected },
        plan: planOf(summary.byRule, summary.scoreModel.details.categories, decidedByRule(db, assessmentId)),
        weights: { severity: summary.scoreModel.severityWeights, category: summary.scoreModel.categoryWeights },
        cloud: summary.cloud as DashboardView['cloud'],
        tldList: summary.tldList,
        sources: summary.sources.map((src) => ({ id: src.id, kind: src.kind, label: src.label, objects: src.objects, inScope: src.inScope, excluded: src.excluded, findings: src.findings, blockers: src.blockers })),
      };
    },
    'excluded.page': ({ assessmentId, offset, limit }) => {
      readRun(db, assessmentId);
      const rows = db
        .prepare('SELECT id, dn, object_class, excluded_reason FROM objects WHERE assessment_id = ? AND in_scope = 0 ORDER BY excluded_reason, dn LIMIT ? OFFSET ?')
        .all(assessmentId, limit, offset) as { id: number; dn: string; object_class: string; excluded_reason: string }[];
      const { n } = db.prepare('SELECT count(*) AS n FROM objects WHERE assessment_id = ? AND in_scope = 0').get(assessmentId) as { n: number };
      return {
        total: n,
        rows: rows.map((r) => ({ objectId: r.id, dn: r.dn, objectClass: r.object_class, reason: r.excluded_reason, description: EXCLUSION_REASONS[r.excluded_reason as ExclusionReason] ?? r.excluded_reason })),
      };
    },
    'completeness.get': ({ assessmentId }) => {
      readRun(db, assessmentId);
      const rows = db
        .prepare('SELECT attribute, object_class AS objectClass, ou, total, complete FROM mail_completeness WHERE assessment_id = ? ORDER BY attribute, object_class, ou')
        .all(assessmentId) as { attribute: string; objectClass: string; ou: string; total: number; complete: number }[];
      return { rows };
    },
    'directory.get': ({ assessmentId }) => {
      const { summary, sourceKind, sourceLabel } = completedRun(db, assessmentId);
      return {
        checks: summary.directoryChecks.map((c) => ({ id: c.id, title: c.title, status: c.status, detail: c.detail })),
        evidence: summary.directory as Record<string, unknown> | null,
        source: { kind: sourceKind, label: sourceLabel },
      };
    },
  };
}
