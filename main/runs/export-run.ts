import type Database from 'better-sqlite3';
import { writeReports, type ExportOptions, type ReportFormat } from '../reports/export.ts';
import { completedRun, previousCompletedRun } from './run-record.ts';

/**
 * Exports a recorded run in the chosen formats: the one export the command line and the app both
 * use, from the run's record, so the same run gives the same bytes whoever exports it.
 */
export async function exportRun(db: Database.Database, assessmentId: number, formats: readonly ReportFormat[], dir: string, options: ExportOptions = {}): Promise<string[]> {
  const run = completedRun(db, assessmentId);
  return writeReports(db, { run, previous: previousCompletedRun(db, run) }, formats, dir, options);
}
