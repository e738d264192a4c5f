import type { ObjectKind } from '../../shared/findings.ts';
import type { ExclusionReason } from '../../shared/rules/scope.ts';
import { CompletenessAggregator, type CompletenessRow } from './completeness.ts';
import { DomainOf, newTally, tally, type InfraTally } from './infrastructure.ts';
import type { ObjectOutcome } from './object-outcome.ts';

/**
 * A block of consecutive entries, summarized where it was read: counts and tallies merge into the
 * run; the hashes of unique values travel as one typed array; clean objects travel as one spill
 * string; only objects a person will open (findings, exclusions) travel as rows. This keeps what
 * crosses from a worker to the run small, whatever the number of objects.
 */
export interface BlockData {
  entries: number;
  objects: number;
  ignored: number;
  inScope: number;
  excluded: number;
  mailEnabled: number;
  byClass: Record<ObjectKind, [number, number]>;
  excludedReasons: [ExclusionReason, number][];
  completeness: CompletenessRow[];
  infra: InfraTally;
  /** Triples: object index within the block, hash high, hash low. */
  hashes: Uint32Array;
  /** Clean objects: their texts concatenated, with each one's block index and UTF-8 length. */
  spillText: string;
  spillIndexes: Uint32Array;
  spillLengths: Uint32Array;
  rows: StoredObject[];
}

/** An object stored with its snapshot and findings; `index` is its place in the block. */
export type StoredObject = Pick<ObjectOutcome, 'dn' | 'kind' | 'ou' | 'excludedReason' | 'mailEnabled' | 'upnValid' | 'findings'> & {
  index: number;
  snapshot: string;
  uniqueText: string | null;
};

/** What the spill keeps of a clean object: enough to store it if it proves to hold a duplicate. */
export type SpilledObject = [dn: string, kind: ObjectKind, ou: string, mailEnabled: boolean, uniqueText: string];

export class BlockBuilder {
  private entries = 0;
  private objects = 0;
  private ignored = 0;
  private inScope = 0;
  private excluded = 0;
  private mailEnabled = 0;
  private readonly byClass: Record<ObjectKind, [number, number]> = { user: [0, 0], contact: [0, 0], group: [0, 0] };
  private readonly excludedReasons = new Map<ExclusionReason, number>();
  private readonly completeness = new CompletenessAggregator();
  private readonly infra = newTally();
  private readonly domains: DomainOf;
  private hashes: number[] = [];
  private spill: string[] = [];
  private spillIndexes: number[] = [];
  private spillLengths: number[] = [];
  private rows: StoredObject[] = [];

  constructor(domains = new DomainOf()) {
    this.domains = domains;
  }

  get size(): number {
    return this.entries;
  }

  add(o: ObjectOutcome | undefined): void {
    this.entries++;
    if (!o) {
      this.ignored++;
      return;
    }
    const index = this.objects++;
    const inScope = o.excludedReason === null;
    this.byClass[o.kind][0]++;
    tally(this.infra, this.domains.get(o.dn), o.dn, inScope, o.facts);
    if (!inScope) {
      this.excluded++;
      this.excludedReasons.set(o.excludedReason!, (this.excludedReasons.get(o.excludedReason!) ?? 0) + 1);
    } else {
      this.inScope++;
      this.byClass[o.kind][1]++;
      if (o.mailEnabled) this.mailEnabled++;
      if (o.completeness) this.completeness.add(o.kind, o.ou, o.completeness);
      for (let i = 0; i < o.hashes.length; i += 2) this.hashes.push(index, o.hashes[i]!, o.hashes[i + 1]!);
    }
    if (o.snapshot === null) {
      const text = JSON.stringify([o.dn, o.kind, o.ou, o.mailEnabled, o.uniqueText] satisfies SpilledObject);
      this.spill.push(text);
      this.spillIndexes.push(index);
      this.spillLengths.push(Buffer.byteLength(text));
      return;
    }
    this.rows.push({
      index,
      dn: o.dn,
      kind: o.kind,
      ou: o.ou,
      excludedReason: o.excludedReason,
      mailEnabled: o.mailEnabled,
      upnValid: o.upnValid,
      snapshot: o.snapshot,
      uniqueText: inScope ? o.uniqueText : null,
      findings: o.findings,
    });
  }

  build(): BlockData {
    return {
      entries: this.entries,
      objects: this.objects,
      ignored: this.ignored,
      inScope: this.inScope,
      excluded: this.excluded,
      mailEnabled: this.mailEnabled,
      byClass: this.byClass,
      excludedReasons: [...this.excludedReasons],
      completeness: this.completeness.rows(),
      infra: this.infra,
      hashes: Uint32Array.from(this.hashes),
      spillText: this.spill.join(''),
      spillIndexes: Uint32Array.from(this.spillIndexes),
      spillLengths: Uint32Array.from(this.spillLengths),
      rows: this.rows,
    };
  }
}
