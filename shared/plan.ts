import type { Severity } from './findings.ts';
import { ruleTitle, RULES } from './rules/catalogue.ts';
import type { CategoryScore, RuleStat } from './scoring.ts';

/**
 * The plan a run implies (the Dashboard leads with it, the PDF's executive summary says the same):
 * one fix per rule (one action over N objects), what blocks synchronization first, then the
 * rest, each ordered by readiness points regained per object touched, with an estimate of the work.
 */
export interface PlanItem {
  ruleId: string;
  title: string;
  /** What to do, in words (the rule's fix). */
  action: string;
  /** The most severe severity the rule was found at. */
  severity: Severity;
  blocksSync: boolean;
  objects: number;
  findings: number;
  /** Findings that come with a suggested value, which the remediation script can apply once reviewed. */
  suggested: number;
  /** Findings with a decision taken (accepted or excepted) since. */
  decided: number;
  /** Overall readiness points regained once the rule's findings are all fixed. */
  points: number;
  pointsPerObject: number;
  /** The estimate of the work, in minutes (WORK_MODEL). */
  minutes: number;
}

/**
 * How the work is estimated, stated wherever the estimate is shown: reviewing and scheduling a fix
 * takes a quarter of an hour; an object whose fix is suggested takes half a minute to check (the
 * script applies it); one without takes about four (finding the right value with its owner).
 */
export const WORK_MODEL = { perFix: 15, perSuggested: 0.5, perManual: 4 } as const;
export const WORK_MODEL_TEXT = 'Estimate: 15 minutes to review each fix, then half a minute per object with a suggested value (applied by the remediation script) and four minutes per object that needs a person to find the value.';

const SEVERITY_ORDER: Record<Severity, number> = { blocker: 0, error: 1, warning: 2, info: 3 };
const FIX = new Map(RULES.map((r) => [r.ruleId, r.fix]));
const round1 = (n: number): number => Math.round(n * 10) / 10;

export function planOf(byRule: readonly RuleStat[], categories: readonly Pick<CategoryScore, 'score' | 'weight' | 'lost'>[], decided: ReadonlyMap<string, number> = new Map()): PlanItem[] {
  // A category's lost points come back to the overall score weighted as the overall mean weighs them.
  const assessedWeight = categories.filter((c) => c.score !== null).reduce((s, c) => s + c.weight, 0);
  const points = new Map<string, number>();
  for (const c of categories) {
    if (c.score === null || assessedWeight === 0) continue;
    for (const l of c.lost) points.set(l.source, (points.get(l.source) ?? 0) + (l.points * c.weight) / assessedWeight);
  }
  const byId = new Map<string, PlanItem>();
  for (const s of byRule) {
    let item = byId.get(s.ruleId);
    if (!item) {
      item = { ruleId: s.ruleId, title: ruleTitle(s.ruleId), action: FIX.get(s.ruleId) ?? '', severity: s.severity, blocksSync: false, objects: 0, findings: 0, suggested: 0, decided: decided.get(s.ruleId) ?? 0, points: 0, pointsPerObject: 0, minutes: 0 };
      byId.set(s.ruleId, item);
    }
    if (SEVERITY_ORDER[s.severity] < SEVERITY_ORDER[item.severity]) item.severity = s.severity;
    // An object counted at two severities of one rule (sAMAccountName) is one object to fix.
    item.objects = Math.max(item.objects, s.affectedObjects);
    item.findings += s.findings;
    item.suggested += s.suggested ?? 0;
  }
  const items = [...byId.values()].filter((i) => i.findings > 0);
  for (const item of items) {
    item.blocksSync = item.severity === 'blocker';
    const regained = points.get(item.ruleId) ?? 0;
    item.points = Math.round(regained * 100) / 100;
    // From the unrounded points, so fixes that regain as much per object tie, and the larger one leads.
    item.pointsPerObject = item.objects === 0 ? 0 : Math.round((regained / item.objects) * 1e6) / 1e6;
    const suggestedObjects = Math.round((item.objects * item.suggested) / item.findings);
    item.minutes = Math.round(WORK_MODEL.perFix + suggestedObjects * WORK_MODEL.perSuggested + (item.objects - suggestedObjects) * WORK_MODEL.perManual);
  }
  return items.sort(
    (a, b) => Number(b.blocksSync) - Number(a.blocksSync) || b.pointsPerObject - a.pointsPerObject || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.objects - a.objects || (a.ruleId < b.ruleId ? -1 : 1),
  );
}

/** Points regained, to the hundredth when under one (a fix of two objects regains little, not nothing). */
export function pointsText(points: number): string {
  return `+${points < 1 ? points.toFixed(2) : points.toFixed(1)}`;
}

/** "about 45 minutes", "about 3.5 hours", "about 6 days" (of 8 hours). */
export function workInWords(minutes: number): string {
  if (minutes < 90) return `about ${Math.max(5, Math.round(minutes / 5) * 5)} minutes`;
  const hours = minutes / 60;
  if (hours < 16) return `about ${round1(hours)} hours`;
  return `about ${Math.round(hours / 8)} working days`;
}

/** What a severity means, in words for people (the token stays in files for machines). */
export const SEVERITY_WORDS: Readonly<Record<Severity, string>> = {
  blocker: 'Blocks sync',
  error: 'Error',
  warning: 'Warning',
  info: 'Information',
};
