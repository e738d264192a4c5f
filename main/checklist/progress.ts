import type Database from 'better-sqlite3';
import { rescoreWithChecklist, type AssessmentSummary } from '../engine/summary.ts';
import { recordScoresWithExceptions } from '../store/decisions.ts';
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
  if (row.adjusted_json) recordScoresWithExceptions(db, assessmentId);
}
