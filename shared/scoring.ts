import { compareCodeUnits } from './compare.ts';
import type { Severity } from './findings.ts';
import { ruleById, type ScoreCategory } from './rules/catalogue.ts';

/**
 * Readiness scores (domain.md §7). Published model:
 *  - A rule costs a category `100 × severity weight × affected objects / objects the category
 *    covers`; the category score is 100 minus the sum of its rules' costs, never below 0.
 *  - Directory infrastructure scores its checks: pass 1, warn 0.5, fail 0, weighted per check;
 *    checks that could not be assessed (no evidence) are left out.
 *  - Overall is the weighted mean of the categories that were assessed.
 * Fixing a finding only lowers a cost, so scores never drop when something is fixed (monotonic),
 * and the same data always gives the same score (stable).
 */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { blocker: 1, error: 0.5, warning: 0.15, info: 0 };

export const CATEGORY_WEIGHTS: Readonly<Record<ScoreCategory, number>> = {
  identity: 0.3,
  mail: 0.25,
  uniqueness: 0.25,
  infrastructure: 0.1,
  checklist: 0.1,
};

export const CATEGORY_TITLES: Readonly<Record<ScoreCategory, string>> = {
  identity: 'Identity and UPN',
  mail: 'Mail attributes',
  uniqueness: 'Uniqueness',
  infrastructure: 'Directory infrastructure',
  checklist: 'Checklist progress',
};

export const CATEGORY_DENOMINATORS: Readonly<Record<ScoreCategory, string>> = {
  identity: 'in-scope users and contacts',
  mail: 'mail-enabled in-scope objects',
  uniqueness: 'in-scope objects',
  infrastructure: 'weighted directory checks',
  checklist: 'checklist items',
};

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'info' | 'not-assessed';
/** A check's status in words, for people (the token stays in files). */
export const CHECK_STATUS_WORDS: Readonly<Record<CheckStatus, string>> = { pass: 'Pass', warn: 'Warning', fail: 'Fail', info: 'Information', 'not-assessed': 'Not assessed' };
export const CHECK_STATUS_VALUE: Partial<Record<CheckStatus, number>> = { pass: 1, warn: 0.5, fail: 0 };

export interface RuleStat {
  ruleId: string;
  severity: Severity;
  /** Distinct objects with at least one finding of this rule at this severity. */
  affectedObjects: number;
  findings: number;
  /** Findings that come with a suggested value (absent in runs recorded before it was counted). */
  suggested?: number;
}

export interface ScoredCheck {
  id: string;
  status: CheckStatus;
  weight: number;
}

export interface ScoreInputs {
  ruleStats: readonly RuleStat[];
  population: { identity: number; mail: number; uniqueness: number };
  checks: readonly ScoredCheck[];
  /** Checklist completion 0..1, or undefined while there is no checklist for the assessment. */
  checklistProgress?: number;
}

export interface PointsLost {
  source: string;
  severity?: Severity;
  affected?: number;
  points: number;
}

export interface CategoryScore {
  category: ScoreCategory;
  title: string;
  score: number | null;
  weight: number;
  lost: PointsLost[];
}

export interface Scores {
  overall: number;
  blockers: number;
  categories: CategoryScore[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function ruleCategory(inputs: ScoreInputs, category: 'identity' | 'mail' | 'uniqueness'): CategoryScore {
  const population = inputs.population[category];
  const lost: PointsLost[] = [];
  for (const stat of inputs.ruleStats) {
    if (ruleById(stat.ruleId).category !== category || population === 0) continue;
    const points = (100 * SEVERITY_WEIGHTS[stat.severity] * stat.affectedObjects) / population;
    if (points > 0) lost.push({ source: stat.ruleId, severity: stat.severity, affected: stat.affectedObjects, points: round1(points) });
  }
  lost.sort((a, b) => b.points - a.points || compareCodeUnits(a.source, b.source));
  const total = lost.reduce((s, l) => s + l.points, 0);
  return {
    category,
    title: CATEGORY_TITLES[category],
    score: population === 0 ? null : round1(Math.max(0, 100 - total)),
    weight: CATEGORY_WEIGHTS[category],
    lost,
  };
}

function infrastructureCategory(checks: readonly ScoredCheck[]): CategoryScore {
  const scored = checks.filter((c) => CHECK_STATUS_VALUE[c.status] !== undefined && c.weight > 0);
  const totalWeight = scored.reduce((s, c) => s + c.weight, 0);
  const lost: PointsLost[] = scored
    .filter((c) => CHECK_STATUS_VALUE[c.status]! < 1)
    .map((c) => ({ source: c.id, points: round1((100 * c.weight * (1 - CHECK_STATUS_VALUE[c.status]!)) / totalWeight) }));
  const earned = scored.reduce((s, c) => s + c.weight * CHECK_STATUS_VALUE[c.status]!, 0);
  return {
    category: 'infrastructure',
    title: CATEGORY_TITLES.infrastructure,
    score: totalWeight === 0 ? null : round1((100 * earned) / totalWeight),
    weight: CATEGORY_WEIGHTS.infrastructure,
    lost,
  };
}

export function computeScores(inputs: ScoreInputs): Scores {
  const categories: CategoryScore[] = [
    ruleCategory(inputs, 'identity'),
    ruleCategory(inputs, 'mail'),
    ruleCategory(inputs, 'uniqueness'),
    infrastructureCategory(inputs.checks),
    {
      category: 'checklist',
      title: CATEGORY_TITLES.checklist,
      score: inputs.checklistProgress === undefined ? null : round1(100 * inputs.checklistProgress),
      weight: CATEGORY_WEIGHTS.checklist,
      lost: [],
    },
  ];
  const assessed = categories.filter((c) => c.score !== null);
  const weight = assessed.reduce((s, c) => s + c.weight, 0);
  const overall = weight === 0 ? 100 : assessed.reduce((s, c) => s + c.weight * c.score!, 0) / weight;
  const blockers = inputs.ruleStats.filter((s) => s.severity === 'blocker').reduce((n, s) => n + s.findings, 0);
  return { overall: round1(overall), blockers, categories };
}

/** The overall score from category scores (null = not assessed), as computeScores weighs them. */
export function overallOf(scores: Readonly<Record<string, number | null | undefined>>): number {
  const assessed = (Object.keys(CATEGORY_WEIGHTS) as ScoreCategory[]).filter((c) => scores[c] !== null && scores[c] !== undefined);
  const weight = assessed.reduce((s, c) => s + CATEGORY_WEIGHTS[c], 0);
  return weight === 0 ? 100 : round1(assessed.reduce((s, c) => s + CATEGORY_WEIGHTS[c] * scores[c]!, 0) / weight);
}
