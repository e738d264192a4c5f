import type { RollupRow } from '../store/findings-grid.ts';
import type { FindingRow } from '../store/row-inserter.ts';

/**
 * Findings per OU, class, rule, severity and errorType, counted as the run stores them: the
 * findings grid's roll-up, ready when the run ends instead of grouping every finding then.
 */
export class FindingsRollup {
  private readonly counts = new Map<string, RollupRow>();

  count(f: FindingRow): void {
    // The rule names the attribute and errorType, so the key need not repeat the errorType.
    const key = `${f.ou}\u0000${f.objectClass}\u0000${f.ruleId}\u0000${f.severity}`;
    const row = this.counts.get(key);
    if (row) row.findings++;
    else this.counts.set(key, { ou: f.ou, objectClass: f.objectClass, ruleId: f.ruleId, severity: f.severity, errorType: f.errorType, findings: 1 });
  }

  rows(): RollupRow[] {
    return [...this.counts.values()];
  }
}
