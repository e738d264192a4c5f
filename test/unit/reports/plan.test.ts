import { describe, expect, it } from 'vitest';
import { planOf, workInWords } from '../../../shared/plan.ts';

describe('the plan a run implies', () => {
  const categories = [
    { score: 90, weight: 0.3, lost: [{ source: 'userprincipalname.topleveldomain', points: 6 }, { source: 'userprincipalname.character', points: 4 }] },
    { score: 80, weight: 0.25, lost: [{ source: 'mailnickname.blank', points: 20 }] },
    { score: 99, weight: 0.25, lost: [{ source: 'mail.duplicate', points: 1 }] },
    { score: null, weight: 0.1, lost: [] },
    { score: 50, weight: 0.1, lost: [] },
  ];
  const byRule = [
    { ruleId: 'userprincipalname.topleveldomain', severity: 'error' as const, affectedObjects: 60, findings: 60, suggested: 0 },
    { ruleId: 'userprincipalname.character', severity: 'blocker' as const, affectedObjects: 40, findings: 40, suggested: 40 },
    { ruleId: 'mailnickname.blank', severity: 'error' as const, affectedObjects: 200, findings: 200, suggested: 200 },
    { ruleId: 'mail.duplicate', severity: 'blocker' as const, affectedObjects: 2, findings: 2, suggested: 0 },
    { ruleId: 'samaccountname.length', severity: 'warning' as const, affectedObjects: 3, findings: 3 },
    { ruleId: 'samaccountname.length', severity: 'error' as const, affectedObjects: 2, findings: 2 },
  ];

  it('puts what blocks synchronization first, then orders by points regained per object', () => {
    const plan = planOf(byRule, categories, new Map([['mailnickname.blank', 150]]));
    expect(plan.map((p) => p.ruleId)).toEqual(['mail.duplicate', 'userprincipalname.character', 'userprincipalname.topleveldomain', 'mailnickname.blank', 'samaccountname.length']);
    expect(plan.map((p) => p.blocksSync)).toEqual([true, true, false, false, false]);
    // Lost category points come back weighted as the overall mean weighs the assessed categories (0.9 of weight).
    expect(plan.find((p) => p.ruleId === 'mailnickname.blank')).toMatchObject({ points: 5.56, decided: 150, objects: 200 });
    // One rule found at two severities is one fix, at its worst severity.
    expect(plan.find((p) => p.ruleId === 'samaccountname.length')).toMatchObject({ severity: 'error', objects: 3, findings: 5 });
  });

  it('estimates the work: a quarter of an hour per fix, half a minute per suggested object, four per other', () => {
    const plan = planOf(byRule, categories);
    expect(plan.find((p) => p.ruleId === 'userprincipalname.character')!.minutes).toBe(15 + 40 * 0.5);
    expect(plan.find((p) => p.ruleId === 'userprincipalname.topleveldomain')!.minutes).toBe(15 + 60 * 4);
    expect([workInWords(35), workInWords(255), workInWords(60 * 40)]).toEqual(['about 35 minutes', 'about 4.3 hours', 'about 5 working days']);
  });
});
