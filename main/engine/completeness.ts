import type { ObjectKind } from '../../shared/findings.ts';
import { attributeDisplayName } from '../../shared/directory-object.ts';
import type { CompletenessAttribute } from '../../shared/rules/object-checks.ts';

/**
 * Mail attribute completeness (domain.md §4): among mail-enabled in-scope objects, the share that
 * holds each attribute present and valid, per attribute, per object class and per OU.
 */
export interface CompletenessRow {
  attribute: string;
  objectClass: string;
  ou: string;
  total: number;
  complete: number;
}

export interface CompletenessSummary {
  /** Percentage over every applicable (object, attribute) pair; null when nothing is mail-enabled. */
  score: number | null;
  byAttribute: { attribute: string; total: number; complete: number; percent: number }[];
}

export class CompletenessAggregator {
  private readonly cells = new Map<string, CompletenessRow>();

  add(kind: ObjectKind, ou: string, result: Partial<Record<CompletenessAttribute, boolean>>): void {
    for (const [attribute, ok] of Object.entries(result)) {
      const key = `${attribute}\u0000${kind}\u0000${ou}`;
      let cell = this.cells.get(key);
      if (!cell) this.cells.set(key, (cell = { attribute: attributeDisplayName(attribute), objectClass: kind, ou, total: 0, complete: 0 }));
      cell.total++;
      if (ok) cell.complete++;
    }
  }

  rows(): CompletenessRow[] {
    return [...this.cells.values()];
  }

  summary(): CompletenessSummary {
    const per = new Map<string, { total: number; complete: number }>();
    for (const c of this.cells.values()) {
      const a = per.get(c.attribute) ?? { total: 0, complete: 0 };
      a.total += c.total;
      a.complete += c.complete;
      per.set(c.attribute, a);
    }
    const byAttribute = [...per.entries()].map(([attribute, a]) => ({
      attribute,
      ...a,
      percent: Math.round((1000 * a.complete) / a.total) / 10,
    }));
    const total = byAttribute.reduce((s, a) => s + a.total, 0);
    const complete = byAttribute.reduce((s, a) => s + a.complete, 0);
    return { score: total === 0 ? null : Math.round((1000 * complete) / total) / 10, byAttribute };
  }
}
