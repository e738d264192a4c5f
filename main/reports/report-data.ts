import type { RunSettings } from '../../shared/run-settings.ts';
import type Database from 'better-sqlite3';
import type { ChecklistEntry } from '../../shared/checklist.ts';
import type { Severity } from '../../shared/findings.ts';
import { ruleById, type RuleEntry } from '../../shared/rules/catalogue.ts';
import { readChecklist } from '../checklist/evaluate.ts';
import { CLOUD_NAMES, checklistTemplate, endpointSnapshot, type Cloud, type EndpointSnapshot } from '../checklist/template.ts';
import type { AssessmentSummary } from '../engine/summary.ts';
import { TOOL } from '../version.ts';
import { Redactor } from './redact.ts';

/** Everything a report says about one run, gathered once; long lists stay in SQLite and are streamed. */

export interface TopIssue {
  rule: RuleEntry;
  severity: Severity;
  affectedObjects: number;
  findings: number;
  points: number;
  examples: { dn: string; value: string | null; suggested: string | null }[];
}

export interface ReportData {
  tool: { name: string; version: string };
  generatedAt: string;
  customer: string;
  cloud: Cloud;
  cloudName: string;
  run: { id: number; startedAt: string; finishedAt: string | null; sourceLabel: string; sourceKind: string; engagementId: number | null; settings: RunSettings };
  summary: AssessmentSummary;
  previous: { id: number; startedAt: string; summary: AssessmentSummary } | null;
  checklist: ChecklistEntry[];
  checklistTemplate: { version: string; title: string; sections: string[] };
  endpoints: EndpointSnapshot;
  completeness: { attribute: string; objectClass: string; ou: string; total: number; complete: number }[];
  topIssues: TopIssue[];
  redactor: Redactor;
}

const TOP_ISSUES = 10;
const EXAMPLES_PER_ISSUE = 5;

/** The run a report is about, as its record gives it (main/runs/run-record.ts reads and checks it). */
export interface ReportRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  sourceLabel: string;
  sourceKind: string;
  engagementId: number | null;
  summary: AssessmentSummary;
  settings: RunSettings;
}

function topIssues(db: Database.Database, assessmentId: number, summary: AssessmentSummary): TopIssue[] {
  const points = new Map<string, number>();
  for (const c of summary.scoreModel.details.categories) for (const l of c.lost) if (l.severity) points.set(`${l.source}|${l.severity}`, l.points);
  const examples = db.prepare('SELECT dn, value, suggested_value FROM findings WHERE assessment_id = ? AND rule_id = ? AND severity = ? ORDER BY id LIMIT ?');
  return summary.byRule
    .map((r) => ({ r, points: points.get(`${r.ruleId}|${r.severity}`) ?? 0 }))
    .sort((a, b) => b.points - a.points || b.r.affectedObjects - a.r.affectedObjects || a.r.ruleId.localeCompare(b.r.ruleId))
    .slice(0, TOP_ISSUES)
    .map(({ r, points: p }) => ({
      rule: ruleById(r.ruleId),
      severity: r.severity,
      affectedObjects: r.affectedObjects,
      findings: r.findings,
      points: p,
      examples: (examples.all(assessmentId, r.ruleId, r.severity, EXAMPLES_PER_ISSUE) as { dn: string; value: string | null; suggested_value: string | null }[]).map((e) => ({
        dn: e.dn,
        value: e.value,
        suggested: e.suggested_value,
      })),
    }));
}

export function reportData(db: Database.Database, run: ReportRun, previous: ReportRun | null, options: { customer?: string; redact?: boolean; redactor?: Redactor } = {}): ReportData {
  const summary = run.summary;
  const engagement = run.engagementId === null ? undefined : (db.prepare('SELECT customer FROM engagements WHERE id = ?').get(run.engagementId) as { customer: string } | undefined);
  const cloud = summary.cloud as Cloud;
  const template = checklistTemplate();
  return {
    tool: TOOL,
    generatedAt: new Date().toISOString(),
    customer: options.customer ?? engagement?.customer ?? 'Customer not named',
    cloud,
    cloudName: CLOUD_NAMES[cloud],
    run: { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, sourceLabel: run.sourceLabel, sourceKind: run.sourceKind, engagementId: run.engagementId, settings: run.settings },
    summary,
    previous: previous && { id: previous.id, startedAt: previous.startedAt, summary: previous.summary },
    checklist: readChecklist(db, run.id),
    checklistTemplate: { version: template.templateVersion, title: template.title, sections: template.sections },
    endpoints: endpointSnapshot(cloud),
    completeness: db
      .prepare('SELECT attribute, object_class AS objectClass, ou, total, complete FROM mail_completeness WHERE assessment_id = ? ORDER BY attribute, object_class, ou')
      .all(run.id) as ReportData['completeness'],
    topIssues: topIssues(db, run.id, summary),
    redactor: options.redactor ?? new Redactor(options.redact === true),
  };
}
