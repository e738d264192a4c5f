import type Database from 'better-sqlite3';
import type { ErrorType, Finding, ObjectKind, Severity } from '../../shared/findings.ts';

/** Read side of a workspace: what exports stream and what the findings grid asks, page by page. */

interface FindingDbRow {
  dn: string;
  object_class: ObjectKind;
  attribute: string;
  value: string | null;
  error_type: ErrorType;
  rule_id: string;
  severity: Severity;
  suggested_value: string | null;
  related_dns_json: string | null;
}

export function toFinding(r: FindingDbRow): Finding {
  const f: Finding = {
    dn: r.dn,
    objectClass: r.object_class,
    attribute: r.attribute,
    value: r.value,
    errorType: r.error_type,
    ruleId: r.rule_id,
    severity: r.severity,
  };
  if (r.suggested_value !== null) f.suggestedValue = r.suggested_value;
  if (r.related_dns_json !== null) f.relatedDns = JSON.parse(r.related_dns_json) as string[];
  return f;
}

/** Every finding of a run in object order, streamed from SQLite (never all in memory). */
export function* iterateFindings(db: Database.Database, assessmentId: number): Generator<Finding> {
  const stmt = db.prepare(`SELECT dn, object_class, attribute, value, error_type, rule_id, severity, suggested_value, related_dns_json
    FROM findings WHERE assessment_id = ? ORDER BY object_id, attribute, error_type, id`);
  for (const row of stmt.iterate(assessmentId)) yield toFinding(row as FindingDbRow);
}

export function* iterateExcluded(db: Database.Database, assessmentId: number): Generator<{ dn: string; objectClass: string; reasonCode: string }> {
  const stmt = db.prepare('SELECT dn, object_class, excluded_reason FROM objects WHERE assessment_id = ? AND in_scope = 0 ORDER BY id');
  for (const row of stmt.iterate(assessmentId) as Iterable<{ dn: string; object_class: string; excluded_reason: string }>) {
    yield { dn: row.dn, objectClass: row.object_class, reasonCode: row.excluded_reason };
  }
}

export interface FindingsQuery {
  assessmentId: number;
  ruleId?: string;
  severity?: Severity;
  errorType?: ErrorType;
  objectClass?: ObjectKind;
  ou?: string;
  /** Case-insensitive substring of the DN or the value. */
  text?: string;
  sort?: 'severity' | 'rule' | 'dn' | 'attribute' | 'errorType';
  descending?: boolean;
  offset?: number;
  limit?: number;
}

const SORT_COLUMNS: Record<NonNullable<FindingsQuery['sort']>, string> = {
  severity: 'severity_rank',
  rule: 'rule_id',
  dn: 'dn',
  attribute: 'attribute',
  errorType: 'error_type',
};

/** Builds the SQL of one findings page; every filter is a bound parameter, never spliced text. */
export function findingsPageSql(q: FindingsQuery): { sql: string; params: (string | number)[] } {
  const where = ['assessment_id = ?'];
  const params: (string | number)[] = [q.assessmentId];
  const eq = (column: string, value: string | undefined): void => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  eq('rule_id', q.ruleId);
  eq('severity', q.severity);
  eq('error_type', q.errorType);
  eq('object_class', q.objectClass);
  eq('ou', q.ou);
  if (q.text) {
    where.push("(dn LIKE ? ESCAPE '\\' OR value LIKE ? ESCAPE '\\')");
    const pattern = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(pattern, pattern);
  }
  const column = SORT_COLUMNS[q.sort ?? 'severity'];
  const dir = q.descending ? 'DESC' : 'ASC';
  params.push(Math.min(q.limit ?? 100, 1000), q.offset ?? 0);
  return { sql: `SELECT * FROM findings WHERE ${where.join(' AND ')} ORDER BY ${column} ${dir}, id ${dir} LIMIT ? OFFSET ?`, params };
}

export function queryFindings(db: Database.Database, q: FindingsQuery): (Finding & { id: number; objectId: number })[] {
  const { sql, params } = findingsPageSql(q);
  return (db.prepare(sql).all(...params) as (FindingDbRow & { id: number; object_id: number })[]).map((r) => ({
    ...toFinding(r),
    id: r.id,
    objectId: r.object_id,
  }));
}
