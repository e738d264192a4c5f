import { attributeDisplayName } from '../../shared/directory-object.ts';
import { normalizeDn, parentDn } from '../../shared/dn.ts';
import type { ObjectKind, Severity } from '../../shared/findings.ts';
import { ruleFor } from '../../shared/rules/catalogue.ts';
import type { ObjectFinding } from '../../shared/rules/object-checks.ts';
import { encodeUniqueValues, namespaceOfAttribute, uniqueValuesOfPairs, type UniquePair } from '../../shared/rules/uniqueness.ts';
import { SourceError } from '../directory/source-error.ts';
import type { DirectoryEvidence, SourceDescriptor } from '../directory/source.ts';
import type { AssessmentWriter } from '../store/assessment-writer.ts';
import type { FindingRow } from '../store/row-inserter.ts';
import { TOOL } from '../version.ts';
import type { AssessmentOptions } from './options.ts';
import { MAX_UNREADABLE_EXAMPLES, type BlockData, type SpilledObject } from './block.ts';
import { CompletenessAggregator } from './completeness.ts';
import { DuplicateGroups, type Group } from './duplicate-groups.ts';
import { DuplicateIndex } from './duplicate-index.ts';
import { FindingsRollup } from './findings-rollup.ts';
import { InfrastructureCollector } from './infrastructure.ts';
import { hashKey } from './key-hash.ts';
import { RuleStats } from './rule-stats.ts';
import { evidenceFromFacts, type ConfigurationFact } from '../directory/export-evidence.ts';
import { CARRIED_ATTRIBUTES } from './object-outcome.ts';
import { pairsSnapshotJson } from './snapshot.ts';
import { uniqueSuggestion } from './suggestion-uniqueness.ts';
import { buildSummary, type AssessmentSummary, type SourceSummary } from './summary.ts';
import { ValueSpill } from './value-spill.ts';

const KINDS: readonly ObjectKind[] = ['user', 'contact', 'group'];

/** The state of one run while objects stream through. */
export class Run {
  readonly writer: AssessmentWriter;
  private readonly options: AssessmentOptions;
  private readonly index: DuplicateIndex;
  readonly spill = new ValueSpill();
  private readonly stats = new RuleStats();
  readonly rollup = new FindingsRollup();
  private readonly completeness = new CompletenessAggregator();
  private readonly infrastructure: InfrastructureCollector;
  private readonly counts = { ignored: 0, unreadable: 0, unreadableDns: [] as string[], inScope: 0, excluded: 0, mailEnabled: 0, byClass: { user: [0, 0], contact: [0, 0], group: [0, 0] } as Record<ObjectKind, [number, number]> };
  private readonly excludedReasons = new Map<string, number>();
  private readonly duplicates = new DuplicateGroups();
  /** Clean objects holding a duplicate that got a row of their own (groupDuplicates). */
  private readonly restored = new Set<number>();
  private nextId = 0;
  seen = 0;
  /** Every object's DN hash, to refuse an input that holds an object twice, and the line each starts on. */
  private readonly dns: DuplicateIndex;
  private lines = new Uint32Array(1 << 12);
  /** The run's sources in the order read; each holds the object ids from its `firstObjectId` to the next one's. */
  private readonly sources: SourceSummary[] = [];
  private countsAtSourceStart = { ignored: 0, inScope: 0, excluded: 0, mailEnabled: 0, carried: [] as number[], inScopeByClass: [0, 0, 0] };
  /**
   * Directory facts of the exports that hold the configuration partition: the current source's,
   * and the run's (a forest's domain, configuration and schema exports are read as several files).
   */
  private facts: ConfigurationFact[] = [];
  private readonly runFacts: ConfigurationFact[] = [];
  /** In-scope objects holding each of CARRIED_ATTRIBUTES, over the run. */
  private readonly carried = CARRIED_ATTRIBUTES.map(() => 0);

  /** `expectedKeys` sizes the duplicate index up front, sparing it growth steps at its largest. */
  constructor(writer: AssessmentWriter, options: AssessmentOptions, expectedKeys?: number) {
    this.writer = writer;
    this.index = new DuplicateIndex(expectedKeys);
    // One DN per object, and an exported object takes 600 bytes or more (four unique values' worth):
    // sized tighter, this index would grow once at most; sized looser, it holds 25 MB idle at 1M objects.
    this.dns = new DuplicateIndex(expectedKeys === undefined ? undefined : expectedKeys / 4);
    this.options = options;
    this.infrastructure = new InfrastructureCollector(options.ctx);
  }

  /** The next source's objects follow: they are counted as its own, and their ids start here. */
  beginSource(descriptor: SourceDescriptor): void {
    const c = this.counts;
    this.countsAtSourceStart = { ignored: c.ignored, inScope: c.inScope, excluded: c.excluded, mailEnabled: c.mailEnabled, carried: [...this.carried], inScopeByClass: KINDS.map((k) => c.byClass[k][1]) };
    this.facts = [];
    this.sources.push({ ...descriptor, id: this.sources.length + 1, firstObjectId: this.nextId, objects: 0, inScope: 0, excluded: 0, ignoredEntries: 0, mailEnabled: 0, findings: 0, blockers: 0 });
  }

  /** The current source is read: its counts are the run's since it began (its descriptor now has its hash and bases too). */
  endSource(descriptor: SourceDescriptor, evidence: DirectoryEvidence | undefined): void {
    const s = Object.assign(this.sources.at(-1)!, descriptor);
    const c = this.counts;
    const at = this.countsAtSourceStart;
    s.inScope = c.inScope - at.inScope;
    s.excluded = c.excluded - at.excluded;
    s.objects = s.inScope + s.excluded;
    s.ignoredEntries = c.ignored - at.ignored;
    s.mailEnabled = c.mailEnabled - at.mailEnabled;
    // A live source reads its directory itself; an export may carry the same facts in its configuration partition.
    s.evidence = evidence ?? evidenceFromFacts(this.facts) ?? null;
    // An attribute none of the source's objects holds, where some are of a class that should: was it exported?
    const inScopeOf = (kind: ObjectKind) => c.byClass[kind][1] - at.inScopeByClass[KINDS.indexOf(kind)]!;
    const exported = new Set((s.notExported ?? []).map((a) => a.toLowerCase()));
    s.notCarried = CARRIED_ATTRIBUTES.filter((a, i) => this.carried[i] === at.carried[i] && !exported.has(a.attribute) && a.kinds.some((k) => inScopeOf(k) > 0)).map((a) => a.name);
  }

  /** The source an object was read from: sources hold consecutive ranges of ids. */
  private sourceOf(objectId: number): SourceSummary {
    for (let i = this.sources.length - 1; i > 0; i--) if (objectId >= this.sources[i]!.firstObjectId) return this.sources[i]!;
    return this.sources[0]!;
  }

  /** Takes the next block of entries, in source order. */
  mergeBlock(block: BlockData): void {
    const base = this.nextId;
    this.nextId += block.objects;
    this.seen += block.entries;
    const c = this.counts;
    c.ignored += block.ignored;
    c.unreadable += block.unreadable;
    for (const dn of block.unreadableDns) if (c.unreadableDns.length < MAX_UNREADABLE_EXAMPLES) c.unreadableDns.push(dn);
    c.inScope += block.inScope;
    c.excluded += block.excluded;
    c.mailEnabled += block.mailEnabled;
    for (const kind of ['user', 'contact', 'group'] as const) {
      c.byClass[kind][0] += block.byClass[kind][0];
      c.byClass[kind][1] += block.byClass[kind][1];
    }
    for (let i = 0; i < this.carried.length; i++) this.carried[i]! += block.carried[i]!;
    for (const fact of block.facts) {
      this.facts.push(fact);
      this.runFacts.push(fact);
    }
    for (const [reason, n] of block.excludedReasons) this.excludedReasons.set(reason, (this.excludedReasons.get(reason) ?? 0) + n);
    this.completeness.merge(block.completeness);
    this.infrastructure.merge(block.infra);
    this.index.addBlock(block.hashes, base);
    // A clean object is stored nowhere but in the spill, in case it later proves to hold a
    // duplicate: nobody opens a clean object, and a row for each would dominate the run.
    this.spill.putBlock(base, block.spillBytes, block.spillIndexes, block.spillLengths);
    this.refuseRepeatedDns(block, base);
    if (block.skippedReferences + block.skippedTrailers > 0) {
      // The source's own counters (its descriptor's), which parallel readers do not see.
      const skipped = (this.sources.at(-1)!.skippedRecords ??= { references: 0, trailers: 0 });
      skipped.references += block.skippedReferences;
      skipped.trailers += block.skippedTrailers;
    }
    this.groupDuplicates();
    for (const o of block.rows) {
      const objectId = base + o.index;
      const inScope = o.excludedReason === null;
      this.writer.addObject({ id: objectId, dn: o.dn, objectClass: o.kind, ou: o.ou, inScope, excludedReason: o.excludedReason, mailEnabled: o.mailEnabled, attributesJson: o.snapshot, uniqueValues: o.uniqueText });
      for (const f of o.findings) this.store(this.toRow(objectId, o.dn, o.kind, o.ou, f, o.upnValid));
    }
  }

  /**
   * An input that holds one object twice (two exports joined into one file, overlapping search
   * bases) would make the object collide with itself: self-referencing blockers and two
   * conflicting modify records. It is refused, naming both entries. Hash matches are confirmed on
   * the DNs wherever the text is still at hand, so a hash collision never refuses a good input.
   */
  private refuseRepeatedDns(block: BlockData, base: number): void {
    if (this.lines.length < base + block.objects) {
      const grown = new Uint32Array(Math.max(this.lines.length * 2, base + block.objects));
      grown.set(this.lines);
      this.lines = grown;
    }
    for (let i = 0; i < block.objects; i++) this.lines[base + i] = block.lines[i]! === 0 ? 0 : block.firstLine + block.lines[i]! - 1;
    this.dns.addBlock(block.dnHashes, base);
    const joined = [...new Set(this.dns.takeJoined())].sort((a, b) => a - b);
    if (joined.length === 0) return;
    const rowDn = new Map(block.rows.map((r) => [base + r.index, r.dn]));
    const dnOf = (id: number): string | undefined => {
      const spilled = this.spill.get(id);
      if (spilled !== undefined) return (JSON.parse(spilled) as SpilledObject)[0];
      return rowDn.get(id) ?? this.writer.storedDn(id);
    };
    for (const later of joined.filter((id) => id >= base)) {
      const dn = dnOf(later);
      const earlier = joined.find((id) => id < later && (dn === undefined || dnOf(id) === undefined || normalizeDn(dnOf(id)!) === normalizeDn(dn)));
      if (earlier === undefined) continue;
      const elsewhere = this.sourceOf(earlier) !== this.sourceOf(later) ? ` of ${this.sourceOf(earlier).label}` : '';
      const where = (id: number): string => (this.lines[id] ? `line ${this.lines[id]}${elsewhere}` : `an earlier entry${elsewhere}`);
      const named = dnOf(earlier) ?? dn;
      const what = named === undefined ? 'an object' : `"${named}"`;
      const reason = this.lines[later]
        ? `repeats the entry of ${where(earlier)}, ${what}: an input must hold each object once (were two exports joined into one file?). Remove the repeated entry and run again`
        : `the directory returned ${what} twice (do two search bases overlap?)`;
      const source = this.sourceOf(later);
      throw new SourceError(source.path ?? source.label, this.lines[later] || undefined, reason);
    }
  }

  private store(row: FindingRow): void {
    const source = this.sourceOf(row.objectId);
    source.findings++;
    if (row.severity === 'blocker') source.blockers++;
    this.stats.count(row.objectId, row.ruleId, row.severity, row.suggestedValue !== null && row.suggestedValue !== undefined);
    this.rollup.count(row);
    this.writer.addFinding(row);
  }

  private toRow(objectId: number, dn: string, kind: ObjectKind, ou: string, f: ObjectFinding, upnValid: boolean, duplicate?: { groupId: number; holders: number; relatedDns: string[] }): FindingRow {
    const rule = ruleFor(f.attribute, f.errorType);
    const severity: Severity = rule.severityWhenUpnInvalid && !upnValid ? rule.severityWhenUpnInvalid : rule.severity;
    return {
      objectId,
      dn,
      objectClass: kind,
      ou,
      attribute: attributeDisplayName(f.attribute),
      value: f.value,
      errorType: f.errorType,
      ruleId: rule.ruleId,
      severity,
      suggestedValue: f.suggestedValue ?? null,
      relatedDns: duplicate?.relatedDns ?? null,
      duplicateGroup: duplicate?.groupId ?? null,
      groupHolders: duplicate?.holders ?? null,
    };
  }

  /**
   * Suggestions must not collide with any other object's value, nor with each other: once every
   * object is known, each stored suggestion in a uniqueness namespace is checked and, if needed,
   * numbered. Read back from the store in pages, so nothing piles up in memory.
   */
  private settleSuggestions(): void {
    this.writer.flush();
    let chosen = new Map<string, string | null>();
    let currentObject = -1;
    this.writer.reviseSuggestions((f) => {
      const attribute = f.attribute.toLowerCase();
      if (!namespaceOfAttribute(attribute)) return f.suggestedValue;
      if (f.objectId !== currentObject) {
        currentObject = f.objectId;
        chosen = new Map();
      }
      const key = `${attribute}\u0000${f.value ?? ''}`;
      if (!chosen.has(key)) chosen.set(key, uniqueSuggestion(this.index, attribute, f.suggestedValue, f.objectId, this.options.ctx) ?? null);
      return chosen.get(key)!;
    });
  }

  /**
   * The objects that came to share a hashed value in this block are read back from the spill and
   * grouped by their real values, so a hash collision never invents a duplicate, and each group's
   * findings are stored as soon as it has two holders. An object that looked clean when it streamed
   * past (the first holder always did) kept only its unique values, in the spill: they are what a
   * person needs to resolve the duplicate, so the object gets its row now, with them as its snapshot.
   */
  private groupDuplicates(): void {
    const joined = this.index.takeJoined();
    if (joined.length === 0) return;
    const hash: number[] = [];
    for (const objectId of new Set(joined)) {
      const text = this.spill.get(objectId);
      if (text === undefined) continue;
      const [dn, kind, mailEnabled, upnValid, stored, pairs] = JSON.parse(text) as SpilledObject;
      const ou = parentDn(dn);
      if (!stored && !this.restored.has(objectId)) {
        this.restored.add(objectId);
        this.restoreClean(objectId, dn, kind, ou, mailEnabled, pairs);
      }
      const holder = { objectId, dn, kind, ou, upnValid };
      for (const u of uniqueValuesOfPairs(pairs)) {
        // Only values whose hash more than one object holds can be duplicates.
        hash.length = 0;
        hashKey(u.namespace, u.key, hash);
        if (this.index.isShared(hash[0]!, hash[1]!)) this.duplicates.hold(`${u.namespace}\u0000${u.key}`, holder, u.attribute, u.value);
      }
    }
    for (const report of this.duplicates.newlyDuplicated()) {
      const h = report.holder;
      for (const [attribute, value] of h.held) {
        this.store(this.toRow(h.objectId, h.dn, h.kind, h.ou, { attribute, value, errorType: 'duplicate' }, h.upnValid, report));
      }
    }
  }

  /**
   * Once every row is stored: the findings of holders whose group grew after they were stored
   * count every holder, and every group is written once with all its holders. (Also for a run
   * that stops early, so what it keeps is consistent.)
   */
  completeDuplicates(): void {
    this.writer.reviseRelatedDns(
      [...this.duplicates.stale()].flatMap(({ holder: h, relatedDns, holders }) => h.held.map(([attribute, value]) => ({ objectId: h.objectId, attribute: attributeDisplayName(attribute), value, relatedDns, holders }))),
    );
    this.writer.writeDuplicateGroups(
      (function* (groups: Iterable<Group>) {
        for (const g of groups) {
          const first = g.holders.values().next().value!;
          const namespace = g.key.slice(0, g.key.indexOf('\u0000'));
          yield { id: g.id, namespace, value: first.held[0]![1], holders: [...g.holders.values()].map((h) => ({ objectId: h.objectId, dn: h.dn })) };
        }
      })(this.duplicates.all()),
    );
  }

  private restoreClean(objectId: number, dn: string, kind: ObjectKind, ou: string, mailEnabled: boolean, pairs: UniquePair[]): void {
    this.writer.addObject({ id: objectId, dn, objectClass: kind, ou, inScope: true, excludedReason: null, mailEnabled, attributesJson: pairsSnapshotJson(pairs), uniqueValues: encodeUniqueValues(pairs) });
  }

  finish(durationMs: number): AssessmentSummary {
    // The last rows read go to the writer now, to be stored while the summary is built.
    this.writer.send();
    // The directory checks read the first live directory's evidence, else what the exports carry together; stale logons count from the first source's date.
    const evidence = this.sources.find((s) => s.evidence && s.evidence.origin !== 'export')?.evidence ?? evidenceFromFacts(this.runFacts);
    const summary = buildSummary({
      sources: this.sources,
      options: this.options,
      counts: this.counts,
      excludedReasons: this.excludedReasons,
      ruleStats: this.stats.list(),
      completeness: this.completeness.summary(),
      checks: this.infrastructure.checks(evidence, this.sources[0]?.asOf ?? new Date().toISOString()),
      evidence,
      durationMs,
      tool: TOOL,
    });
    this.settleSuggestions();
    this.completeDuplicates();
    this.writer.writeCompleteness(this.completeness.rows());
    this.writer.flush();
    return summary;
  }
}
