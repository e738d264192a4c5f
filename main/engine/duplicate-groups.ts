import type { ObjectKind } from '../../shared/findings.ts';

/** An object holding a value another object holds too, as its duplicate findings describe it. */
export interface Holder {
  objectId: number;
  dn: string;
  kind: ObjectKind;
  ou: string;
  upnValid: boolean;
  /** Its (attribute, value) pairs with the group's value: an address may be in mail and in proxyAddresses. */
  held: [attribute: string, value: string][];
  /** How many other holders its findings named when they were stored; -1 before. */
  named: number;
}

/** A holder's findings to store, or to correct, with the holders they must name. */
export interface HolderReport {
  holder: Holder;
  relatedDns: string[];
}

/**
 * The objects holding each duplicated value, grouped by the value itself (its namespace and
 * comparison key) while the run streams. A group's findings are stored as soon as it has two
 * holders, so the writer stores them along with the rest instead of all at the end of the run; a
 * holder that joins later gets its findings then, and the earlier holders' findings are corrected
 * to name it once every holder is known (`stale`). In real directories most groups are pairs.
 */
export class DuplicateGroups {
  private readonly groups = new Map<string, Map<number, Holder>>();
  private readonly touched = new Set<Map<number, Holder>>();
  /** Groups that grew after some of their findings were stored. */
  private readonly grown = new Set<Map<number, Holder>>();

  /** Records that the object holds (attribute, value), whose comparison key is `groupKey`. */
  hold(groupKey: string, holder: Omit<Holder, 'held' | 'named'>, attribute: string, value: string): void {
    let group = this.groups.get(groupKey);
    if (!group) this.groups.set(groupKey, (group = new Map()));
    let h = group.get(holder.objectId);
    if (!h) group.set(holder.objectId, (h = { ...holder, held: [], named: -1 }));
    if (!h.held.some(([a, v]) => a === attribute && v === value)) h.held.push([attribute, value]);
    this.touched.add(group);
  }

  /** The holders of groups that have two or more and whose findings are not stored yet, since the last call. */
  *newlyDuplicated(): Generator<HolderReport> {
    for (const group of this.touched) {
      if (group.size < 2) continue;
      for (const h of group.values()) {
        if (h.named >= 0) {
          if (h.named < group.size - 1) this.grown.add(group);
          continue;
        }
        h.named = group.size - 1;
        yield { holder: h, relatedDns: relatedDns(group, h) };
      }
    }
    this.touched.clear();
  }

  /** The holders whose stored findings name fewer holders than their group now has. */
  *stale(): Generator<HolderReport> {
    for (const group of this.grown) {
      for (const h of group.values()) {
        if (h.named >= 0 && h.named < group.size - 1) {
          h.named = group.size - 1;
          yield { holder: h, relatedDns: relatedDns(group, h) };
        }
      }
    }
    this.grown.clear();
  }
}

function relatedDns(group: Map<number, Holder>, h: Holder): string[] {
  const dns: string[] = [];
  for (const other of group.values()) if (other !== h) dns.push(other.dn);
  return dns.sort();
}
