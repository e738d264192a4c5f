import type Database from 'better-sqlite3';
import type { RunView } from '../../shared/api/contract.ts';
import type { AssessmentSummary } from '../engine/summary.ts';
import { NotFound } from '../store/engagements.ts';

/** A stored run as the renderer sees it: counts and scores, engine's and after exceptions. */

export interface RunDbRow {
  id: number;
  engagement_id: number | null;
  started_at: string;
  finished_at: string | null;
  status: string;
  source_label: string;
  source_kind: string;
  error: string | null;
  summary_json: string | null;
  adjusted_json: string | null;
}

export function summaryOf(row: RunDbRow): AssessmentSummary | null {
  return row.summary_json ? (JSON.parse(row.summary_json) as AssessmentSummary) : null;
}

export function toRunView(row: RunDbRow): RunView {
  const s = summaryOf(row);
  return {
    id: row.id,
    engagementId: row.engagement_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    sourceLabel: row.source_label,
    error: row.error,
    objects: s?.objects ?? null,
    findings: s?.findings ?? null,
    blockers: s?.blockers ?? null,
    scores: s?.scores ?? null,
    adjusted: row.adjusted_json ? (JSON.parse(row.adjusted_json) as RunView['adjusted']) : null,
  };
}

export function runRow(db: Database.Database, assessmentId: number): RunDbRow {
  const row = db.prepare('SELECT * FROM assessments WHERE id = ?').get(assessmentId) as RunDbRow | undefined;
  if (!row) throw new NotFound(`assessment ${assessmentId}`);
  return row;
}

export function completedSummary(db: Database.Database, assessmentId: number): { row: RunDbRow; summary: AssessmentSummary } {
  const row = runRow(db, assessmentId);
  const summary = summaryOf(row);
  if (!summary) throw new NotFound(`a completed result for assessment ${assessmentId} (${row.status})`);
  return { row, summary };
}

export function engagementRuns(db: Database.Database, engagementId: number): RunView[] {
  return (db.prepare('SELECT * FROM assessments WHERE engagement_id = ? ORDER BY id DESC').all(engagementId) as RunDbRow[]).map(toRunView);
}
