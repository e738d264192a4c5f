import type Database from 'better-sqlite3';
import type { ErrorType, Finding, ObjectKind, Severity } from '../../shared/findings.ts';

/** Read side of a workspace for exports: every finding of a run, streamed. The grid's queries are in findings-grid.ts. */

interface FindingDbRow {
  object_id: number;
  dn: string;
  object_class: ObjectKind;
  attribute: string;
  value: string | null;
  error_type: ErrorType;
  rule_id: string;
  severity: Severity;
  suggested_value: string | null;
  related_dns_json: string | null;
  duplicate_group: number | null;
  group_holders: number | null;
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
  if (r.duplicate_group !== null) f.duplicateGroup = r.duplicate_group;
  if (r.group_holders !== null) f.holders = r.group_holders;
  return f;
}

/** Every finding of a run in object order, with its object's id, streamed from SQLite (never all in memory). */
export function* iterateFindingsOfObjects(db: Database.Database, assessmentId: number): Generator<{ objectId: number; finding: Finding }> {
  const stmt = db.prepare(`SELECT object_id, dn, object_class, attribute, value, error_type, rule_id, severity, suggested_value, related_dns_json, duplicate_group, group_holders
    FROM findings WHERE assessment_id = ? ORDER BY object_id, attribute, error_type, id`);
  for (const row of stmt.iterate(assessmentId) as Iterable<FindingDbRow>) yield { objectId: row.object_id, finding: toFinding(row) };
}

/** Every finding of a run in object order. */
export function* iterateFindings(db: Database.Database, assessmentId: number): Generator<Finding> {
  for (const { finding } of iterateFindingsOfObjects(db, assessmentId)) yield finding;
}

export function* iterateExcluded(db: Database.Database, assessmentId: number): Generator<{ objectId: number; dn: string; objectClass: string; reasonCode: string }> {
  const stmt = db.prepare('SELECT id, dn, object_class, excluded_reason FROM objects WHERE assessment_id = ? AND in_scope = 0 ORDER BY id');
  for (const row of stmt.iterate(assessmentId) as Iterable<{ id: number; dn: string; object_class: string; excluded_reason: string }>) {
    yield { objectId: row.id, dn: row.dn, objectClass: row.object_class, reasonCode: row.excluded_reason };
  }
}

/** Every duplicated value of a run with all its holders, each group once, streamed. */
export function* iterateDuplicateGroups(db: Database.Database, assessmentId: number): Generator<{ id: number; namespace: string; value: string; holders: number; dns: string[] }> {
  const groups = db.prepare('SELECT id, namespace, value, holders FROM duplicate_groups WHERE assessment_id = ? ORDER BY id');
  const holders = db.prepare('SELECT dn FROM duplicate_holders WHERE assessment_id = ? AND group_id = ? ORDER BY object_id').pluck();
  for (const g of groups.iterate(assessmentId) as Iterable<{ id: number; namespace: string; value: string; holders: number }>) {
    yield { ...g, dns: holders.all(assessmentId, g.id) as string[] };
  }
}
