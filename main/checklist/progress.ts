import type Database from 'better-sqlite3';
import { rescoreWithChecklist, type AssessmentSummary } from '../engine/summary.ts';
import type { RunView } from '../../shared/api/contract.ts';
import { overallOf } from '../../shared/scoring.ts';
import { storedProgress } from './evaluate.ts';

/**
 * A manual checklist item changed: the run's checklist category, and so its overall score, move
 * with it (the checklist is the run's own record of the Assess phase, unlike its findings).
 */
export function applyChecklistProgress(db: Database.Database, assessmentId: number): void {
  const row = db.prepare('SELECT summary_json, adjusted_json FROM assessments WHERE id = ?').get(assessmentId) as { summary_json: string | null; adjusted_json: string | null } | undefined;
  if (!row?.summary_json) return;
  const summary = JSON.parse(row.summary_json) as AssessmentSummary;
  rescoreWithChecklist(summary, storedProgress(db, assessmentId));
  db.prepare('UPDATE assessments SET summary_json = ? WHERE id = ?').run(JSON.stringify(summary), assessmentId);
  if (row.adjusted_json) {
    // The recorded exceptions stay those known when the run ended; only the checklist category moves.
    const adjusted = JSON.parse(row.adjusted_json) as NonNullable<RunView['adjusted']>;
    adjusted.scores.checklist = summary.scores.checklist ?? null;
    adjusted.scores.overall = overallOf(adjusted.scores);
    db.prepare('UPDATE assessments SET adjusted_json = ? WHERE id = ?').run(JSON.stringify(adjusted), assessmentId);
  }
}
