import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileSource, SAMPLE_DIRECTORY } from '../../../main/directory/file-source.ts';
import { evaluateChecklist } from '../../../main/checklist/evaluate.ts';
import { runAssessment as assess } from '../../../main/runs/run-assessment.ts';
import { groupsOfFindings, indexForSearch, pageOfFindings, type FindingsQuery, type FindingsSort } from '../../../main/store/findings-grid.ts';
import { AssessmentWriter } from '../../../main/store/assessment-writer.ts';
import { RowInserter } from '../../../main/store/row-inserter.ts';
import { Workspace } from '../../../main/store/workspace.ts';
import { runOptions } from '../../helpers.ts';
import { tempDir } from '../../temp-dirs.ts';

interface Row {
  id: number;
  dn: string;
  value: string | null;
  rule_id: string;
  severity: string;
  severity_rank: number;
  error_type: string;
  object_class: string;
  ou: string;
  attribute: string;
}

let ws: Workspace;
let id: number;
const all = (q: Omit<FindingsQuery, 'assessmentId'>) => pageOfFindings<Row>(ws.db, { assessmentId: id, limit: 1000, ...q });

beforeAll(async () => {
  ws = new Workspace(join(tempDir('grid'), 'w.sqlite'));
  const r = await assess(ws, openFileSource(SAMPLE_DIRECTORY, 'sample'), runOptions({ tenantDomains: ['fcra.gov'], cloud: 'gcc-high' }));
  id = r.assessmentId;
});
afterAll(() => ws.close());

/** A copy of the workspace that records every statement prepared on it, and a statement's plan. */
function recordingCopy(): { db: Database.Database; prepared: string[]; planOf: (sql: string, ...params: unknown[]) => string } {
  ws.db.pragma('wal_checkpoint(TRUNCATE)');
  const copy = join(tempDir('grid'), 'copy.sqlite');
  copyFileSync(ws.path, copy);
  const db = new Database(copy);
  const prepared: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
  const planOf = (sql: string, ...params: unknown[]): string =>
    (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail).join(' ');
  return { db, prepared, planOf };
}

describe('the findings grid queries', () => {
  it('every sort order is served by an index, never by sorting the table', () => {
    for (const sort of ['severity', 'rule', 'dn', 'attribute', 'errorType'] as FindingsSort[]) {
      for (const descending of [false, true]) {
        const plan = ws.db
          .prepare(`EXPLAIN QUERY PLAN SELECT * FROM findings WHERE assessment_id = ? ORDER BY ${sort === 'severity' ? 'severity_rank' : sort === 'rule' ? 'rule_id' : sort === 'errorType' ? 'error_type' : sort} ${descending ? 'DESC' : 'ASC'} LIMIT 1`)
          .all(id) as { detail: string }[];
        expect(plan.map((p) => p.detail).join(' '), sort).not.toContain('TEMP B-TREE');
      }
    }
    const sortedBy = (sort: FindingsSort, key: (r: Row) => string | number, descending = false) => {
      const keys = all({ sort, descending }).rows.map(key);
      const expected = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(keys).toEqual(descending ? expected.reverse() : expected);
    };
    sortedBy('severity', (r) => r.severity_rank);
    sortedBy('rule', (r) => r.rule_id, true);
    sortedBy('dn', (r) => r.dn);
    sortedBy('attribute', (r) => r.attribute, true);
    sortedBy('errorType', (r) => r.error_type);
  });

  it("walks a run's findings in row-id pages without sorting the run for each page (suggestions, text index)", () => {
    const { db, prepared, planOf } = recordingCopy();
    // The statistics PRAGMA optimize left in a 1,000,000-object workspace (sampled, so they take
    // assessment_id for selective): with them, SQLite prefers that index and sorts every page.
    db.exec(`ANALYZE; DELETE FROM sqlite_stat1 WHERE tbl = 'findings';
      INSERT INTO sqlite_stat1 VALUES ('findings', 'findings_by_object', '140000 1001 2'); ANALYZE sqlite_schema;`);
    db.prepare('UPDATE assessments SET search_ready = 0 WHERE id = ?').run(id);
    indexForSearch(db, id);
    new AssessmentWriter(db, id, new RowInserter(db, id)).reviseSuggestions((f) => f.suggestedValue);
    const paged = prepared.filter((sql) => /id > \?/.test(sql));
    expect(paged.length).toBeGreaterThanOrEqual(3);
    for (const sql of paged) {
      expect(planOf(sql, ...[id, 0, 10].slice(0, sql.split('?').length - 1)), sql).not.toContain('TEMP B-TREE');
    }
    db.close();
  });

  it("reads each checklist item's examples straight off an index, without sorting the rule's findings", () => {
    const { db, prepared, planOf } = recordingCopy();
    const { summary_json } = db.prepare('SELECT summary_json FROM assessments WHERE id = ?').get(id) as { summary_json: string };
    evaluateChecklist(db, id, 'gcc-high', JSON.parse(summary_json) as Parameters<typeof evaluateChecklist>[3]);
    const examples = prepared.filter((sql) => /FROM findings WHERE .*rule_id/.test(sql));
    expect(examples.length).toBeGreaterThan(3);
    for (const sql of examples) {
      const ruleIds = Array.from({ length: sql.split('?').length - 2 }, () => 'mail.duplicate');
      expect(planOf(sql, id, ...ruleIds), sql).not.toContain('TEMP B-TREE');
    }
    db.close();
  });

  it('filters, pages and counts from the roll-up exactly as counting rows would', () => {
    const count = (where: string, ...params: unknown[]) => (ws.db.prepare(`SELECT count(*) AS n FROM findings WHERE assessment_id = ? ${where}`).get(id, ...params) as { n: number }).n;
    const blockers = all({ severity: 'blocker' });
    expect(blockers.rows.every((r) => r.severity === 'blocker')).toBe(true);
    expect(blockers).toMatchObject({ total: count("AND severity = 'blocker'"), exact: true });
    const contactsTld = all({ objectClass: 'contact', errorType: 'topleveldomain' });
    expect(contactsTld.total).toBe(count("AND object_class = 'contact' AND error_type = 'topleveldomain'"));
    const page2 = all({ sort: 'dn', offset: 5, limit: 5 });
    expect(page2.rows.map((r) => r.id)).toEqual(all({ sort: 'dn' }).rows.slice(5, 10).map((r) => r.id));
    expect(all({}).total).toBe(count(''));
    const groups = groupsOfFindings(ws.db, { assessmentId: id, severity: 'error' }, 'rule_id');
    expect(groups.reduce((s, g) => s + g.count, 0)).toBe(count("AND severity = 'error'"));
  });

  it("the run's roll-up, counted as its findings were stored, is exactly their grouping", () => {
    const columns = 'ou, object_class, rule_id, severity, error_type';
    const counted = ws.db.prepare(`SELECT ${columns}, findings FROM findings_rollup WHERE assessment_id = ? ORDER BY ${columns}`).all(id);
    const grouped = ws.db.prepare(`SELECT ${columns}, count(*) AS findings FROM findings WHERE assessment_id = ? GROUP BY ${columns} ORDER BY ${columns}`).all(id);
    expect(counted.length).toBeGreaterThan(20);
    expect(counted).toEqual(grouped);
  });

  it('filters by decision: open, accepted or excepted, counted exactly', () => {
    const e = Number(ws.db.prepare("INSERT INTO engagements (customer, cloud, created_at) VALUES ('x', 'gcc', 'now')").run().lastInsertRowid);
    ws.db.prepare('UPDATE assessments SET engagement_id = ? WHERE id = ?').run(e, id);
    const some = all({ severity: 'error', sort: 'dn' }).rows.slice(0, 7);
    const decide = ws.db.prepare("INSERT INTO decisions (engagement_id, dn, rule_id, value_key, attribute, kind, decided_at) VALUES (?, ?, ?, ?, ?, ?, 'now')");
    some.forEach((r, i) => decide.run(e, r.dn, r.rule_id, r.value ?? '', r.attribute, i < 3 ? 'exception' : 'accept'));
    const excepted = all({ decision: 'exception', engagementId: e });
    expect(excepted.rows.map((r) => r.id).sort()).toEqual(some.slice(0, 3).map((r) => r.id).sort());
    expect(excepted).toMatchObject({ total: 3, exact: true });
    expect(all({ decision: 'accept', engagementId: e, severity: 'error' }).total).toBe(4);
    const open = all({ decision: 'open', engagementId: e });
    expect(open.total).toBe(all({}).total - 7);
    expect(open.rows.some((r) => some.some((x) => x.id === r.id))).toBe(false);
    expect(groupsOfFindings(ws.db, { assessmentId: id, decision: 'exception', engagementId: e }, 'rule_id').reduce((n, g) => n + g.count, 0)).toBe(3);
  });

  it('free text finds the same rows through the text index as by scanning, and is never SQL', () => {
    const terms = ['fcra.local', 'núñez', "o'", 'ZZ-no-such', 'Great Lakes', 'a'];
    const scanned = terms.map((text) => all({ text, sort: 'dn' }));
    indexForSearch(ws.db, id);
    indexForSearch(ws.db, id); // idempotent
    const indexed = terms.map((text) => all({ text, sort: 'dn' }));
    expect(indexed.map((p) => p.rows.map((r) => r.id))).toEqual(scanned.map((p) => p.rows.map((r) => r.id)));
    expect(indexed.map((p) => p.total)).toEqual(scanned.map((p) => p.total));
    expect(scanned[0]!.rows.length).toBeGreaterThan(0);
    // A row matches by its DN, its value, or its object's names (UPN, mail, sAMAccountName…).
    const names = ws.db.prepare('SELECT unique_values FROM objects WHERE assessment_id = ? AND id = ?').pluck();
    expect(scanned[0]!.rows.every((r) => `${r.dn} ${r.value} ${names.get(id, (r as unknown as { object_id: number }).object_id) ?? ''}`.toLowerCase().includes('fcra.local'))).toBe(true);
    expect(all({ text: "%'; DROP TABLE findings; --" }).rows).toEqual([]);
    expect(all({ text: '"unbalanced' }).rows).toEqual([]);
    expect(all({}).total).toBeGreaterThan(0);
  });
});
