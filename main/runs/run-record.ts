import type Database from 'better-sqlite3';
import { z } from 'zod';
import { CLOUDS } from '../../shared/api/contract.ts';
import { SEVERITIES } from '../../shared/findings.ts';
import { readinessOf, type AssessmentSummary, type SourceSummary } from '../engine/summary.ts';
import { NotFound } from '../store/engagements.ts';
import type { RunSettings } from '../../shared/run-settings.ts';

/**
 * A run's record, read in one place: the assessments row and its stored summary, checked against
 * a schema with a version of its own. Every screen, report and export reads runs through here, so
 * a summary written by an older version is upgraded once, here, and a damaged one is refused with
 * its run's number instead of being half-read somewhere else.
 */

export const RUN_RECORD_VERSION = 1;

const count = z.number().int().nonnegative();
const score = z.number().nullable();

const sourceSummary = z.looseObject({
  id: count,
  kind: z.string(),
  label: z.string(),
  asOf: z.string(),
  firstObjectId: count,
  objects: count,
  inScope: count,
  excluded: count,
  ignoredEntries: count,
  mailEnabled: count,
  findings: count,
  blockers: count,
});

const summarySchema = z.looseObject({
  recordVersion: z.literal(RUN_RECORD_VERSION),
  sources: z.array(sourceSummary).min(1),
  readiness: z.object({ status: z.enum(['assessed', 'not-assessed', 'incomplete']), reason: z.string().nullable() }),
  coverage: z.object({ notAssessedRules: z.array(z.string()), notes: z.array(z.string()) }),
  unreadableEntries: count,
  unreadableExamples: z.array(z.string()),
  objects: count,
  inScope: count,
  excluded: count,
  ignoredEntries: count,
  mailEnabled: count,
  byClass: z.object({ user: z.object({ objects: count, inScope: count }), contact: z.object({ objects: count, inScope: count }), group: z.object({ objects: count, inScope: count }) }),
  excludedByReason: z.array(z.object({ reason: z.string(), description: z.string(), objects: count })),
  findings: count,
  blockers: count,
  readyToSynchronize: z.boolean(),
  bySeverity: z.record(z.enum(SEVERITIES), count),
  byErrorType: z.record(z.string(), count),
  byRule: z.array(z.looseObject({ ruleId: z.string(), severity: z.enum(SEVERITIES), findings: count, affectedObjects: count, title: z.string() })),
  scores: z.record(z.string(), score),
  scoreModel: z.looseObject({ details: z.looseObject({ overall: score, blockers: count, categories: z.array(z.looseObject({ category: z.string(), score })) }) }),
  mailCompleteness: z.looseObject({ score }),
  directoryChecks: z.array(z.looseObject({ id: z.string(), title: z.string(), status: z.string(), detail: z.string() })),
  directory: z.looseObject({}).nullable(),
  tldList: z.looseObject({ package: z.string(), version: z.string(), count }),
  cloud: z.enum(CLOUDS),
  checklistProgress: z.number().nullable(),
  tenantDomains: z.array(z.string()),
  routableSuffixes: z.array(z.string()),
  durationMs: z.number(),
});

const adjustedSchema = z.object({ scores: z.record(z.string(), score), blockers: count, excepted: count });

/** The summary as stored: the engine's, with the checklist's category and the record's version. */
export type RunSummary = AssessmentSummary & { recordVersion: typeof RUN_RECORD_VERSION };
export type AdjustedScores = z.infer<typeof adjustedSchema>;

export interface RunRecord {
  id: number;
  engagementId: number | null;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  sourceKind: string;
  sourceLabel: string;
  error: string | null;
  summary: RunSummary | null;
  /** Its scores with the engagement's exceptions, as recorded when it completed. */
  adjusted: AdjustedScores | null;
  settings: RunSettings;
}
export type CompletedRun = RunRecord & { summary: RunSummary };

export class DamagedRecord extends Error {
  override name = 'DamagedRecord';
}

/** The summary of a completed run, ready to be stored. */
export function recordable(summary: AssessmentSummary): RunSummary {
  return { ...summary, recordVersion: RUN_RECORD_VERSION };
}

/**
 * Summaries from before the record had a version: one source, described in `source_json`, and
 * its readiness worked out from its counts (an empty run of an older version is not assessed now).
 */
function upgrade(raw: Record<string, unknown>, sourceJson: string | null): Record<string, unknown> {
  const objects = Number(raw.objects ?? 0);
  const withReadiness = { readiness: readinessOf(objects, objects + Number(raw.ignoredEntries ?? 0), 0), unreadableEntries: 0, unreadableExamples: [], coverage: { notAssessedRules: [], notes: [] }, ...raw };
  if (raw.recordVersion !== undefined) return withReadiness;
  raw = withReadiness;
  const descriptor = (sourceJson ? JSON.parse(sourceJson) : {}) as Record<string, unknown>;
  const only: Partial<SourceSummary> = {
    ...descriptor,
    id: 1,
    firstObjectId: 0,
    objects: raw.objects as number,
    inScope: raw.inScope as number,
    excluded: raw.excluded as number,
    ignoredEntries: raw.ignoredEntries as number,
    mailEnabled: raw.mailEnabled as number,
    findings: raw.findings as number,
    blockers: raw.blockers as number,
  };
  return { ...raw, recordVersion: RUN_RECORD_VERSION, sources: [only] };
}

interface RunRow {
  id: number;
  engagement_id: number | null;
  started_at: string;
  finished_at: string | null;
  status: RunRecord['status'];
  source_kind: string;
  source_label: string;
  source_json: string | null;
  error: string | null;
  summary_json: string | null;
  adjusted_json: string | null;
  options_json: string;
}

const settingsSchema = z.object({
  cloud: z.enum(CLOUDS).catch('gcc'),
  tenantDomains: z.array(z.string()).catch([]),
  routableSuffixes: z.array(z.string()).catch([]),
  scope: z
    .object({ includeOus: z.array(z.string()).catch([]), excludeOus: z.array(z.string()).catch([]), filter: z.string().nullable().catch(null), excludeDisabled: z.boolean().catch(false) })
    .catch({ includeOus: [], excludeOus: [], filter: null, excludeDisabled: false }),
});

function toRecord(row: RunRow): RunRecord {
  const parse = <T>(what: string, json: string, schema: z.ZodType<T>, prepare: (raw: Record<string, unknown>) => Record<string, unknown> = (r) => r): T => {
    const result = schema.safeParse(prepare(JSON.parse(json) as Record<string, unknown>));
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new DamagedRecord(`assessment ${row.id}: its stored ${what} is damaged (${issue.path.join('.') || 'the whole record'}: ${issue.message})`);
    }
    return result.data;
  };
  return {
    id: row.id,
    engagementId: row.engagement_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    sourceKind: row.source_kind,
    sourceLabel: row.source_label,
    error: row.error,
    summary: row.summary_json === null ? null : (parse('summary', row.summary_json, summarySchema, (raw) => upgrade(raw, row.source_json)) as unknown as RunSummary),
    adjusted: row.adjusted_json === null ? null : parse('scores with exceptions', row.adjusted_json, adjustedSchema),
    // What the run was asked for (older runs lack parts of it: what they lack reads as the defaults).
    settings: settingsSchema.parse(JSON.parse(row.options_json || '{}')),
  };
}

export function findRun(db: Database.Database, assessmentId: number): RunRecord | undefined {
  const row = db.prepare('SELECT * FROM assessments WHERE id = ?').get(assessmentId) as RunRow | undefined;
  return row && toRecord(row);
}

export function readRun(db: Database.Database, assessmentId: number): RunRecord {
  const run = findRun(db, assessmentId);
  if (!run) throw new NotFound(`assessment ${assessmentId}`);
  return run;
}

export function completedRun(db: Database.Database, assessmentId: number): CompletedRun {
  const run = readRun(db, assessmentId);
  if (run.status !== 'completed' || !run.summary) throw new NotFound(`a completed result for assessment ${assessmentId} (${run.status})`);
  return run as CompletedRun;
}

/**
 * The run a run is compared with ("change since the previous run"): the last completed run before
 * it of the same engagement, or, for a run of no engagement, the last completed one of no engagement.
 */
export function previousCompletedRun(db: Database.Database, run: Pick<RunRecord, 'id' | 'engagementId'>): CompletedRun | null {
  const row = db
    .prepare(`SELECT * FROM assessments WHERE id < ? AND status = 'completed' AND engagement_id IS ? ORDER BY id DESC LIMIT 1`)
    .get(run.id, run.engagementId) as RunRow | undefined;
  return row ? (toRecord(row) as CompletedRun) : null;
}

/** An engagement's runs, newest first. */
export function engagementRuns(db: Database.Database, engagementId: number): RunRecord[] {
  return (db.prepare('SELECT * FROM assessments WHERE engagement_id = ? ORDER BY id DESC').all(engagementId) as RunRow[]).map(toRecord);
}
