import type Database from 'better-sqlite3';
import { checklistProgress, type AutomaticStatus, type ChecklistEntry, type ChecklistEvidence, type ChecklistStatus, type ManualStatus } from '../../shared/checklist.ts';
import { compareCodeUnits } from '../../shared/compare.ts';
import { countText } from '../../shared/count-text.ts';
import type { Severity } from '../../shared/findings.ts';
import type { DirectoryCheck } from '../engine/infrastructure.ts';
import { checklistTemplate, endpointSnapshot, type Cloud, type TemplateItem } from './template.ts';

/**
 * Evaluates the checklist of a completed run: automatic items from the run's findings and
 * directory checks, with their evidence; manual items carried forward from the engagement's
 * previous run (status, owner, due date, notes), or "not started".
 */

const MAX_EXAMPLES = 10;
const WORST: AutomaticStatus[] = ['fail', 'warn', 'pass'];

interface RunFacts {
  byRule: { ruleId: string; severity: Severity; affectedObjects: number; findings: number }[];
  directoryChecks: DirectoryCheck[];
}

function worst(statuses: AutomaticStatus[]): AutomaticStatus {
  return WORST.find((s) => statuses.includes(s)) ?? 'not-assessed';
}

/**
 * The first findings of some rules: by severity, then rule, then the order of the findings_by_rule
 * index, from which each rule's are read straight off. (One query across the rules, ordered by id,
 * sorted every finding of those rules first: about 12 ms an item at a million findings.)
 */
function firstFindings(db: Database.Database, assessmentId: number, ruleIds: string[]): { dn: string; rule_id: string; value: string | null }[] {
  const ofRule = db.prepare(`SELECT dn, rule_id, value, severity_rank FROM findings WHERE assessment_id = ? AND rule_id = ?
    ORDER BY severity_rank, error_type, object_class, id LIMIT ${MAX_EXAMPLES}`);
  const rows = ruleIds.flatMap((ruleId) =>
    (ofRule.all(assessmentId, ruleId) as { dn: string; rule_id: string; value: string | null; severity_rank: number }[]).map((r, place) => ({ ...r, place })),
  );
  rows.sort((a, b) => a.severity_rank - b.severity_rank || compareCodeUnits(a.rule_id, b.rule_id) || a.place - b.place);
  return rows.slice(0, MAX_EXAMPLES);
}

function ruleEvidence(db: Database.Database, assessmentId: number, facts: RunFacts, ruleIds: string[]): { status: AutomaticStatus; evidence: ChecklistEvidence } {
  const stats = facts.byRule.filter((r) => ruleIds.includes(r.ruleId));
  const findings = stats.reduce((n, s) => n + s.findings, 0);
  const blockers = stats.filter((s) => s.severity === 'blocker').reduce((n, s) => n + s.findings, 0);
  const objects = stats.reduce((n, s) => n + s.affectedObjects, 0);
  const examples = firstFindings(db, assessmentId, ruleIds).map((e) => `${e.dn}: ${e.rule_id}${e.value === null ? '' : ` (${e.value})`}`);
  return {
    status: findings === 0 ? 'pass' : blockers > 0 ? 'fail' : 'warn',
    evidence: {
      summary: findings === 0 ? 'No finding.' : `${countText(findings)} findings on ${countText(objects)} objects${blockers ? ` (${countText(blockers)} blockers)` : ''}.`,
      counts: Object.fromEntries(stats.map((s) => [`${s.ruleId} ${s.severity}`, s.findings])),
      ruleIds: stats.map((s) => s.ruleId),
      checkIds: [],
      examples,
    },
  };
}

function directoryEvidence(facts: RunFacts, checkIds: string[]): { status: AutomaticStatus; evidence: ChecklistEvidence } {
  const checks = facts.directoryChecks.filter((c) => checkIds.includes(c.id));
  const statuses = checks.map((c): AutomaticStatus => {
    if (c.status === 'info') return (c.count ?? 0) > 0 ? 'warn' : 'pass';
    return c.status === 'not-assessed' ? 'not-assessed' : c.status;
  });
  return {
    status: worst(statuses),
    evidence: {
      summary: [...new Set(checks.map((c) => c.detail))].join(' '),
      counts: Object.fromEntries(checks.filter((c) => c.count !== undefined).map((c) => [c.id, c.count!])),
      ruleIds: [],
      checkIds: checks.map((c) => c.id),
      examples: checks.flatMap((c) => c.examples ?? []).slice(0, MAX_EXAMPLES),
    },
  };
}

function automatic(db: Database.Database, assessmentId: number, facts: RunFacts, item: TemplateItem): { status: AutomaticStatus; evidence: ChecklistEvidence } {
  const e = item.evaluation;
  if (e.kind === 'rules') return ruleEvidence(db, assessmentId, facts, e.rules);
  if (e.kind !== 'directory') throw new Error(`item ${item.id} is manual`);
  const dir = directoryEvidence(facts, e.checks);
  if (!e.rules) return dir;
  const rules = ruleEvidence(db, assessmentId, facts, e.rules);
  return {
    status: dir.status === 'not-assessed' ? rules.status : worst([dir.status, rules.status]),
    evidence: {
      summary: `${dir.evidence.summary} ${rules.evidence.summary}`.trim(),
      counts: { ...dir.evidence.counts, ...rules.evidence.counts },
      ruleIds: rules.evidence.ruleIds,
      checkIds: dir.evidence.checkIds,
      examples: [...dir.evidence.examples, ...rules.evidence.examples].slice(0, MAX_EXAMPLES),
    },
  };
}

/** Cloud-specific evidence for manual items: the endpoint snapshot and its date, the routing domain. */
function cloudNote(item: TemplateItem, cloud: Cloud): ChecklistEvidence | null {
  const s = endpointSnapshot(cloud);
  const lines: string[] = [];
  if (item.evaluation.kind === 'manual' && item.evaluation.endpoints) lines.push(`Endpoint snapshot: ${s.name}, dated ${s.snapshotDate} (${s.source}).`);
  if (item.gating && s.inboundAllowList) lines.push(`Gating for ${s.name}: ${s.inboundAllowList}`);
  if (item.routingDomain) lines.push(`Tenant routing domain for ${s.name}: ${s.tenantRoutingDomain}.`);
  if (lines.length === 0) return null;
  return { summary: lines.join(' '), counts: {}, ruleIds: [], checkIds: [], examples: [] };
}

interface StoredRow {
  item_id: string;
  automatic: number;
  status: string;
  evidence_json: string | null;
  owner: string | null;
  due_date: string | null;
  notes: string | null;
}

function previousManual(db: Database.Database, assessmentId: number): Map<string, StoredRow> {
  const prev = db
    .prepare(`SELECT p.id FROM assessments p JOIN assessments a ON a.id = ?
      WHERE p.id < a.id AND p.status = 'completed' AND p.engagement_id IS a.engagement_id ORDER BY p.id DESC LIMIT 1`)
    .get(assessmentId) as { id: number } | undefined;
  if (!prev) return new Map();
  const rows = db.prepare('SELECT * FROM checklist_items WHERE assessment_id = ? AND automatic = 0').all(prev.id) as StoredRow[];
  return new Map(rows.map((r) => [r.item_id, r]));
}

/** Writes the run's checklist and returns its progress (0..1), or undefined when nothing is assessable. */
export function evaluateChecklist(db: Database.Database, assessmentId: number, cloud: Cloud, facts: RunFacts): number | undefined {
  const t = checklistTemplate();
  const carried = previousManual(db, assessmentId);
  const insert = db.prepare(`INSERT OR REPLACE INTO checklist_items (assessment_id, item_id, automatic, status, evidence_json, owner, due_date, notes, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const now = new Date().toISOString();
  const statuses: ChecklistStatus[] = [];
  db.transaction(() => {
    for (const item of t.items.filter((i) => i.clouds.includes(cloud))) {
      if (item.evaluation.kind === 'manual') {
        const before = carried.get(item.id);
        const status = (before?.status ?? 'not-started') as ManualStatus;
        const note = cloudNote(item, cloud);
        insert.run(assessmentId, item.id, 0, status, note ? JSON.stringify(note) : null, before?.owner ?? null, before?.due_date ?? null, before?.notes ?? null, now);
        statuses.push(status);
      } else {
        const { status, evidence } = automatic(db, assessmentId, facts, item);
        const note = cloudNote(item, cloud);
        if (note) evidence.summary = `${evidence.summary} ${note.summary}`;
        insert.run(assessmentId, item.id, 1, status, JSON.stringify(evidence), null, null, null, now);
        statuses.push(status);
      }
    }
    db.prepare('UPDATE assessments SET checklist_template = ? WHERE id = ?').run(t.templateVersion, assessmentId);
  })();
  return checklistProgress(statuses);
}

/** The run's checklist in template order, with the template's wording. */
export function readChecklist(db: Database.Database, assessmentId: number): ChecklistEntry[] {
  const t = checklistTemplate();
  const rows = new Map((db.prepare('SELECT * FROM checklist_items WHERE assessment_id = ?').all(assessmentId) as StoredRow[]).map((r) => [r.item_id, r]));
  return t.items.flatMap((item): ChecklistEntry[] => {
    const r = rows.get(item.id);
    if (!r) return [];
    return [
      {
        itemId: item.id,
        section: item.section,
        title: item.title,
        why: item.why,
        verify: item.verify,
        docRef: item.docRef,
        gating: item.gating === true,
        automatic: r.automatic === 1,
        status: r.status as ChecklistStatus,
        evidence: r.evidence_json ? (JSON.parse(r.evidence_json) as ChecklistEvidence) : null,
        owner: r.owner,
        dueDate: r.due_date,
        notes: r.notes,
      },
    ];
  });
}

export function updateManualItem(
  db: Database.Database,
  assessmentId: number,
  itemId: string,
  change: { status: ManualStatus; owner: string | null; dueDate: string | null; notes: string | null },
): boolean {
  return (
    db
      .prepare('UPDATE checklist_items SET status = ?, owner = ?, due_date = ?, notes = ?, updated_at = ? WHERE assessment_id = ? AND item_id = ? AND automatic = 0')
      .run(change.status, change.owner, change.dueDate, change.notes, new Date().toISOString(), assessmentId, itemId).changes > 0
  );
}

export function storedProgress(db: Database.Database, assessmentId: number): number | undefined {
  const statuses = (db.prepare('SELECT status FROM checklist_items WHERE assessment_id = ?').all(assessmentId) as { status: ChecklistStatus }[]).map((r) => r.status);
  return checklistProgress(statuses);
}
