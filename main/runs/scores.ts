import type Database from 'better-sqlite3';
import { computeScores, overallOf } from '../../shared/scoring.ts';
import { storedProgress } from '../checklist/evaluate.ts';
import { rescoreWithChecklist } from '../engine/summary.ts';
import { ruleStatsWithoutExceptions } from '../store/decisions.ts';
import { findRun, type AdjustedScores } from './run-record.ts';

/**
 * The scores of a run beyond the engine's: with the engagement's exceptions taken out, and with the
 * checklist's progress as its fifth category. Exceptions leave the scores (a decided, documented
 * exception is no longer a reason the directory is not ready, and removing it can only raise a
 * score); a run's scores are recorded once, when it completes, with the exceptions known then.
 */

/** A run's scores without the findings the engagement's exceptions cover, as of now. */
export function scoresWithExceptions(db: Database.Database, assessmentId: number): AdjustedScores | null {
  const run = findRun(db, assessmentId);
  if (!run?.summary || run.engagementId === null) return null;
  const summary = run.summary;
  const { excepted, ruleStats } = ruleStatsWithoutExceptions(db, assessmentId);
  const scores = computeScores({
    ruleStats,
    population: { identity: summary.byClass.user.inScope + summary.byClass.contact.inScope, mail: summary.mailEnabled, uniqueness: summary.inScope },
    checks: summary.directoryChecks,
    checklistProgress: summary.checklistProgress ?? undefined,
  });
  const overall = summary.readiness.status === 'not-assessed' ? null : scores.overall;
  return { scores: { overall, ...Object.fromEntries(scores.categories.map((c) => [c.category, c.score])) }, blockers: scores.blockers, excepted };
}

/** Records a completed run's scores with the exceptions known at its end. */
export function recordScoresWithExceptions(db: Database.Database, assessmentId: number): void {
  const adjusted = scoresWithExceptions(db, assessmentId);
  db.prepare('UPDATE assessments SET adjusted_json = ? WHERE id = ?').run(adjusted ? JSON.stringify(adjusted) : null, assessmentId);
}

/**
 * A manual checklist item changed: the run's checklist category, and so its overall score, move
 * with it (the checklist is the run's own record of the Assess phase, unlike its findings).
 */
export function applyChecklistProgress(db: Database.Database, assessmentId: number): void {
  const run = findRun(db, assessmentId);
  if (!run?.summary) return;
  const summary = run.summary;
  rescoreWithChecklist(summary, storedProgress(db, assessmentId));
  db.prepare('UPDATE assessments SET summary_json = ? WHERE id = ?').run(JSON.stringify(summary), assessmentId);
  if (run.adjusted) {
    // The recorded exceptions stay those known when the run ended; only the checklist category moves.
    const adjusted = run.adjusted;
    adjusted.scores.checklist = summary.scores.checklist ?? null;
    adjusted.scores.overall = summary.readiness.status === 'not-assessed' ? null : overallOf(adjusted.scores);
    db.prepare('UPDATE assessments SET adjusted_json = ? WHERE id = ?').run(JSON.stringify(adjusted), assessmentId);
  }
}
