import { compareCodeUnits } from '../../shared/compare.ts';
import type { Severity } from '../../shared/findings.ts';
import type { RuleStat } from '../../shared/scoring.ts';

/** Findings and distinct affected objects per (rule, severity): what the scores are made of. */
export class RuleStats {
  private readonly stats = new Map<string, { ruleId: string; severity: Severity; findings: number; affected: number; suggested: number; last: number; objects?: Set<number> }>();

  /** `suggested`: the finding comes with a value that fixes it (the plan's estimate of the work counts them). */
  count(objectId: number, ruleId: string, severity: Severity, suggested = false): void {
    const key = `${ruleId}|${severity}`;
    let s = this.stats.get(key);
    if (!s) this.stats.set(key, (s = { ruleId, severity, findings: 0, affected: 0, suggested: 0, last: -1 }));
    s.findings++;
    if (suggested) s.suggested++;
    // Per-object rules arrive object by object; duplicates arrive group by group, so they need a set.
    if (ruleId.endsWith('.duplicate')) {
      (s.objects ??= new Set()).add(objectId);
      s.affected = s.objects.size;
    } else if (s.last !== objectId) {
      s.affected++;
      s.last = objectId;
    }
  }

  list(): RuleStat[] {
    return [...this.stats.values()]
      .map(({ ruleId, severity, findings, affected, suggested }) => ({ ruleId, severity, findings, affectedObjects: affected, suggested }))
      .sort((a, b) => compareCodeUnits(a.ruleId, b.ruleId) || compareCodeUnits(a.severity, b.severity));
  }
}
