import { describe, expect, it } from 'vitest';
import { RuleStats } from '../../../main/engine/rule-stats.ts';
import { compareCodeUnits } from '../../../shared/compare.ts';

describe('rule statistics', () => {
  it('list rules by id, then severity, in code-unit order whatever the locale', () => {
    const stats = new RuleStats();
    stats.count(1, 'upn.topleveldomain', 'error');
    stats.count(1, 'samaccountname.duplicate', 'warning');
    stats.count(2, 'samaccountname.duplicate', 'error');
    stats.count(3, 'mail.character', 'error');
    stats.count(4, 'mail-enabled.x', 'info');
    stats.count(4, 'Mail.upper', 'info');
    const order = stats.list().map((s) => `${s.ruleId} ${s.severity}`);
    // A collator (localeCompare) would put "Mail.upper" last, after the lower-case ids.
    expect(order).toEqual(['Mail.upper info', 'mail-enabled.x info', 'mail.character error', 'samaccountname.duplicate error', 'samaccountname.duplicate warning', 'upn.topleveldomain error']);
  });

  it('compares by code unit', () => {
    expect(['b', 'B', 'a-b', 'a.b', 'a'].sort(compareCodeUnits)).toEqual(['B', 'a', 'a-b', 'a.b', 'b']);
    expect(compareCodeUnits('x', 'x')).toBe(0);
  });
});
