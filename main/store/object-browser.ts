import type Database from 'better-sqlite3';
import type { ObjectKind } from '../../shared/findings.ts';

/**
 * The object browser: a run's objects (those it stored: every object with a finding or an
 * exclusion), with how many findings each has, filtered by name, class, OU and source, in DN
 * order a page at a time. Names are looked up as the findings grid's text search does.
 */
export interface ObjectsQuery {
  assessmentId: number;
  text?: string;
  objectClass?: ObjectKind;
  ou?: string;
  /** The object ids of one source of the run (sources hold consecutive ranges). */
  ids?: [number, number];
  offset: number;
  limit: number;
}

export interface BrowsedObject {
  objectId: number;
  dn: string;
  objectClass: ObjectKind;
  ou: string;
  inScope: boolean;
  excludedReason: string | null;
  findings: number;
  blockers: number;
}

/** Counts stop here: the screen shows "N+" beyond. */
const COUNT_CAP = 100_000;
const MIN_INDEXED_TEXT = 3;

export function pageOfObjects(db: Database.Database, q: ObjectsQuery): { rows: BrowsedObject[]; total: number; exact: boolean } {
  const clauses = ['o.assessment_id = ?'];
  const params: (string | number | bigint)[] = [q.assessmentId];
  const filterBy = (clause: string, ...values: (string | number | bigint)[]): void => {
    clauses.push(clause);
    params.push(...values);
  };
  if (q.objectClass) filterBy('o.object_class = ?', q.objectClass);
  if (q.ou) filterBy('o.ou = ?', q.ou);
  if (q.ids) filterBy('o.id BETWEEN ? AND ?', q.ids[0], q.ids[1]);
  const text = q.text?.trim();
  if (text) {
    const ready = (db.prepare('SELECT names_ready FROM assessments WHERE id = ?').get(q.assessmentId) as { names_ready: number } | undefined)?.names_ready === 1;
    if (ready && [...text].length >= MIN_INDEXED_TEXT) {
      const base = BigInt(q.assessmentId) << 32n;
      filterBy('o.id IN (SELECT rowid - ? FROM objects_text WHERE objects_text MATCH ? AND rowid BETWEEN ? AND ?)', base, `"${text.replace(/"/g, '""')}"`, base, base | 0xffffffffn);
    } else {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      filterBy("(o.dn LIKE ? ESCAPE '\\' OR o.unique_values LIKE ? ESCAPE '\\')", pattern, pattern);
    }
  }
  const where = clauses.join(' AND ');
  const rows = db
    .prepare(
      `SELECT o.id AS objectId, o.dn, o.object_class AS objectClass, o.ou, o.in_scope AS inScope, o.excluded_reason AS excludedReason,
        (SELECT count(*) FROM findings f WHERE f.assessment_id = o.assessment_id AND f.object_id = o.id) AS findings,
        (SELECT count(*) FROM findings f WHERE f.assessment_id = o.assessment_id AND f.object_id = o.id AND f.severity = 'blocker') AS blockers
      FROM objects o INDEXED BY objects_by_dn WHERE ${where} ORDER BY o.dn, o.id LIMIT ? OFFSET ?`,
    )
    .all(...params, q.limit, q.offset) as (Omit<BrowsedObject, 'inScope'> & { inScope: number })[];
  const { n } = db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM objects o WHERE ${where} LIMIT ?)`).get(...params, COUNT_CAP + 1) as { n: number };
  return { rows: rows.map((r) => ({ ...r, inScope: r.inScope === 1 })), total: Math.min(n, COUNT_CAP), exact: n <= COUNT_CAP };
}
