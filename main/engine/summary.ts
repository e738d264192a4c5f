import type { ObjectKind, Severity } from '../../shared/findings.ts';
import { ruleById } from '../../shared/rules/catalogue.ts';
import { EXCLUSION_REASONS, type ExclusionReason } from '../../shared/rules/scope.ts';
import { CATEGORY_DENOMINATORS, CATEGORY_WEIGHTS, computeScores, SEVERITY_WEIGHTS, type RuleStat, type Scores } from '../../shared/scoring.ts';
import type { AssessmentOptions } from './assess.ts';
import type { CompletenessSummary } from './completeness.ts';
import type { DirectoryCheck } from './infrastructure.ts';
import type { DirectoryEvidence } from '../directory/ldap/discover.ts';
import { tldListInfo, type TldListInfo } from './routing.ts';

export interface SourceDescriptor {
  kind: 'ldif' | 'csv' | 'sample' | 'ldap';
  label: string;
  path?: string;
  bytes?: number;
  sha256?: string;
  /**
   * The moment the data describes (ISO 8601): when the export file was last written, the sample's
   * fixed date, or when a live scan was opened. Account ages (stale logons) are counted back from
   * it, so an export assessed months later reads as it did on the day it was taken.
   */
  asOf: string;
  /** Live sources: where and how (never the password). */
  host?: string;
  port?: number;
  security?: string;
  bindUser?: string;
  globalCatalog?: boolean;
  bases?: string[];
  excludes?: string[];
}

export interface AssessmentSummary {
  objects: number;
  inScope: number;
  excluded: number;
  ignoredEntries: number;
  mailEnabled: number;
  byClass: Record<ObjectKind, { objects: number; inScope: number }>;
  excludedByReason: { reason: ExclusionReason; description: string; objects: number }[];
  findings: number;
  blockers: number;
  readyToSynchronize: boolean;
  bySeverity: Record<Severity, number>;
  byErrorType: Record<string, number>;
  byRule: (RuleStat & { title: string; attribute: string; errorType: string })[];
  scores: Record<string, number | null>;
  scoreModel: {
    severityWeights: typeof SEVERITY_WEIGHTS;
    categoryWeights: typeof CATEGORY_WEIGHTS;
    denominators: typeof CATEGORY_DENOMINATORS;
    details: Scores;
  };
  mailCompleteness: CompletenessSummary;
  directoryChecks: DirectoryCheck[];
  /** RootDSE, configuration and schema facts, when the source was a live directory. */
  directory: DirectoryEvidence | null;
  tldList: TldListInfo;
  cloud: string;
  /** Share of the Assess-phase checklist done (0..1), or null while nothing in it is assessable. */
  checklistProgress: number | null;
  tenantDomains: string[];
  routableSuffixes: string[];
  durationMs: number;
}

export interface SummaryInputs {
  descriptor: SourceDescriptor;
  options: AssessmentOptions;
  counts: { ignored: number; inScope: number; excluded: number; mailEnabled: number; byClass: Record<ObjectKind, [number, number]> };
  excludedReasons: Map<string, number>;
  ruleStats: RuleStat[];
  completeness: CompletenessSummary;
  checks: DirectoryCheck[];
  evidence?: DirectoryEvidence;
  durationMs: number;
  tool: { name: string; version: string };
}

export function buildSummary(i: SummaryInputs): AssessmentSummary {
  const { counts, ruleStats } = i;
  const identityPopulation = counts.byClass.user[1] + counts.byClass.contact[1];
  const scores = computeScores({
    ruleStats,
    population: { identity: identityPopulation, mail: counts.mailEnabled, uniqueness: counts.inScope },
    checks: i.checks,
  });
  const bySeverity: Record<Severity, number> = { blocker: 0, error: 0, warning: 0, info: 0 };
  const byErrorType: Record<string, number> = {};
  let findings = 0;
  for (const s of ruleStats) {
    findings += s.findings;
    bySeverity[s.severity] += s.findings;
    const errorType = ruleById(s.ruleId).errorType;
    byErrorType[errorType] = (byErrorType[errorType] ?? 0) + s.findings;
  }
  const byClass = Object.fromEntries(
    Object.entries(counts.byClass).map(([k, [objects, inScope]]) => [k, { objects, inScope }]),
  ) as AssessmentSummary['byClass'];
  return {
    objects: counts.inScope + counts.excluded,
    inScope: counts.inScope,
    excluded: counts.excluded,
    ignoredEntries: counts.ignored,
    mailEnabled: counts.mailEnabled,
    byClass,
    excludedByReason: [...i.excludedReasons.entries()]
      .map(([reason, objects]) => ({ reason: reason as ExclusionReason, description: EXCLUSION_REASONS[reason as ExclusionReason], objects }))
      .sort((a, b) => b.objects - a.objects),
    findings,
    blockers: scores.blockers,
    readyToSynchronize: scores.blockers === 0,
    bySeverity,
    byErrorType,
    byRule: ruleStats.map((s) => {
      const rule = ruleById(s.ruleId);
      return { ...s, title: rule.title, attribute: rule.attribute, errorType: rule.errorType };
    }),
    scores: {
      overall: scores.overall,
      ...Object.fromEntries(scores.categories.map((c) => [c.category, c.score])),
    },
    scoreModel: { severityWeights: SEVERITY_WEIGHTS, categoryWeights: CATEGORY_WEIGHTS, denominators: CATEGORY_DENOMINATORS, details: scores },
    mailCompleteness: i.completeness,
    directoryChecks: i.checks,
    directory: i.evidence ?? null,
    tldList: tldListInfo(),
    cloud: i.options.cloud,
    checklistProgress: null,
    tenantDomains: i.options.ctx.tenantDomains.slice(),
    routableSuffixes: i.options.ctx.routableSuffixes.slice(),
    durationMs: i.durationMs,
  };
}

/** The same scores once the checklist is known: its progress is the fifth category (domain.md §7). */
export function rescoreWithChecklist(summary: AssessmentSummary, progress: number | undefined): void {
  const scores = computeScores({
    ruleStats: summary.byRule,
    population: { identity: summary.byClass.user.inScope + summary.byClass.contact.inScope, mail: summary.mailEnabled, uniqueness: summary.inScope },
    checks: summary.directoryChecks,
    checklistProgress: progress,
  });
  summary.scores = { overall: scores.overall, ...Object.fromEntries(scores.categories.map((c) => [c.category, c.score])) };
  summary.scoreModel.details = scores;
  summary.checklistProgress = progress ?? null;
}
