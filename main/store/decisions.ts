import type Database from 'better-sqlite3';
import type { RuleStat } from '../../shared/scoring.ts';

/**
 * A person's decisions on findings: accept a suggested value (possibly edited) or mark the finding
 * an exception with a reason. Keyed by object DN, rule and value, so they carry forward to every
 * later run of the engagement. Exceptions leave the scores: a decided, documented exception is no
 * longer a reason the directory is not ready, and removing it can only raise a score (monotonic).
 * A run's scores are recorded once, when it completes, with the exceptions known then: history
 * stays stable, and decisions taken while triaging a run show as a projection until the next run.
 */

/**
 * What a decision is about, matched against a finding: same object, rule and value. Every query
 * that joins decisions to findings uses this one expression (a null value is keyed as '').
 */
export function decisionMatches(decision: string, finding: string): string {
  return `${decision}.dn = ${finding}.dn AND ${decision}.rule_id = ${finding}.rule_id AND ${decision}.value_key = COALESCE(${finding}.value, '')`;
}

export const DECISION_JOIN = `d.engagement_id = a.engagement_id AND ${decisionMatches('d', 'f')}`;

interface TargetRow {
  dn: string;
  rule_id: string;
  value: string | null;
  attribute: string;
  engagement_id: number | null;
}

function targets(db: Database.Database, assessmentId: number, findingIds: readonly number[]): TargetRow[] {
  const select = db.prepare(`SELECT f.dn, f.rule_id, f.value, f.attribute, a.engagement_id FROM findings f JOIN assessments a ON a.id = f.assessment_id
    WHERE f.assessment_id = ? AND f.id = ?`);
  const rows: TargetRow[] = [];
  for (const id of findingIds) {
    const row = select.get(assessmentId, id) as TargetRow | undefined;
    if (row) rows.push(row);
  }
  if (rows.some((r) => r.engagement_id === null)) throw new Error('This run belongs to no engagement: decisions are kept per engagement.');
  return rows;
}

export function decide(
  db: Database.Database,
  assessmentId: number,
  findingIds: readonly number[],
  decision: { kind: 'accept'; newValue?: string | undefined } | { kind: 'exception'; reason: string } | { kind: 'clear' },
): number {
  const upsert = db.prepare(`INSERT INTO decisions (engagement_id, dn, rule_id, value_key, attribute, kind, new_value, reason, decided_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (engagement_id, dn, rule_id, value_key) DO UPDATE SET kind = excluded.kind, new_value = excluded.new_value, reason = excluded.reason, decided_at = excluded.decided_at`);
  const remove = db.prepare('DELETE FROM decisions WHERE engagement_id = ? AND dn = ? AND rule_id = ? AND value_key = ?');
  const suggested = db.prepare('SELECT suggested_value FROM findings WHERE assessment_id = ? AND dn = ? AND rule_id = ? AND COALESCE(value, \'\') = ? LIMIT 1');
  // The other rules that flag the same value of the same attribute (mail.character and mail.localpart on one address).
  const sameValue = db.prepare(`SELECT DISTINCT rule_id FROM findings WHERE assessment_id = ? AND dn = ? AND attribute = ? AND COALESCE(value, '') = ? AND rule_id <> ?`).pluck();
  const acceptedValue = db.prepare("SELECT kind FROM decisions WHERE engagement_id = ? AND dn = ? AND rule_id = ? AND value_key = ?").pluck();
  const now = new Date().toISOString();
  const decided = new Set<string>();
  let changed = 0;
  db.transaction(() => {
    for (const t of targets(db, assessmentId, findingIds)) {
      const valueKey = t.value ?? '';
      const keyText = `${t.dn}\u0000${t.rule_id}\u0000${valueKey}`;
      if (decided.has(keyText)) continue;
      decided.add(keyText);
      const key = [t.engagement_id, t.dn, t.rule_id, valueKey] as const;
      // A value replaced is replaced for every rule that flags it: accepting (or clearing an
      // accepted) value covers its siblings, so one value never gets two different fixes.
      // (Findings without a value, like "too many proxy addresses" and "no primary address", are different fixes.)
      const siblings = decision.kind === 'exception' || t.value === null ? [] : (sameValue.all(assessmentId, t.dn, t.attribute, valueKey, t.rule_id) as string[]);
      if (decision.kind === 'clear') {
        changed += remove.run(...key).changes;
        for (const rule of siblings) {
          if (acceptedValue.get(t.engagement_id, t.dn, rule, valueKey) === 'accept') changed += remove.run(t.engagement_id, t.dn, rule, valueKey).changes;
          decided.add(`${t.dn}\u0000${rule}\u0000${valueKey}`);
        }
        continue;
      }
      const newValue =
        decision.kind === 'accept'
          ? (decision.newValue ?? (suggested.get(assessmentId, t.dn, t.rule_id, valueKey) as { suggested_value: string | null } | undefined)?.suggested_value ?? null)
          : null;
      upsert.run(...key, t.attribute, decision.kind, newValue, decision.kind === 'exception' ? decision.reason : null, now);
      changed++;
      for (const rule of siblings) {
        upsert.run(t.engagement_id, t.dn, rule, valueKey, t.attribute, 'accept', newValue, null, now);
        decided.add(`${t.dn}\u0000${rule}\u0000${valueKey}`);
        changed++;
      }
    }
    // IMMEDIATE: it reads before it writes, and a scan worker may write meanwhile (WAL would then refuse the upgrade).
  }).immediate();
  return changed;
}

/** Whether decisions changed after the run ended, so its recorded scores differ from a projection. */
export function decidedSince(db: Database.Database, engagementId: number, since: string): boolean {
  return db.prepare('SELECT 1 FROM decisions WHERE engagement_id = ? AND decided_at > ? LIMIT 1').get(engagementId, since) !== undefined;
}

/** The decisions that apply to a page of findings, looked up row by row through the unique key. */
export function decisionsFor(
  db: Database.Database,
  engagementId: number | null,
  rows: readonly { dn: string; ruleId: string; value: string | null }[],
): ({ kind: 'accept' | 'exception'; newValue: string | null; reason: string | null } | null)[] {
  if (engagementId === null) return rows.map(() => null);
  const select = db.prepare('SELECT kind, new_value AS newValue, reason FROM decisions WHERE engagement_id = ? AND dn = ? AND rule_id = ? AND value_key = ?');
  return rows.map((r) => (select.get(engagementId, r.dn, r.ruleId, r.value ?? '') as { kind: 'accept' | 'exception'; newValue: string | null; reason: string | null } | undefined) ?? null);
}

/** A run's findings counted per rule and severity, leaving out those the engagement's exceptions cover, as of now. */
export function ruleStatsWithoutExceptions(db: Database.Database, assessmentId: number): { excepted: number; ruleStats: RuleStat[] } {
  const excepted = (db.prepare(`SELECT count(*) AS n FROM findings f JOIN assessments a ON a.id = f.assessment_id
      JOIN decisions d ON ${DECISION_JOIN} AND d.kind = 'exception' WHERE f.assessment_id = ?`).get(assessmentId) as { n: number }).n;
  const ruleStats = db
    .prepare(`SELECT f.rule_id AS ruleId, f.severity, count(*) AS findings, count(DISTINCT f.object_id) AS affectedObjects
      FROM findings f JOIN assessments a ON a.id = f.assessment_id
      WHERE f.assessment_id = ? AND NOT EXISTS (SELECT 1 FROM decisions d WHERE ${DECISION_JOIN} AND d.kind = 'exception')
      GROUP BY f.rule_id, f.severity`)
    .all(assessmentId) as RuleStat[];
  return { excepted, ruleStats };
}

/** A run's findings with a decision of the engagement (accepted or excepted), counted per rule. */
export function decidedByRule(db: Database.Database, assessmentId: number): Map<string, number> {
  const rows = db
    .prepare(`SELECT f.rule_id AS ruleId, count(*) AS n FROM assessments a CROSS JOIN decisions d ON d.engagement_id = a.engagement_id
      CROSS JOIN findings f ON f.assessment_id = a.id AND ${decisionMatches('d', 'f')} WHERE a.id = ? GROUP BY f.rule_id`)
    .all(assessmentId) as { ruleId: string; n: number }[];
  return new Map(rows.map((r) => [r.ruleId, r.n]));
}
