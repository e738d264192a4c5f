import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { FileError } from '../files/fs-errors.ts';
import { PRIVATE_FILE_MODE } from '../files/staged-files.ts';
import { writeRollup, type RollupRow } from './findings-grid.ts';
import { migrate } from './migrate.ts';
import { AssessmentWriter } from './assessment-writer.ts';
import { RowInserter } from './row-inserter.ts';
import { ThreadRowSink } from './thread-row-sink.ts';

/**
 * One SQLite file per workspace (WAL). Writes of a run go through `AssessmentWriter`, in batched
 * transactions with prepared statements; a failed run deletes only its own rows, so earlier
 * assessments are never touched. The file holds a customer's directory: it, its WAL and its
 * shared-memory file are readable by their owner only (SQLite gives the -wal and -shm files the
 * database file's mode).
 */

/** The tables that hold a run's rows (its record in `assessments` is kept whatever happens). */
const RUN_ROW_TABLES = ['findings', 'objects', 'mail_completeness', 'findings_rollup', 'duplicate_groups', 'duplicate_holders'] as const;

/** How often a live run says so, and how long a silence means its owner is gone. */
export const HEARTBEAT_MS = 15_000;
const SILENT_OTHER_HOST_MS = 4 * HEARTBEAT_MS;
/** A process id can be reused: a run whose owner still seems alive but has not beaten for this long is abandoned too. */
const SILENT_LIVE_PID_MS = 40 * HEARTBEAT_MS;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the file owner-only before SQLite opens it, and takes away any wider mode an older version left. */
function makePrivate(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, PRIVATE_FILE_MODE);
    } catch (err) {
      // Not there yet (WAL and SHM), or not ours to change: SQLite then says what it can.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
    }
  }
}

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
  error: string | null;
}

export interface NewAssessment {
  sourceKind: string;
  sourceLabel: string;
  source: unknown;
  options: unknown;
  toolVersion: string;
  engagementId?: number | null;
}

export class Workspace {
  readonly db: Database.Database;
  readonly path: string;
  private beats: Database.Database | undefined;
  static readonly PAGE_SIZE = 16384;

  /** Opens (or creates) the workspace; a file that cannot be one is a FileError naming it. */
  constructor(path: string) {
    this.path = path;
    let db: Database.Database | undefined;
    try {
      makePrivate(path);
      db = new Database(path);
      // A new file gets 16 KB pages (SQLite's default is 4 KB): a run inserts findings into eight
      // indexes at once, and larger pages split less often; measured a third less time per row.
      // An existing file keeps its page size, which only a VACUUM could change.
      if (db.pragma('page_count', { simple: true }) === 0) db.pragma(`page_size = ${Workspace.PAGE_SIZE}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (err) {
      db?.close();
      const code = (err as { code?: string }).code;
      if (code?.startsWith('SQLITE_') || code?.startsWith('E')) throw new FileError(path, err, 'cannot be opened as a workspace');
      throw err;
    }
    this.db = db;
    this.recoverAbandonedRuns();
  }

  /**
   * A run still marked running whose owner is gone (its process ended on this host, or it has
   * been silent too long) was cut short: it is marked interrupted and its rows are removed, so a
   * killed run of 300,000 objects does not keep hundreds of megabytes forever. A live run, of this
   * process or another, is never touched.
   */
  recoverAbandonedRuns(now = Date.now()): number[] {
    const running = this.db.prepare(`SELECT id, owner_pid, owner_host, heartbeat_at FROM assessments WHERE status = 'running'`).all() as {
      id: number;
      owner_pid: number | null;
      owner_host: string | null;
      heartbeat_at: string | null;
    }[];
    const abandoned = running.filter((r) => {
      if (r.owner_pid === null) return true;
      const silentFor = now - Date.parse(r.heartbeat_at ?? '1970-01-01T00:00:00Z');
      if (r.owner_host !== hostname()) return silentFor > SILENT_OTHER_HOST_MS;
      return !processAlive(r.owner_pid) || silentFor > SILENT_LIVE_PID_MS;
    });
    for (const r of abandoned) this.endAssessment(r.id, 'interrupted', 'the workbench stopped before the run finished');
    return abandoned.map((r) => r.id);
  }

  /**
   * The run's owner is still at work (recovery leaves runs with a recent heartbeat alone). Written
   * on a connection of its own that never waits for the lock: while a run's writer thread holds
   * its transaction open, a beat is skipped (the next one lands), and the run's thread never stops.
   */
  heartbeat(id: number): void {
    try {
      this.beats ??= new Database(this.path, { timeout: 0 });
      this.beats.prepare(`UPDATE assessments SET heartbeat_at = ? WHERE id = ? AND status = 'running'`).run(new Date().toISOString(), id);
    } catch {
      // Busy, or the disk is full: a missed beat is one of four a minute.
    }
  }

  /**
   * Gives back the space of runs that did not complete: their rows go (their record stays, with
   * why it stopped), then the file is rewritten without free pages. Returns the sizes before and after.
   */
  compact(): { before: number; after: number; runsCleared: number } {
    const size = (): number => [this.path, `${this.path}-wal`].reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);
    const before = size();
    if (this.db.prepare(`SELECT 1 FROM assessments WHERE status = 'running' LIMIT 1`).get()) {
      throw new Error('A run is being written to this workspace: compact it once the run has finished.');
    }
    const partial = this.db.prepare(`SELECT id FROM assessments WHERE status IN ('failed', 'interrupted')`).all() as { id: number }[];
    this.db.transaction(() => {
      for (const { id } of partial) this.deleteRunRows(id);
    })();
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return { before, after: size(), runsCleared: partial.length };
  }

  private deleteRunRows(id: number): void {
    for (const table of RUN_ROW_TABLES) this.db.prepare(`DELETE FROM ${table} WHERE assessment_id = ?`).run(id);
    // The run's objects in the name search are keyed run << 32 | object id.
    this.db.prepare('DELETE FROM objects_text WHERE rowid BETWEEN ? AND ?').run(BigInt(id) << 32n, (BigInt(id) << 32n) | 0xffffffffn);
  }

  close(): void {
    this.beats?.close();
    this.db.close();
  }

  beginAssessment(a: NewAssessment): number {
    const now = new Date().toISOString();
    const info = this.db
      .prepare(`INSERT INTO assessments (started_at, status, source_kind, source_label, source_json, options_json, tool_version, engagement_id, owner_pid, owner_host, heartbeat_at)
                VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(now, a.sourceKind, a.sourceLabel, JSON.stringify(a.source), JSON.stringify(a.options), a.toolVersion, a.engagementId ?? null, process.pid, hostname(), now);
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
   * Ends a run that did not complete. It keeps only its record and why it stopped, unless its
   * rows were asked to be kept (`keepRows`: an interrupted scan's partial findings, on request).
   */
  endAssessment(id: number, status: 'failed' | 'interrupted', error: string, keepRows = false): void {
    this.db.transaction(() => {
      if (!keepRows) this.deleteRunRows(id);
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
    error: (r.error as string | null) ?? null,
  };
}
