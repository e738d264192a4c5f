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
  /** The group's size when its findings were stored; -1 before. */
  named: number;
}

/** A holder's findings to store, or to correct: its group, how many hold the value, and a few of the others. */
export interface HolderReport {
  holder: Holder;
  groupId: number;
  holders: number;
  relatedDns: string[];
}

/** A duplicated value and all its holders, written once for the whole run (findings.json's duplicateGroups). */
export interface Group {
  id: number;
  /** The namespace and comparison key of the value. */
  key: string;
  holders: Map<number, Holder>;
}

/**
 * A finding names at most this many of the other holders: one value held by 1,533 objects made
 * every holder's finding list every other holder (2.35 million DNs, 260 MB of output); the group,
 * with all its holders, is written once instead.
 */
export const RELATED_DNS_SHOWN = 5;

/**
 * The objects holding each duplicated value, grouped by the value itself (its namespace and
 * comparison key) while the run streams. A group's findings are stored as soon as it has two
 * holders, so the writer stores them along with the rest instead of all at the end of the run; a
 * holder that joins later gets its findings then, and the earlier holders' findings are corrected
 * with the group's final size once every holder is known (`stale`). In real directories most
 * groups are pairs; a few placeholder values have thousands of holders.
 */
export class DuplicateGroups {
  private readonly groups = new Map<string, Group>();
  private readonly touched = new Set<Group>();
  /** Groups that grew after some of their findings were stored. */
  private readonly grown = new Set<Group>();
  private nextId = 1;

  /** Records that the object holds (attribute, value), whose comparison key is `groupKey`. */
  hold(groupKey: string, holder: Omit<Holder, 'held' | 'named'>, attribute: string, value: string): void {
    let group = this.groups.get(groupKey);
    if (!group) this.groups.set(groupKey, (group = { id: 0, key: groupKey, holders: new Map() }));
    let h = group.holders.get(holder.objectId);
    if (!h) group.holders.set(holder.objectId, (h = { ...holder, held: [], named: -1 }));
    if (!h.held.some(([a, v]) => a === attribute && v === value)) h.held.push([attribute, value]);
    this.touched.add(group);
  }

  /** The holders of groups that have two or more and whose findings are not stored yet, since the last call. */
  *newlyDuplicated(): Generator<HolderReport> {
    for (const group of this.touched) {
      if (group.holders.size < 2) continue;
      if (group.id === 0) group.id = this.nextId++;
      for (const h of group.holders.values()) {
        if (h.named >= 0) {
          if (h.named < group.holders.size) this.grown.add(group);
          continue;
        }
        h.named = group.holders.size;
        yield report(group, h);
      }
    }
    this.touched.clear();
  }

  /** The holders whose stored findings were written when their group was smaller than it is now. */
  *stale(): Generator<HolderReport> {
    for (const group of this.grown) {
      for (const h of group.holders.values()) {
        if (h.named >= 0 && h.named < group.holders.size) {
          h.named = group.holders.size;
          yield report(group, h);
        }
      }
    }
    this.grown.clear();
  }

  /** Every group of two or more holders, in the order they became duplicates. */
  *all(): Generator<Group> {
    const groups = [...this.groups.values()].filter((g) => g.id > 0).sort((a, b) => a.id - b.id);
    yield* groups;
  }
}

/** A few of the other holders (the first to hold the value), sorted: O(1) per holder, whatever the group's size. */
function report(group: Group, h: Holder): HolderReport {
  const dns: string[] = [];
  for (const other of group.holders.values()) {
    if (other === h) continue;
    dns.push(other.dn);
    if (dns.length === RELATED_DNS_SHOWN) break;
  }
  return { holder: h, groupId: group.id, holders: group.holders.size, relatedDns: dns.sort() };
}
