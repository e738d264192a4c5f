import type { ObjectKind } from '../../shared/findings.ts';
import { attributeDisplayName } from '../../shared/directory-object.ts';
import { detach } from './detach.ts';
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
  /** OU → class → attribute → cell: nested maps avoid building a key string per attribute. */
  private readonly byOu = new Map<string, Map<ObjectKind, Map<string, CompletenessRow>>>();

  add(kind: ObjectKind, ou: string, result: Partial<Record<CompletenessAttribute, boolean>>): void {
    let byKind = this.byOu.get(ou);
    if (!byKind) this.byOu.set(detach(ou), (byKind = new Map()));
    let cells = byKind.get(kind);
    if (!cells) byKind.set(kind, (cells = new Map()));
    for (const attribute in result) {
      let cell = cells.get(attribute);
      if (!cell) cells.set(attribute, (cell = { attribute: attributeDisplayName(attribute), objectClass: kind, ou: detach(ou), total: 0, complete: 0 }));
      cell.total++;
      if (result[attribute as CompletenessAttribute]) cell.complete++;
    }
  }

  /** Adds cells counted elsewhere (a block read by a worker). */
  merge(rows: readonly CompletenessRow[]): void {
    for (const r of rows) {
      let byKind = this.byOu.get(r.ou);
      if (!byKind) this.byOu.set(r.ou, (byKind = new Map()));
      let cells = byKind.get(r.objectClass as ObjectKind);
      if (!cells) byKind.set(r.objectClass as ObjectKind, (cells = new Map()));
      const key = r.attribute.toLowerCase();
      const cell = cells.get(key);
      if (cell) {
        cell.total += r.total;
        cell.complete += r.complete;
      } else cells.set(key, { ...r });
    }
  }

  rows(): CompletenessRow[] {
    return [...this.byOu.values()].flatMap((byKind) => [...byKind.values()].flatMap((cells) => [...cells.values()]));
  }

  summary(): CompletenessSummary {
    const per = new Map<string, { total: number; complete: number }>();
    for (const c of this.rows()) {
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
