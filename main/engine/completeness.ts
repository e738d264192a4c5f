import type { ObjectKind } from '../../shared/findings.ts';
import { attributeDisplayName } from '../../shared/directory-object.ts';
import { detach } from '../../shared/detach.ts';
import { COMPLETENESS_ATTRIBUTES, type CompletenessAttribute } from '../../shared/rules/object-checks.ts';

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

/**
 * The counts as plain data, to cross from a worker to the run: OUs in order of first appearance
 * and, for each, `CELLS_PER_OU` numbers (total then complete, per class, per attribute).
 */
export interface CompletenessCounts {
  ous: string[];
  counts: Uint32Array;
}

const KINDS: readonly ObjectKind[] = ['user', 'contact', 'group'];
const KIND_INDEX: Record<ObjectKind, number> = { user: 0, contact: 1, group: 2 };
const ATTRIBUTES = COMPLETENESS_ATTRIBUTES.length;
const CELLS_PER_OU = KINDS.length * ATTRIBUTES * 2;

/** Counts in one typed array, indexed by OU, class and attribute: a million objects add without allocating. */
export class CompletenessAggregator {
  private readonly slots = new Map<string, number>();
  private readonly ous: string[] = [];
  private counts = new Uint32Array(64 * CELLS_PER_OU);

  add(kind: ObjectKind, ou: string, result: Partial<Record<CompletenessAttribute, boolean>>): void {
    const base = this.slotOf(ou) + KIND_INDEX[kind] * ATTRIBUTES * 2;
    const counts = this.counts;
    for (let a = 0; a < ATTRIBUTES; a++) {
      const ok = result[COMPLETENESS_ATTRIBUTES[a]!];
      if (ok === undefined) continue;
      counts[base + 2 * a]!++;
      if (ok) counts[base + 2 * a + 1]!++;
    }
  }

  /** Adds counts made elsewhere (a block read by a worker). */
  merge(from: CompletenessCounts): void {
    for (let i = 0; i < from.ous.length; i++) {
      const base = this.slotOf(from.ous[i]!);
      for (let c = 0; c < CELLS_PER_OU; c++) this.counts[base + c]! += from.counts[i * CELLS_PER_OU + c]!;
    }
  }

  counted(): CompletenessCounts {
    return { ous: [...this.ous], counts: this.counts.slice(0, this.ous.length * CELLS_PER_OU) };
  }

  /** One row per OU, class and attribute that applied to at least one object. */
  rows(): CompletenessRow[] {
    const rows: CompletenessRow[] = [];
    this.ous.forEach((ou, i) => {
      KINDS.forEach((kind, k) => {
        COMPLETENESS_ATTRIBUTES.forEach((attribute, a) => {
          const at = i * CELLS_PER_OU + (k * ATTRIBUTES + a) * 2;
          const total = this.counts[at]!;
          if (total > 0) rows.push({ attribute: attributeDisplayName(attribute), objectClass: kind, ou, total, complete: this.counts[at + 1]! });
        });
      });
    });
    return rows;
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

  /** Offset of an OU's counts, adding the OU (a copy of its name: see detach.ts) on first sight. */
  private slotOf(ou: string): number {
    let slot = this.slots.get(ou);
    if (slot === undefined) {
      slot = this.ous.length * CELLS_PER_OU;
      const own = detach(ou);
      this.slots.set(own, slot);
      this.ous.push(own);
      if (slot + CELLS_PER_OU > this.counts.length) {
        const grown = new Uint32Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
    }
    return slot;
  }
}
