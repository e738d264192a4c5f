import { detach } from '../../shared/detach.ts';
import type { ObjectKind } from '../../shared/findings.ts';
import { encodeUniqueValues, type UniquePair } from '../../shared/rules/uniqueness.ts';
import type { ExclusionReason } from '../../shared/rules/scope.ts';
import { CompletenessAggregator, type CompletenessCounts } from './completeness.ts';
import { DomainOf, newTally, tally, type InfraTally } from './infrastructure.ts';
import type { DirectoryObject } from '../../shared/directory-object.ts';
import { configurationFact, type ConfigurationFact } from '../directory/export-evidence.ts';
import { assessObject, CARRIED_ATTRIBUTES, type ObjectEnvironment, type ObjectOutcome } from './object-outcome.ts';

/**
 * A block of consecutive entries, summarized where it was read: counts and tallies merge into the
 * run; the hashes of unique values travel as one typed array, and the values themselves as one
 * buffer of spill text; only objects a person will open (findings, exclusions) travel as rows.
 * This keeps what crosses from a worker to the run small, whatever the number of objects.
 */
export interface BlockData {
  entries: number;
  objects: number;
  ignored: number;
  /** Entries with no objectClass (so neither user, contact nor group can be told), and the first few DNs. */
  unreadable: number;
  unreadableDns: string[];
  inScope: number;
  excluded: number;
  mailEnabled: number;
  byClass: Record<ObjectKind, [number, number]>;
  /** In-scope objects holding each of CARRIED_ATTRIBUTES, in its order. */
  carried: number[];
  /** What entries of the configuration partition (when the export holds it) say of the directory. */
  facts: ConfigurationFact[];
  excludedReasons: [ExclusionReason, number][];
  completeness: CompletenessCounts;
  infra: InfraTally;
  /** Triples: object index within the block, hash high, hash low. */
  hashes: Uint32Array;
  /** The same triples for each object's DN, and each object's line (relative to `firstLine`, 0 when not from a file). */
  dnHashes: Uint32Array;
  lines: Uint32Array;
  /** The input line the block starts on, for lines that count from the block's start (parallel readers). */
  firstLine: number;
  /** Records of the block that are not entries, read past by a parallel reader (search references, result trailers). */
  skippedReferences: number;
  skippedTrailers: number;
  /** SpilledObject texts, UTF-8 encoded one after another, with each one's block index and byte length. */
  spillBytes: Uint8Array;
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

/**
 * What the spill keeps of an in-scope object with unique values: enough to report its duplicates
 * and, if it was clean and so not stored, to store it then (its OU is its parent DN).
 */
export type SpilledObject = [dn: string, kind: ObjectKind, mailEnabled: boolean, upnValid: boolean, stored: boolean, unique: UniquePair[]];

/**
 * A byte buffer that grows as texts are appended, UTF-8 encoded where they are written: no string
 * per object outlives its object, and the bytes cross to the run as one transferable buffer.
 */
class ByteList {
  private data = Buffer.allocUnsafe(1 << 16);
  length = 0;

  /** Appends `text` and returns its length in bytes. */
  write(text: string): number {
    // A UTF-16 unit never takes more than 3 bytes in UTF-8.
    if (this.length + text.length * 3 > this.data.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.length + text.length * 3));
      this.data.copy(grown, 0, 0, this.length);
      this.data = grown;
    }
    const n = this.data.write(text, this.length);
    this.length += n;
    return n;
  }

  /** The bytes, in memory of their own (so they can be transferred to another thread). */
  toArray(): Uint8Array {
    return new Uint8Array(this.data.subarray(0, this.length));
  }

  clear(): void {
    this.length = 0;
  }
}

/** A Uint32Array that grows as numbers are appended: they are stored unboxed and copied once, at the end. */
class Uint32List {
  private data = new Uint32Array(1024);
  length = 0;

  push(n: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = n;
  }

  /** The numbers, in memory of their own (so they can be transferred to another thread). */
  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}

/**
 * The growing buffers a builder fills, kept by whoever builds blocks one after another and reused
 * from block to block. A block then leaves one copy of each behind instead of every size it grew
 * through: dead buffers are memory outside the JavaScript heap, which V8 collects late, and a
 * worker going through fifty blocks a second would otherwise hold tens of megabytes of them.
 */
export class BlockScratch {
  readonly hashes = new Uint32List();
  readonly dnHashes = new Uint32List();
  readonly lines = new Uint32List();
  readonly spill = new ByteList();
  readonly spillIndexes = new Uint32List();
  readonly spillLengths = new Uint32List();
}

/** How many entries without an objectClass a run names (it counts them all). */
export const MAX_UNREADABLE_EXAMPLES = 10;

export class BlockBuilder {
  private entries = 0;
  private objects = 0;
  private ignored = 0;
  private unreadable = 0;
  private readonly unreadableDns: string[] = [];
  private inScope = 0;
  private excluded = 0;
  private mailEnabled = 0;
  private readonly byClass: Record<ObjectKind, [number, number]> = { user: [0, 0], contact: [0, 0], group: [0, 0] };
  private readonly carried = CARRIED_ATTRIBUTES.map(() => 0);
  private readonly facts: ConfigurationFact[] = [];
  private readonly excludedReasons = new Map<ExclusionReason, number>();
  private readonly completeness = new CompletenessAggregator();
  private readonly infra = newTally();
  private readonly domains: DomainOf;
  private readonly hashes: Uint32List;
  private readonly dnHashes: Uint32List;
  private readonly lines: Uint32List;
  private readonly spill: ByteList;
  private readonly spillIndexes: Uint32List;
  private readonly spillLengths: Uint32List;
  private rows: StoredObject[] = [];

  /** `scratch` must not be in use by another builder: blocks are built one at a time. */
  constructor(domains = new DomainOf(), scratch = new BlockScratch()) {
    this.domains = domains;
    this.hashes = scratch.hashes;
    this.dnHashes = scratch.dnHashes;
    this.lines = scratch.lines;
    this.spill = scratch.spill;
    this.spillIndexes = scratch.spillIndexes;
    this.spillLengths = scratch.spillLengths;
    for (const list of [this.hashes, this.dnHashes, this.lines, this.spill, this.spillIndexes, this.spillLengths]) list.clear();
  }

  get size(): number {
    return this.entries;
  }

  /** Assesses an entry read from a source and adds it; an entry of the configuration partition adds its fact. */
  addEntry(obj: DirectoryObject, env: ObjectEnvironment): void {
    const o = assessObject(obj, env);
    if (o === undefined) {
      const fact = configurationFact(obj);
      if (fact) this.facts.push(fact);
    }
    this.add(o, obj.dn);
  }

  /** `dn` names an entry with no objectClass (`o` null). */
  add(o: ObjectOutcome | undefined | null, dn = ''): void {
    this.entries++;
    if (o === null) {
      this.unreadable++;
      if (this.unreadableDns.length < MAX_UNREADABLE_EXAMPLES) this.unreadableDns.push(detach(dn));
      return;
    }
    if (!o) {
      this.ignored++;
      return;
    }
    const index = this.objects++;
    const inScope = o.excludedReason === null;
    this.dnHashes.push(index);
    this.dnHashes.push(o.dnHash[0]!);
    this.dnHashes.push(o.dnHash[1]!);
    this.lines.push(o.line);
    this.byClass[o.kind][0]++;
    tally(this.infra, this.domains.get(o.dn, o.ou), o.dn, inScope, o.facts);
    if (!inScope) {
      this.excluded++;
      this.excludedReasons.set(o.excludedReason!, (this.excludedReasons.get(o.excludedReason!) ?? 0) + 1);
    } else {
      this.inScope++;
      this.byClass[o.kind][1]++;
      if (o.mailEnabled) this.mailEnabled++;
      for (let bits = o.carried, i = 0; bits !== 0; bits >>>= 1, i++) if (bits & 1) this.carried[i]!++;
      if (o.completeness) this.completeness.add(o.kind, o.ou, o.completeness);
      // An object repeats a value across its own attributes (its mail is usually its primary SMTP
      // address); sending each once spares the index a lookup that can only find the object itself.
      hashes: for (let i = 0; i < o.hashes.length; i += 2) {
        for (let j = 0; j < i; j += 2) if (o.hashes[j] === o.hashes[i] && o.hashes[j + 1] === o.hashes[i + 1]) continue hashes;
        this.hashes.push(index);
        this.hashes.push(o.hashes[i]!);
        this.hashes.push(o.hashes[i + 1]!);
      }
    }
    const stored = o.snapshot !== null;
    if (inScope && o.unique.length > 0) {
      this.spillIndexes.push(index);
      this.spillLengths.push(this.spill.write(JSON.stringify([o.dn, o.kind, o.mailEnabled, o.upnValid, stored, o.unique] satisfies SpilledObject)));
    }
    if (!stored) return;
    // A row lives until its block is sent: its strings are copied, or each would hold the whole
    // piece of text it was cut from, which every young-generation collection would copy too.
    for (const f of o.findings) {
      if (f.value !== null) f.value = detach(f.value);
      if (f.suggestedValue !== undefined) f.suggestedValue = detach(f.suggestedValue);
    }
    this.rows.push({
      index,
      dn: detach(o.dn),
      kind: o.kind,
      ou: detach(o.ou),
      excludedReason: o.excludedReason,
      mailEnabled: o.mailEnabled,
      upnValid: o.upnValid,
      snapshot: o.snapshot!,
      uniqueText: inScope ? encodeUniqueValues(o.unique) : null,
      findings: o.findings,
    });
  }

  build(): BlockData {
    return {
      entries: this.entries,
      objects: this.objects,
      ignored: this.ignored,
      unreadable: this.unreadable,
      unreadableDns: this.unreadableDns,
      inScope: this.inScope,
      excluded: this.excluded,
      mailEnabled: this.mailEnabled,
      byClass: this.byClass,
      carried: this.carried,
      facts: this.facts,
      excludedReasons: [...this.excludedReasons],
      completeness: this.completeness.counted(),
      infra: this.infra,
      hashes: this.hashes.toArray(),
      dnHashes: this.dnHashes.toArray(),
      lines: this.lines.toArray(),
      firstLine: 1,
      skippedReferences: 0,
      skippedTrailers: 0,
      spillBytes: this.spill.toArray(),
      spillIndexes: this.spillIndexes.toArray(),
      spillLengths: this.spillLengths.toArray(),
      rows: this.rows,
    };
  }
}
