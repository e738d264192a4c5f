import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../shared/rules/catalogue.ts';
import { checklistProgress, MANUAL_STATUSES, AUTOMATIC_STATUSES } from '../../../shared/checklist.ts';
import { computeScores, overallOf, type RuleStat, type ScoredCheck } from '../../../shared/scoring.ts';
import { SEVERITIES } from '../../../shared/findings.ts';

const population = { identity: 1000, mail: 800, uniqueness: 1200 };
const stat = fc.record({
  ruleId: fc.constantFrom(...RULES.map((r) => r.ruleId)),
  severity: fc.constantFrom(...SEVERITIES),
  affectedObjects: fc.integer({ min: 0, max: 400 }),
});
const checks: ScoredCheck[] = [
  { id: 'a', status: 'pass', weight: 1 },
  { id: 'b', status: 'warn', weight: 2 },
  { id: 'c', status: 'not-assessed', weight: 1 },
];

const withFindings = (s: Omit<RuleStat, 'findings'>[]): RuleStat[] => s.map((x) => ({ ...x, findings: x.affectedObjects }));

describe('scores (domain.md §7)', () => {
  it('are 100 with no findings and every assessed check passing; categories without evidence are left out', () => {
    const s = computeScores({ ruleStats: [], population, checks: [{ id: 'a', status: 'pass', weight: 1 }] });
    expect(s.overall).toBe(100);
    expect(s.categories.find((c) => c.category === 'checklist')?.score).toBeNull();
  });

  it('explain every lost point: rule, severity, affected objects, weight', () => {
    const s = computeScores({ ruleStats: withFindings([{ ruleId: 'userprincipalname.character', severity: 'blocker', affectedObjects: 50 }]), population, checks });
    const identity = s.categories.find((c) => c.category === 'identity')!;
    expect(identity.lost).toEqual([{ source: 'userprincipalname.character', severity: 'blocker', affected: 50, points: 5 }]);
    expect(identity.score).toBe(95);
    expect(s.categories.find((c) => c.category === 'infrastructure')).toMatchObject({ score: 66.7, lost: [{ source: 'b', points: 33.3 }] });
    expect(s.blockers).toBe(50);
  });

  it('property: monotonic (fixing findings never lowers a score) and stable (same data, same score)', () => {
    fc.assert(
      fc.property(fc.array(stat, { maxLength: 25 }), fc.array(fc.nat({ max: 400 }), { maxLength: 25 }), (stats, fixes) => {
        const before = computeScores({ ruleStats: withFindings(stats), population, checks });
        const fixed = stats.map((s, i) => ({ ...s, affectedObjects: Math.max(0, s.affectedObjects - (fixes[i] ?? 0)) }));
        const after = computeScores({ ruleStats: withFindings(fixed), population, checks });
        expect(after.overall).toBeGreaterThanOrEqual(before.overall);
        for (const [i, c] of after.categories.entries()) expect(c.score ?? 0).toBeGreaterThanOrEqual(before.categories[i]!.score ?? 0);
        expect(computeScores({ ruleStats: withFindings(stats), population, checks })).toEqual(before);
        for (const c of before.categories) if (c.score !== null) expect(c.score).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('checklist progress is the fifth category: done counts whole, under way half, not applicable left out; more done never lowers the overall', () => {
    expect(checklistProgress(['done', 'in-progress', 'not-started', 'not-applicable', 'pass', 'warn', 'fail', 'not-assessed'])).toBeCloseTo(3 / 6);
    expect(checklistProgress(['not-applicable', 'not-assessed'])).toBeUndefined();
    fc.assert(
      fc.property(fc.array(stat, { maxLength: 10 }), fc.array(fc.constantFrom(...MANUAL_STATUSES, ...AUTOMATIC_STATUSES), { maxLength: 30 }), (stats, statuses) => {
        const progress = checklistProgress(statuses);
        const scores = computeScores({ ruleStats: withFindings(stats), population, checks, checklistProgress: progress });
        // What the app recomputes after a manual item changes is what computeScores gives.
        expect(overallOf(Object.fromEntries(scores.categories.map((c) => [c.category, c.score])))).toBe(scores.overall);
        const moreDone = statuses.map((s) => (s === 'not-started' ? 'done' : s));
        expect(computeScores({ ruleStats: withFindings(stats), population, checks, checklistProgress: checklistProgress(moreDone) }).overall).toBeGreaterThanOrEqual(scores.overall);
      }),
      { numRuns: 300 },
    );
  });

  it('every catalogue entry is complete and its id is attribute.errorType', () => {
    for (const r of RULES) {
      expect(r.ruleId).toBe(`${r.ruleId.split('.')[0]}.${r.errorType}`);
      for (const field of [r.title, r.why, r.fix, r.docRef]) expect(field.length).toBeGreaterThan(5);
      expect(r.docRef).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    }
    expect(new Set(RULES.map((r) => r.ruleId)).size).toBe(RULES.length);
  });
});
