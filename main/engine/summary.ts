import type { ObjectKind, Severity } from '../../shared/findings.ts';
import { ruleById, rulesReading } from '../../shared/rules/catalogue.ts';
import { EXCLUSION_REASONS, type ExclusionReason } from '../../shared/rules/scope.ts';
import { CATEGORY_DENOMINATORS, CATEGORY_WEIGHTS, computeScores, SEVERITY_WEIGHTS, type RuleStat, type Scores } from '../../shared/scoring.ts';
import type { AssessmentOptions } from './options.ts';
import type { CompletenessSummary } from './completeness.ts';
import type { DirectoryCheck } from './infrastructure.ts';
import type { DirectoryEvidence, SourceDescriptor } from '../directory/source.ts';
import { tldListInfo, type TldListInfo } from './routing.ts';

export type { SourceDescriptor } from '../directory/source.ts';

/**
 * One source of a run (a forest's export, a DC…) with what it contributed: its objects have the
 * consecutive ids from `firstObjectId` on, so every finding and excluded object is labelled with
 * its source without a column of its own.
 */
export interface SourceSummary extends SourceDescriptor {
  id: number;
  firstObjectId: number;
  objects: number;
  inScope: number;
  excluded: number;
  ignoredEntries: number;
  mailEnabled: number;
  findings: number;
  blockers: number;
  evidence?: DirectoryEvidence | null;
  /** Attributes (as LDAP spells them) that none of its in-scope objects holds, though some are of a class that should. */
  notCarried?: string[];
}

/** The id of the source an object was read from (sources hold consecutive ranges of object ids, in order). */
export function sourceOfObject(sources: readonly Pick<SourceSummary, 'id' | 'firstObjectId'>[], objectId: number): number {
  for (let i = sources.length - 1; i > 0; i--) if (objectId >= sources[i]!.firstObjectId) return sources[i]!.id;
  return sources[0]?.id ?? 1;
}

/** A source as it describes itself, without what the run counted of it. */
const COUNTED: ReadonlySet<string> = new Set(['id', 'firstObjectId', 'objects', 'inScope', 'excluded', 'ignoredEntries', 'mailEnabled', 'findings', 'blockers', 'evidence', 'notCarried']);
export function descriptorOf(s: SourceSummary): SourceDescriptor {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !COUNTED.has(k))) as unknown as SourceDescriptor;
}

/**
 * What the data can answer (domain.md §8). "not-assessed": no user, contact or group was read, so
 * there is no score and never "ready"; "incomplete": more than 1 % of the entries carry no
 * objectClass, so the score covers only the rest and the run is not called ready either.
 */
export interface Readiness {
  status: 'assessed' | 'not-assessed' | 'incomplete';
  /** In words, for every place that shows the verdict (CLI, findings.json, Dashboard, PDF). */
  reason: string | null;
}

const INCOMPLETE_SHARE = 0.01;

/** The export left out attributes rules read: those rules were not assessed (domain.md §8). */
export interface LeftOut {
  attributes: string[];
  rules: number;
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export const EXPORT_COMMAND_HINT = "the command line's --help (npm run assess -- --help) prints export commands that write every attribute the rules read";

export function readinessOf(objects: number, entries: number, unreadable: number, leftOut?: LeftOut): Readiness {
  const noClass = unreadable > 0 ? ` ${unreadable.toLocaleString('en-US')} of the ${entries.toLocaleString('en-US')} entries carry no objectClass, so nothing can be told of them.` : '';
  if (objects === 0) {
    const what = entries === 0 ? 'The input holds no entry at all' : entries === 1 ? 'The one entry read is not a user, contact or group' : `None of the ${entries.toLocaleString('en-US')} entries read is a user, contact or group`;
    return {
      status: 'not-assessed',
      reason: `Not assessed: no user, contact or group was read. ${what}.${noClass} Was the configuration partition exported instead of the domain, the search base empty, or the filter wrong?`,
    };
  }
  const parts: string[] = [];
  if (unreadable > entries * INCOMPLETE_SHARE) {
    parts.push(`${noClass} The scores cover the ${objects.toLocaleString('en-US')} users, contacts and groups that could be read; export objectClass with every entry.`);
  }
  if (leftOut && leftOut.rules > 0) {
    parts.push(
      ` The export left out ${listInWords(leftOut.attributes)}, so ${leftOut.rules} rule${leftOut.rules === 1 ? ' was' : 's were'} not assessed (not passed) and the scores cover only the rest; ${EXPORT_COMMAND_HINT}.`,
    );
  }
  return parts.length === 0 ? { status: 'assessed', reason: null } : { status: 'incomplete', reason: `Incomplete:${parts.join('')}` };
}

export interface Coverage {
  /** Rules not assessed for the objects of at least one source, whose export left out what they read. */
  notAssessedRules: string[];
  /** In words, one per source that left something out; shown wherever the readiness is (CLI, findings.json, Dashboard, PDF). */
  notes: string[];
}

/** What each source could not say, in words, and the rules that could not be assessed because of it. */
export function coverageOf(sources: readonly SourceSummary[]): Coverage & { leftOut: LeftOut } {
  const notAssessed = new Set<string>();
  const leftOutAttributes = new Set<string>();
  const notes: string[] = [];
  for (const s of sources) {
    const notExported = s.notExported ?? [];
    if (notExported.length > 0) {
      const rules = rulesReading(new Set(notExported.map((a) => a.toLowerCase())));
      for (const r of rules) notAssessed.add(r);
      const ruleAttributes = notExported.filter((a) => rulesReading(new Set([a.toLowerCase()])).length > 0);
      const others = notExported.filter((a) => !ruleAttributes.includes(a));
      for (const a of ruleAttributes) leftOutAttributes.add(a);
      const parts: string[] = [];
      if (ruleAttributes.length > 0) parts.push(`${listInWords(ruleAttributes)}, so ${rules.length} rule${rules.length === 1 ? ' is' : 's are'} not assessed for its objects`);
      if (others.length > 0) parts.push(`${listInWords(others)}, which the scope and directory checks read`);
      notes.push(`${s.label} has no column for ${parts.join('; nor for ')}. ${capitalize(EXPORT_COMMAND_HINT)}.`);
    }
    if (s.notCarried && s.notCarried.length > 0) {
      notes.push(`No object in ${s.label} carries ${listInWords(s.notCarried)}: ${s.notCarried.length === 1 ? 'was it' : 'were they'} exported?`);
    }
  }
  const notAssessedRules = [...notAssessed].sort();
  return { notAssessedRules, notes, leftOut: { attributes: [...leftOutAttributes], rules: notAssessedRules.length } };
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export interface AssessmentSummary {
  /** The sources read, in order, each with its own counts (one for most runs). */
  sources: SourceSummary[];
  /** Whether the data could say how ready the directory is; a score and "ready" only when it could. */
  readiness: Readiness;
  /** What the sources could not say: rules not assessed for lack of an attribute, and attributes no object carries. */
  coverage: Coverage;
  /** Entries with no objectClass: counted, and the first few named. */
  unreadableEntries: number;
  unreadableExamples: string[];
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
  /** RootDSE, configuration and schema facts of the first live directory read. */
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
  sources: SourceSummary[];
  options: AssessmentOptions;
  counts: { ignored: number; unreadable: number; unreadableDns: string[]; inScope: number; excluded: number; mailEnabled: number; byClass: Record<ObjectKind, [number, number]> };
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
  const objects = counts.inScope + counts.excluded;
  const { leftOut, ...coverage } = coverageOf(i.sources);
  const readiness = readinessOf(objects, objects + counts.ignored + counts.unreadable, counts.unreadable, leftOut);
  return {
    sources: i.sources,
    readiness,
    coverage,
    unreadableEntries: counts.unreadable,
    unreadableExamples: counts.unreadableDns,
    objects,
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
    readyToSynchronize: readiness.status === 'assessed' && scores.blockers === 0,
    bySeverity,
    byErrorType,
    byRule: ruleStats.map((s) => {
      const rule = ruleById(s.ruleId);
      return { ...s, title: rule.title, attribute: rule.attribute, errorType: rule.errorType };
    }),
    scores: {
      overall: readiness.status === 'not-assessed' ? null : scores.overall,
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
  // Nothing read is never a score (domain.md §8), whatever the checklist's progress.
  summary.scores = { overall: summary.readiness.status === 'not-assessed' ? null : scores.overall, ...Object.fromEntries(scores.categories.map((c) => [c.category, c.score])) };
  summary.scoreModel.details = scores;
  summary.checklistProgress = progress ?? null;
}
