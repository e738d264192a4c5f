import Database from 'better-sqlite3';
import type { Severity } from '../../shared/findings.ts';
import { writeRollup } from './findings-grid.ts';
import { migrate } from './migrate.ts';
import { SEVERITY_RANK } from './severity-rank.ts';

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

export interface ObjectRow {
  id: number;
  dn: string;
  objectClass: string;
  ou: string;
  inScope: boolean;
  excludedReason: string | null;
  mailEnabled: boolean;
  attributesJson: string;
  uniqueValues: string | null;
}

export interface FindingRow {
  objectId: number;
  dn: string;
  objectClass: string;
  ou: string;
  attribute: string;
  value: string | null;
  errorType: string;
  ruleId: string;
  severity: Severity;
  suggestedValue: string | null;
  relatedDns: string[] | null;
}

export { SEVERITY_RANK } from './severity-rank.ts';

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

  completeAssessment(id: number, summary: unknown): void {
    this.db.transaction(() => {
      this.db
        .prepare(`UPDATE assessments SET status = 'completed', finished_at = ?, summary_json = ? WHERE id = ?`)
        .run(new Date().toISOString(), JSON.stringify(summary), id);
      writeRollup(this.db, id);
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

  writer(assessmentId: number): AssessmentWriter {
    return new AssessmentWriter(this.db, assessmentId);
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

/** Buffers rows of one run and writes them in transactions of a few thousand. */
export class AssessmentWriter {
  private readonly db: Database.Database;
  private readonly id: number;
  private objects: ObjectRow[] = [];
  private findings: FindingRow[] = [];
  private readonly insertObject: Database.Statement;
  private readonly insertFinding: Database.Statement;
  private readonly flushBatch: () => void;
  static readonly BATCH = 5000;

  constructor(db: Database.Database, assessmentId: number) {
    this.db = db;
    this.id = assessmentId;
    this.insertObject = db.prepare(`INSERT INTO objects (assessment_id, id, dn, object_class, ou, in_scope, excluded_reason, mail_enabled, attributes_json, unique_values)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertFinding = db.prepare(`INSERT INTO findings (assessment_id, object_id, dn, object_class, ou, attribute, value, error_type, rule_id,
      severity, severity_rank, suggested_value, related_dns_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.flushBatch = db.transaction(() => {
      for (const o of this.objects) {
        this.insertObject.run(this.id, o.id, o.dn, o.objectClass, o.ou, o.inScope ? 1 : 0, o.excludedReason, o.mailEnabled ? 1 : 0, o.attributesJson, o.uniqueValues);
      }
      for (const f of this.findings) this.runFinding(f);
      this.objects = [];
      this.findings = [];
    });
  }

  private runFinding(f: FindingRow): void {
    this.insertFinding.run(this.id, f.objectId, f.dn, f.objectClass, f.ou, f.attribute, f.value, f.errorType, f.ruleId,
      f.severity, SEVERITY_RANK[f.severity], f.suggestedValue, f.relatedDns ? JSON.stringify(f.relatedDns) : null);
  }

  addObject(o: ObjectRow): void {
    this.objects.push(o);
    this.flushWhenFull();
  }

  addFinding(f: FindingRow): void {
    this.findings.push(f);
    this.flushWhenFull();
  }

  /**
   * Rows are committed a few thousand at a time, however they arrive. Each commit writes every page
   * it touched to the WAL, and a few hundred findings touch a page in each of the grid's indexes:
   * small commits would write the same pages over and over.
   */
  private flushWhenFull(): void {
    if (this.objects.length + this.findings.length >= AssessmentWriter.BATCH) this.flushBatch();
  }

  flush(): void {
    if (this.objects.length > 0 || this.findings.length > 0) this.flushBatch();
  }

  /**
   * Walks this run's findings that carry a suggestion, in pages, and stores whatever `revise`
   * returns for each (the same value, another one, or null to drop it).
   */
  reviseSuggestions(revise: (f: { objectId: number; attribute: string; value: string | null; suggestedValue: string }) => string | null): void {
    // NOT INDEXED: each page is a walk along the row ids from the last one. Left to itself, SQLite
    // picks an index on assessment_id and sorts every finding of the run for every page.
    const page = this.db.prepare(`SELECT id, object_id AS objectId, attribute, value, suggested_value AS suggestedValue FROM findings NOT INDEXED
      WHERE assessment_id = ? AND id > ? AND suggested_value IS NOT NULL ORDER BY id LIMIT 2000`);
    const update = this.db.prepare('UPDATE findings SET suggested_value = ? WHERE id = ?');
    for (let last = 0; ; ) {
      const rows = page.all(this.id, last) as { id: number; objectId: number; attribute: string; value: string | null; suggestedValue: string }[];
      if (rows.length === 0) return;
      this.db.transaction(() => {
        for (const r of rows) {
          const revised = revise(r);
          if (revised !== r.suggestedValue) update.run(revised, r.id);
        }
      })();
      last = rows[rows.length - 1]!.id;
    }
  }

  writeCompleteness(rows: { attribute: string; objectClass: string; ou: string; total: number; complete: number }[]): void {
    const stmt = this.db.prepare('INSERT INTO mail_completeness (assessment_id, attribute, object_class, ou, total, complete) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const r of rows) stmt.run(this.id, r.attribute, r.objectClass, r.ou, r.total, r.complete);
    })();
  }
}
