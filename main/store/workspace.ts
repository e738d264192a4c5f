import Database from 'better-sqlite3';
import { writeRollup, type RollupRow } from './findings-grid.ts';
import { migrate } from './migrate.ts';
import { AssessmentWriter } from './assessment-writer.ts';
import { RowInserter } from './row-inserter.ts';
import { ThreadRowSink } from './thread-row-sink.ts';

/**
 * One SQLite file per workspace (WAL). Writes of a run go through `AssessmentWriter`, in batched
 * transactions with prepared statements; a failed run deletes only its own rows, so earlier
 * assessments are never touched.
 */

export type AssessmentStatus = 'running' | 'completed' | 'failed' | 'interrupted';

export interface AssessmentRow {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: AssessmentStatus;
  sourceKind: string;
  sourceLabel: string;
  source: unknown;
  options: unknown;
  toolVersion: string;
  summary: unknown;
  error: string | null;
}

export interface NewAssessment {
  sourceKind: string;
  sourceLabel: string;
  source: unknown;
  options: unknown;
  toolVersion: string;
}

export interface ExclusionRow {
  id: number;
  kind: string;
  value: string;
  reason: string | null;
}

export class Workspace {
  readonly db: Database.Database;
  readonly path: string;
  static readonly PAGE_SIZE = 16384;

  constructor(path: string) {
    this.path = path;
    this.db = new Database(path);
    // A new file gets 16 KB pages (SQLite's default is 4 KB): a run inserts findings into eight
    // indexes at once, and larger pages split less often; measured a third less time per row.
    // An existing file keeps its page size, which only a VACUUM could change.
    if (this.db.pragma('page_count', { simple: true }) === 0) this.db.pragma(`page_size = ${Workspace.PAGE_SIZE}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    // A run still marked running belongs to a process that died: say so, keep what it read.
    this.db
      .prepare(`UPDATE assessments SET status = 'interrupted', error = COALESCE(error, 'the workbench stopped before the run finished'),
                finished_at = COALESCE(finished_at, ?) WHERE status = 'running'`)
      .run(new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }

  beginAssessment(a: NewAssessment): number {
    const info = this.db
      .prepare(`INSERT INTO assessments (started_at, status, source_kind, source_label, source_json, options_json, tool_version)
                VALUES (?, 'running', ?, ?, ?, ?, ?)`)
      .run(new Date().toISOString(), a.sourceKind, a.sourceLabel, JSON.stringify(a.source), JSON.stringify(a.options), a.toolVersion);
    return Number(info.lastInsertRowid);
  }

  /** `rollup`: the run's findings counted by the grid's columns, as the run stored them. */
  completeAssessment(id: number, summary: unknown, rollup: readonly RollupRow[]): void {
    this.db.transaction(() => {
      this.db
        .prepare(`UPDATE assessments SET status = 'completed', finished_at = ?, summary_json = ? WHERE id = ?`)
        .run(new Date().toISOString(), JSON.stringify(summary), id);
      writeRollup(this.db, id, rollup);
    })();
  }

  /**
   * Ends a run that did not complete. A failed import keeps only its record and the error; an
   * interrupted scan keeps what it read (`keepRows`).
   */
  endAssessment(id: number, status: 'failed' | 'interrupted', error: string, keepRows = false): void {
    this.db.transaction(() => {
      if (!keepRows) {
        for (const table of ['findings', 'objects', 'mail_completeness']) {
          this.db.prepare(`DELETE FROM ${table} WHERE assessment_id = ?`).run(id);
        }
      }
      this.db.prepare('UPDATE assessments SET status = ?, finished_at = ?, error = ? WHERE id = ?').run(status, new Date().toISOString(), error, id);
    })();
  }

  getAssessment(id: number): AssessmentRow | undefined {
    const row = this.db.prepare('SELECT * FROM assessments WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return row ? toAssessment(row) : undefined;
  }

  listAssessments(): AssessmentRow[] {
    return (this.db.prepare('SELECT * FROM assessments ORDER BY id').all() as Record<string, unknown>[]).map(toAssessment);
  }

  /** The last completed run before `id`, for "change since the previous run". */
  previousCompleted(id: number): AssessmentRow | undefined {
    const row = this.db
      .prepare(`SELECT * FROM assessments WHERE id < ? AND status = 'completed' ORDER BY id DESC LIMIT 1`)
      .get(id) as Record<string, unknown> | undefined;
    return row ? toAssessment(row) : undefined;
  }

  getSetting<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as { value_json: string } | undefined;
    return row ? (JSON.parse(row.value_json) as T) : undefined;
  }

  setSetting(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json').run(key, JSON.stringify(value));
  }

  addExclusion(kind: 'include-ou' | 'exclude-ou' | 'filter' | 'exclude-disabled', value: string, reason?: string): number {
    const info = this.db
      .prepare('INSERT INTO exclusions (kind, value, reason, created_at) VALUES (?, ?, ?, ?)')
      .run(kind, value, reason ?? null, new Date().toISOString());
    return Number(info.lastInsertRowid);
  }

  listExclusions(): ExclusionRow[] {
    return this.db.prepare('SELECT id, kind, value, reason FROM exclusions ORDER BY id').all() as ExclusionRow[];
  }

  removeExclusion(id: number): void {
    this.db.prepare('DELETE FROM exclusions WHERE id = ?').run(id);
  }

  /**
   * The writer of a run's rows. With `thread`, the rows are inserted by a thread of their own
   * (worth it for large runs only: the thread costs about 50 ms to start).
   */
  writer(assessmentId: number, options: { thread?: boolean } = {}): AssessmentWriter {
    const sink = options.thread ? new ThreadRowSink(this.path, assessmentId) : new RowInserter(this.db, assessmentId);
    return new AssessmentWriter(this.db, assessmentId, sink);
  }
}

function toAssessment(r: Record<string, unknown>): AssessmentRow {
  const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : null);
  return {
    id: r.id as number,
    startedAt: r.started_at as string,
    finishedAt: (r.finished_at as string | null) ?? null,
    status: r.status as AssessmentStatus,
    sourceKind: r.source_kind as string,
    sourceLabel: r.source_label as string,
    source: parse(r.source_json),
    options: parse(r.options_json),
    toolVersion: r.tool_version as string,
    summary: parse(r.summary_json),
    error: (r.error as string | null) ?? null,
  };
}
