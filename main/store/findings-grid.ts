import type Database from 'better-sqlite3';
import type { ErrorType, ObjectKind, Severity } from '../../shared/findings.ts';
import { decisionMatches } from './decisions.ts';
import { SEVERITY_RANK } from './severity-rank.ts';

/**
 * What the findings grid asks, answered fast at a million findings (see migration 004):
 * pages in any sort order with any filters, totals, and groups. Every filter is a bound
 * parameter, never spliced text.
 */

export type FindingsSort = 'severity' | 'rule' | 'dn' | 'attribute' | 'errorType';

export interface FindingsQuery {
  assessmentId: number;
  ruleId?: string;
  severity?: Severity;
  errorType?: ErrorType;
  objectClass?: ObjectKind;
  ou?: string;
  /** Case-insensitive substring of the DN, the value, or the object's names (sAMAccountName, UPN, mail…). */
  text?: string;
  /** With the engagement whose decisions count: findings still open, accepted, or excepted. */
  decision?: 'open' | 'accept' | 'exception';
  engagementId?: number | null;
  sort?: FindingsSort;
  descending?: boolean;
  offset?: number;
  limit?: number;
}

/** Each order is exactly an index's columns (then the row id), so a page never sorts the table. */
const ORDERS: Record<FindingsSort, string[]> = {
  severity: ['severity_rank', 'rule_id', 'error_type', 'object_class'],
  rule: ['rule_id', 'severity_rank', 'error_type', 'object_class'],
  errorType: ['error_type', 'severity_rank', 'rule_id', 'object_class'],
  dn: ['dn', 'severity_rank', 'rule_id', 'error_type', 'object_class'],
  attribute: ['attribute', 'severity_rank', 'rule_id', 'error_type', 'object_class'],
};

/** Below this many text matches the full-text index picks the rows; above, an in-order scan finds a page sooner. */
const RARE_TEXT = 2000;
/** A trigram index cannot look up fewer than three characters. */
const MIN_INDEXED_TEXT = 3;
/** Counts stop this far past the page a person is on: the grid shows "N+" and grows as they scroll. */
const COUNT_AHEAD = 1000;

/** How a text filter is answered; `names`: how many of the run's objects match by name (when counted). */
type TextPlan = { kind: 'none' } | { kind: 'index'; phrase: string } | { kind: 'scan'; pattern: string; phrase?: string; names?: number };

interface Where {
  sql: string;
  params: (string | number | bigint)[];
}

function equalities(q: FindingsQuery, severityColumn: 'severity_rank' | 'severity', prefix = ''): Where {
  const clauses = [`${prefix}assessment_id = ?`];
  const params: (string | number)[] = [q.assessmentId];
  const eq = (column: string, value: string | number | undefined): void => {
    if (value === undefined) return;
    clauses.push(`${prefix}${column} = ?`);
    params.push(value);
  };
  eq('rule_id', q.ruleId);
  eq(severityColumn, q.severity === undefined ? undefined : severityColumn === 'severity' ? q.severity : SEVERITY_RANK[q.severity]);
  eq('error_type', q.errorType);
  eq('object_class', q.objectClass);
  eq('ou', q.ou);
  return { sql: clauses.join(' AND '), params };
}

/** search_ready: 0 not indexed, 2 indexing began (and may have been cut short), 1 fully indexed. */
function searchReady(db: Database.Database, assessmentId: number): boolean {
  return (db.prepare('SELECT search_ready FROM assessments WHERE id = ?').get(assessmentId) as { search_ready: number } | undefined)?.search_ready === 1;
}

/** The rowids of a run's objects in objects_text: run << 32 | object id. */
const namesRange = (assessmentId: number): [bigint, bigint] => [BigInt(assessmentId) << 32n, (BigInt(assessmentId) << 32n) | 0xffffffffn];

function namesReady(db: Database.Database, assessmentId: number): boolean {
  return (db.prepare('SELECT names_ready FROM assessments WHERE id = ?').get(assessmentId) as { names_ready: number } | undefined)?.names_ready === 1;
}

function planText(db: Database.Database, q: FindingsQuery): TextPlan {
  const text = q.text?.trim();
  if (!text) return { kind: 'none' };
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if ([...text].length < MIN_INDEXED_TEXT || !searchReady(db, q.assessmentId) || !namesReady(db, q.assessmentId)) return { kind: 'scan', pattern };
  const phrase = `"${text.replace(/"/g, '""')}"`;
  const { n } = db.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM findings_text WHERE findings_text MATCH ? LIMIT ?)').get(phrase, RARE_TEXT + 1) as { n: number };
  const objects = (db.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM objects_text WHERE objects_text MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)').get(phrase, ...namesRange(q.assessmentId), RARE_TEXT + 1) as { n: number }).n;
  // Many matches: an in-order scan finds a page sooner (the names are still read through their index).
  if (n + objects <= RARE_TEXT) return { kind: 'index', phrase };
  return { kind: 'scan', pattern, phrase, names: objects };
}

/**
 * The decision filter. Decided findings are few: they are found from the decisions table through
 * the DN index (CROSS JOIN keeps SQLite from scanning the findings instead). Open ones are most:
 * each row of the page is checked against the decision key.
 */
function withDecision(where: Where, q: FindingsQuery): Where {
  if (!q.decision) return where;
  const engagement = q.engagementId ?? -1;
  const key = `d.engagement_id = ? AND ${decisionMatches('d', 'findings')}`;
  if (q.decision === 'open') return { sql: `${where.sql} AND NOT EXISTS (SELECT 1 FROM decisions d WHERE ${key})`, params: [...where.params, engagement] };
  return {
    sql: `${where.sql} AND id IN (SELECT f.id FROM decisions d CROSS JOIN findings f ON f.assessment_id = ? AND ${decisionMatches('d', 'f')}
      WHERE d.engagement_id = ? AND d.kind = ?)`,
    params: [...where.params, q.assessmentId, engagement, q.decision],
  };
}

/** The run's objects whose names match, as object ids: through the name index, or by scanning the run's objects. */
function objectsNamed(q: FindingsQuery, plan: TextPlan): Where {
  // Indexed names are read through their index, however many match: scanning every object of a run costs more.
  if (plan.kind === 'index' || (plan.kind === 'scan' && plan.names !== undefined)) {
    const [low, high] = namesRange(q.assessmentId);
    return { sql: 'SELECT rowid - ? FROM objects_text WHERE objects_text MATCH ? AND rowid BETWEEN ? AND ?', params: [low, plan.phrase!, low, high] };
  }
  const pattern = plan.kind === 'scan' ? plan.pattern : '';
  return { sql: "SELECT id FROM objects WHERE assessment_id = ? AND (unique_values LIKE ? ESCAPE '\\' OR dn LIKE ? ESCAPE '\\')", params: [q.assessmentId, pattern, pattern] };
}

function withText(where: Where, plan: TextPlan, q: FindingsQuery): Where {
  if (plan.kind === 'none') return where;
  const named = objectsNamed(q, plan);
  if (plan.kind === 'index') {
    // One set of row ids, from both indexes (an OR across them would make SQLite scan the run instead).
    const ids = `SELECT rowid FROM findings_text WHERE findings_text MATCH ? UNION SELECT id FROM findings WHERE assessment_id = ? AND object_id IN (${named.sql})`;
    return { sql: `${where.sql} AND id IN (${ids})`, params: [...where.params, plan.phrase, q.assessmentId, ...named.params] };
  }
  return { sql: `${where.sql} AND (dn LIKE ? ESCAPE '\\' OR value LIKE ? ESCAPE '\\' OR object_id IN (${named.sql}))`, params: [...where.params, plan.pattern, plan.pattern, ...named.params] };
}

/** Every finding matching the query (in row order), up to `cap` of them: what "select all matching" selects. */
export function idsOfFindings(db: Database.Database, q: FindingsQuery, cap: number): number[] {
  const where = withDecision(withText(equalities(q, 'severity_rank'), planText(db, q), q), q);
  return db.prepare(`SELECT id FROM findings WHERE ${where.sql} ORDER BY id LIMIT ?`).pluck().all(...where.params, cap) as number[];
}

/** The index each sort order walks (its columns are exactly the order's). */
const INDEX_OF_SORT: Record<FindingsSort, string> = {
  severity: 'findings_by_severity',
  rule: 'findings_by_rule',
  errorType: 'findings_by_error_type',
  dn: 'findings_by_dn',
  attribute: 'findings_by_attribute',
};
/** The grid's indexes after assessment_id (migration 004): a filter's index serves a sort when the rest of its columns are the order's. */
const INDEX_COLUMNS: readonly string[][] = [
  ['severity_rank', 'rule_id', 'error_type', 'object_class'],
  ['rule_id', 'severity_rank', 'error_type', 'object_class'],
  ['error_type', 'severity_rank', 'rule_id', 'object_class'],
  ['object_class', 'severity_rank', 'rule_id', 'error_type'],
  ['ou', 'severity_rank', 'rule_id', 'error_type', 'object_class'],
  ['dn', 'severity_rank', 'rule_id', 'error_type', 'object_class'],
  ['attribute', 'severity_rank', 'rule_id', 'error_type', 'object_class'],
];

/** Whether one index has the filtered columns first and then the sort order: SQLite then needs no sort, whatever it picks. */
function servedByOneIndex(filtered: readonly string[], sort: FindingsSort): boolean {
  const rest = ORDERS[sort].filter((c) => !filtered.includes(c));
  return INDEX_COLUMNS.some((cols) => filtered.every((c) => cols.slice(0, filtered.length).includes(c)) && rest.every((c, i) => cols[filtered.length + i] === c));
}

/**
 * A filter no index serves together with the sort (errors by DN): SQLite, which cannot weigh the
 * LIMIT, finds every match through the filter's index and sorts them all for one page, a second at
 * a million findings. Walking the sort order's index instead reads about (page end × run ÷ matches)
 * rows; it is chosen when that is fewer than the matches a sort would read.
 */
function walkSortOrder(db: Database.Database, q: FindingsQuery, matches: number, pageEnd: number): boolean {
  const filtered = (['rule_id', 'severity_rank', 'error_type', 'object_class', 'ou'] as const).filter(
    (c) => ({ rule_id: q.ruleId, severity_rank: q.severity, error_type: q.errorType, object_class: q.objectClass, ou: q.ou })[c] !== undefined,
  );
  if (filtered.length === 0 || matches === 0 || servedByOneIndex(filtered, q.sort ?? 'severity')) return false;
  const run = (db.prepare('SELECT coalesce(sum(findings), 0) AS n FROM findings_rollup WHERE assessment_id = ?').get(q.assessmentId) as { n: number }).n;
  return (pageEnd * run) / matches < matches;
}

export function pageOfFindings<Row>(db: Database.Database, q: FindingsQuery): { rows: Row[]; total: number; exact: boolean } {
  const plan = planText(db, q);
  const where = withDecision(withText(equalities(q, 'severity_rank'), plan, q), q);
  const sort = q.sort ?? 'severity';
  const dir = q.descending ? 'DESC' : 'ASC';
  const order = [...ORDERS[sort], 'id'].map((c) => `${c} ${dir}`).join(', ');
  const limit = Math.min(q.limit ?? 100, 1000);
  const offset = q.offset ?? 0;
  const counted = countOf(db, q, plan, offset + limit + COUNT_AHEAD);
  // The roll-up's exact count (no text, no decision filter) says how many match.
  const walk = plan.kind === 'none' && !q.decision && counted.exact && walkSortOrder(db, q, counted.total, offset + limit);
  const from = walk ? `findings INDEXED BY ${INDEX_OF_SORT[sort]}` : 'findings';
  const rows = db.prepare(`SELECT * FROM ${from} WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...where.params, limit, offset) as Row[];
  return { rows, ...counted };
}

function countOf(db: Database.Database, q: FindingsQuery, plan: TextPlan, cap: number): { total: number; exact: boolean } {
  if (plan.kind === 'none' && !q.decision && hasRollup(db, q.assessmentId)) {
    const where = equalities(q, 'severity');
    const { n } = db.prepare(`SELECT coalesce(sum(findings), 0) AS n FROM findings_rollup WHERE ${where.sql}`).get(...where.params) as { n: number };
    return { total: n, exact: true };
  }
  let n: number;
  if (plan.kind === 'scan' && plan.phrase && plan.names === 0 && !q.decision) {
    // Many matches, none by an object's name: walk the text index in row order and stop at the cap.
    const where = equalities(q, 'severity_rank', 'f.');
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM findings_text t JOIN findings f ON f.id = t.rowid
      WHERE findings_text MATCH ? AND ${where.sql} LIMIT ?)`;
    n = (db.prepare(sql).get(plan.phrase, ...where.params, cap + 1) as { n: number }).n;
  } else {
    const where = withDecision(withText(equalities(q, 'severity_rank'), plan, q), q);
    n = (db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM findings WHERE ${where.sql} LIMIT ?)`).get(...where.params, cap + 1) as { n: number }).n;
  }
  return n > cap ? { total: cap, exact: false } : { total: n, exact: true };
}

function hasRollup(db: Database.Database, assessmentId: number): boolean {
  return db.prepare('SELECT 1 FROM findings_rollup WHERE assessment_id = ? LIMIT 1').get(assessmentId) !== undefined;
}

/** Findings per rule or per OU under the same filters, for the grid's grouped view. */
export function groupsOfFindings(db: Database.Database, q: FindingsQuery, by: 'rule_id' | 'ou'): { key: string; count: number }[] {
  const plan = planText(db, q);
  const [table, where, count] =
    plan.kind === 'none' && !q.decision && hasRollup(db, q.assessmentId)
      ? ['findings_rollup', equalities(q, 'severity'), 'sum(findings)']
      : ['findings', withDecision(withText(equalities(q, 'severity_rank'), plan, q), q), 'count(*)'];
  return db.prepare(`SELECT ${by} AS key, ${count} AS count FROM ${table} WHERE ${where.sql} GROUP BY ${by} ORDER BY count DESC, key LIMIT 500`).all(...where.params) as {
    key: string;
    count: number;
  }[];
}

/** One row of findings_rollup: how many findings share these grid columns. */
export interface RollupRow {
  ou: string;
  objectClass: string;
  ruleId: string;
  severity: Severity;
  errorType: string;
  findings: number;
}

/**
 * Run once a run completes: the counts behind totals and groups, and fresh planner statistics.
 * A run counts its findings as it stores them (`rows`); findings written some other way (the UI
 * queries benchmark synthesizes them) are grouped here instead.
 */
export function writeRollup(db: Database.Database, assessmentId: number, rows?: readonly RollupRow[]): void {
  if (rows) {
    const insert = db.prepare(`INSERT OR REPLACE INTO findings_rollup (assessment_id, ou, object_class, rule_id, severity, error_type, findings)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    for (const r of rows) insert.run(assessmentId, r.ou, r.objectClass, r.ruleId, r.severity, r.errorType, r.findings);
  } else {
    db.prepare(`INSERT OR REPLACE INTO findings_rollup
      SELECT assessment_id, ou, object_class, rule_id, severity, error_type, count(*) FROM findings WHERE assessment_id = ?
      GROUP BY ou, object_class, rule_id, severity, error_type`).run(assessmentId);
  }
  db.exec('PRAGMA analysis_limit = 1000; PRAGMA optimize;');
}


/** Rows indexed per transaction: short enough that the app's own writes (decisions) never wait long. */
const INDEX_CHUNK = 20_000;

/**
 * Puts a completed run's DN and values in the text index (seconds at a million findings: done
 * after the run, in the scan's worker). Committed in chunks; the run is marked ready at the end,
 * and until then text search scans. It runs once per run: a run left half-indexed (the app closed
 * meanwhile) keeps scanning rather than risk indexing rows twice.
 */
export function indexForSearch(db: Database.Database, assessmentId: number): void {
  indexFindingsText(db, assessmentId);
  indexObjectNames(db, assessmentId);
}

function indexFindingsText(db: Database.Database, assessmentId: number): void {
  const state = db.prepare('SELECT search_ready FROM assessments WHERE id = ?').get(assessmentId) as { search_ready: number } | undefined;
  if (!state || state.search_ready !== 0) return;
  db.prepare('UPDATE assessments SET search_ready = 2 WHERE id = ? AND search_ready = 0').run(assessmentId);
  // NOT INDEXED: each chunk walks on along the row ids. Left to itself, SQLite picks an index on
  // assessment_id and sorts every finding of the run for every chunk.
  const chunk = db.prepare('INSERT INTO findings_text (rowid, dn, value) SELECT id, dn, value FROM findings NOT INDEXED WHERE assessment_id = ? AND id > ? ORDER BY id LIMIT ?');
  const lastOf = db.prepare('SELECT max(id) AS last FROM (SELECT id FROM findings NOT INDEXED WHERE assessment_id = ? AND id > ? ORDER BY id LIMIT ?)');
  for (let after = 0; ; ) {
    const { last } = lastOf.get(assessmentId, after, INDEX_CHUNK) as { last: number | null };
    if (last === null) break;
    db.transaction(() => chunk.run(assessmentId, after, INDEX_CHUNK)).immediate();
    after = last;
  }
  db.prepare('UPDATE assessments SET search_ready = 1 WHERE id = ?').run(assessmentId);
}

/**
 * The run's stored objects in the name search: DN and unique values (sAMAccountName, UPN, mail,
 * proxy addresses…), in chunks like the findings. `names_ready` as `search_ready`: 2 while
 * indexing (a run cut short there keeps scanning), 1 when done.
 */
function indexObjectNames(db: Database.Database, assessmentId: number): void {
  const state = db.prepare('SELECT names_ready FROM assessments WHERE id = ?').get(assessmentId) as { names_ready: number } | undefined;
  if (!state || state.names_ready !== 0) return;
  db.prepare('UPDATE assessments SET names_ready = 2 WHERE id = ? AND names_ready = 0').run(assessmentId);
  const base = BigInt(assessmentId) << 32n;
  const chunk = db.prepare(`INSERT INTO objects_text (rowid, names) SELECT ? + id, dn || char(10) || coalesce(unique_values, '') FROM objects
    WHERE assessment_id = ? AND id > ? ORDER BY id LIMIT ?`);
  const lastOf = db.prepare('SELECT max(id) AS last FROM (SELECT id FROM objects WHERE assessment_id = ? AND id > ? ORDER BY id LIMIT ?)');
  for (let after = -1; ; ) {
    const { last } = lastOf.get(assessmentId, after, INDEX_CHUNK) as { last: number | null };
    if (last === null) break;
    db.transaction(() => chunk.run(base, assessmentId, after, INDEX_CHUNK)).immediate();
    after = last;
  }
  db.prepare('UPDATE assessments SET names_ready = 1 WHERE id = ?').run(assessmentId);
}
