import type Database from 'better-sqlite3';
import { computeScores } from '../../shared/scoring.ts';
import { storedProgress } from '../checklist/evaluate.ts';
import { ruleStatsWithoutExceptions } from '../store/decisions.ts';
import { findRun, type AdjustedScores } from './run-record.ts';

/**
 * The scores of a run beyond the engine's: with the engagement's exceptions taken out, and with the
 * checklist's progress as its fifth category. Exceptions leave the scores (a decided, documented
 * exception is no longer a reason the directory is not ready, and removing it can only raise a
 * score); a run's scores are recorded once, when it completes, with the exceptions known then.
 */

/**
 * A run's scores without the findings the engagement's exceptions cover, as of now. With
 * `checklistNow`, the checklist counts as it stands now (items edited since the run): a projection
 * of the next run, never the run's own record.
 */
export function scoresWithExceptions(db: Database.Database, assessmentId: number, options: { checklistNow?: boolean } = {}): AdjustedScores | null {
  const run = findRun(db, assessmentId);
  if (!run?.summary || run.engagementId === null) return null;
  const summary = run.summary;
  const { excepted, ruleStats } = ruleStatsWithoutExceptions(db, assessmentId);
  const scores = computeScores({
    ruleStats,
    population: { identity: summary.byClass.user.inScope + summary.byClass.contact.inScope, mail: summary.mailEnabled, uniqueness: summary.inScope },
    checks: summary.directoryChecks,
    checklistProgress: options.checklistNow ? storedProgress(db, assessmentId) : (summary.checklistProgress ?? undefined),
  });
  const overall = summary.readiness.status === 'not-assessed' ? null : scores.overall;
  return { scores: { overall, ...Object.fromEntries(scores.categories.map((c) => [c.category, c.score])) }, blockers: scores.blockers, excepted };
}

/** Records a completed run's scores with the exceptions known at its end. */
export function recordScoresWithExceptions(db: Database.Database, assessmentId: number): void {
  const adjusted = scoresWithExceptions(db, assessmentId);
  db.prepare('UPDATE assessments SET adjusted_json = ? WHERE id = ?').run(adjusted ? JSON.stringify(adjusted) : null, assessmentId);
}
