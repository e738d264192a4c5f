import type { DirectoryObject } from '../../shared/directory-object.ts';
import { attributeDisplayName } from '../../shared/directory-object.ts';
import { parentDn } from '../../shared/dn.ts';
import type { ObjectKind, Severity } from '../../shared/findings.ts';
import type { RoutingContext } from '../../shared/rules/address.ts';
import { ruleFor } from '../../shared/rules/catalogue.ts';
import { checkObject, type ObjectFinding } from '../../shared/rules/object-checks.ts';
import { exclusionReason, objectKind, type UserScope } from '../../shared/rules/scope.ts';
import { decodeUniqueValues, encodeUniqueValues, namespaceOfAttribute, uniqueValues } from '../../shared/rules/uniqueness.ts';
import type { AssessmentWriter, FindingRow, Workspace } from '../store/workspace.ts';
import { TOOL } from '../version.ts';
import { CompletenessAggregator } from './completeness.ts';
import { DuplicateIndex } from './duplicate-index.ts';
import { InfrastructureCollector } from './infrastructure.ts';
import { RuleStats } from './rule-stats.ts';
import { fromSnapshotJson, toSnapshotJson } from './snapshot.ts';
import { uniqueSuggestion } from './suggestion-uniqueness.ts';
import { buildSummary, type AssessmentSummary, type SourceDescriptor } from './summary.ts';

export interface AssessmentOptions {
  scope: UserScope;
  /** The scope as a person wrote it (OUs, filter text), stored with the run. */
  scopeDescription: Record<string, unknown>;
  routableSuffixes: string[];
  tenantDomains: string[];
  cloud: 'gcc' | 'gcc-high' | 'dod';
  ctx: RoutingContext;
}

export interface Progress {
  objects: number;
  elapsedMs: number;
  objectsPerSecond: number;
  /** 0..1 when the source knows its size. */
  fraction?: number;
}

export interface Source {
  descriptor: SourceDescriptor;
  objects: AsyncIterable<DirectoryObject>;
  fraction?: () => number;
}

export interface RunControl {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  progressEveryMs?: number;
}

export class AssessmentCancelled extends Error {
  override name = 'AssessmentCancelled';
}

/** One run: stream the source through scope and rules into the store, then uniqueness and scores. */
export async function assess(workspace: Workspace, source: Source, options: AssessmentOptions, control: RunControl = {}): Promise<{ assessmentId: number; summary: AssessmentSummary }> {
  const started = Date.now();
  const id = workspace.beginAssessment({
    sourceKind: source.descriptor.kind,
    sourceLabel: source.descriptor.label,
    source: source.descriptor,
    options: { scope: options.scopeDescription, routableSuffixes: options.routableSuffixes, tenantDomains: options.tenantDomains, cloud: options.cloud },
    toolVersion: TOOL.version,
  });
  const run = new Run(workspace.writer(id), options, new Date(started));
  try {
    let lastReport = started;
    for await (const obj of source.objects) {
      run.add(obj);
      if ((run.seen & 1023) === 0) {
        if (control.signal?.aborted) throw new AssessmentCancelled('the run was cancelled');
        const now = Date.now();
        if (control.onProgress && now - lastReport >= (control.progressEveryMs ?? 1000)) {
          lastReport = now;
          control.onProgress({ objects: run.seen, elapsedMs: now - started, objectsPerSecond: (run.seen * 1000) / Math.max(1, now - started), fraction: source.fraction?.() });
        }
      }
    }
    const summary = run.finish(source.descriptor, Date.now() - started);
    workspace.completeAssessment(id, summary);
    return { assessmentId: id, summary };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof AssessmentCancelled) {
      run.writer.flush();
      workspace.endAssessment(id, 'interrupted', message, true);
    } else {
      workspace.endAssessment(id, 'failed', message);
    }
    throw err;
  }
}

/** The state of one run while objects stream through. */
class Run {
  readonly writer: AssessmentWriter;
  private readonly options: AssessmentOptions;
  private readonly index = new DuplicateIndex();
  private readonly stats = new RuleStats();
  private readonly completeness = new CompletenessAggregator();
  private readonly infrastructure: InfrastructureCollector;
  private readonly counts = { ignored: 0, inScope: 0, excluded: 0, mailEnabled: 0, byClass: { user: [0, 0], contact: [0, 0], group: [0, 0] } as Record<ObjectKind, [number, number]> };
  private readonly excludedReasons = new Map<string, number>();
  private nextId = 0;
  seen = 0;

  constructor(writer: AssessmentWriter, options: AssessmentOptions, now: Date) {
    this.writer = writer;
    this.options = options;
    this.infrastructure = new InfrastructureCollector(options.ctx, now);
  }

  add(obj: DirectoryObject): void {
    this.seen++;
    const kind = objectKind(obj);
    if (!kind) {
      this.counts.ignored++;
      return;
    }
    const objectId = this.nextId++;
    const reason = exclusionReason(obj, kind, this.options.scope);
    const ou = parentDn(obj.dn);
    const inScope = reason === undefined;
    this.counts.byClass[kind][0]++;
    this.infrastructure.see(obj, kind, inScope);
    if (!inScope) {
      this.counts.excluded++;
      this.excludedReasons.set(reason, (this.excludedReasons.get(reason) ?? 0) + 1);
      this.writer.addObject({ id: objectId, dn: obj.dn, objectClass: kind, ou, inScope, excludedReason: reason, mailEnabled: false, attributesJson: toSnapshotJson(obj), uniqueValues: null });
      return;
    }
    this.counts.inScope++;
    this.counts.byClass[kind][1]++;
    const result = checkObject(obj, kind, this.options.ctx);
    if (result.mailEnabled) this.counts.mailEnabled++;
    if (result.completeness) this.completeness.add(kind, ou, result.completeness);
    const unique = uniqueValues(obj, kind);
    let collides = false;
    for (const u of unique) if (this.index.add(u.namespace, u.key, objectId)) collides = true;
    // Clean objects keep no attribute snapshot: nobody opens them, and writing it would dominate the run.
    const keep = collides || result.findings.length > 0;
    this.writer.addObject({
      id: objectId, dn: obj.dn, objectClass: kind, ou, inScope, excludedReason: null, mailEnabled: result.mailEnabled,
      attributesJson: keep ? toSnapshotJson(obj) : null,
      uniqueValues: encodeUniqueValues(unique),
    });
    for (const f of result.findings) {
      const row = this.toRow(objectId, obj.dn, kind, ou, f, result.upnValid);
      this.stats.count(objectId, row.ruleId, row.severity);
      this.writer.addFinding(row);
    }
  }

  private toRow(objectId: number, dn: string, kind: ObjectKind, ou: string, f: ObjectFinding, upnValid: boolean, relatedDns?: string[]): FindingRow {
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
      relatedDns: relatedDns ?? null,
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

  /** Re-reads objects whose hashed values collided and reports the real duplicates. */
  private findDuplicates(): void {
    this.writer.flush();
    const holders = new Map<string, Map<number, { dn: string; kind: ObjectKind; ou: string; upnValid: boolean; held: Set<string> }>>();
    for (const objectId of [...this.index.objectsInCollisions()].sort((a, b) => a - b)) {
      const row = this.writer.objectRow(objectId);
      if (!row?.uniqueValues) continue;
      const kind = row.objectClass as ObjectKind;
      const unique = decodeUniqueValues(row.uniqueValues);
      if (row.attributesJson === null) row.attributesJson = this.snapshotOfUnique(objectId, row.dn, unique);
      const upnValid = checkObject(fromSnapshotJson(row.dn, row.attributesJson), kind, this.options.ctx).upnValid;
      for (const u of unique) {
        const groupKey = `${u.namespace}\u0000${u.key}`;
        let group = holders.get(groupKey);
        if (!group) holders.set(groupKey, (group = new Map()));
        let holder = group.get(objectId);
        if (!holder) group.set(objectId, (holder = { dn: row.dn, kind, ou: row.ou, upnValid, held: new Set() }));
        holder.held.add(`${u.attribute}\u0000${u.value}`);
      }
    }
    const emitted = new Set<string>();
    for (const group of holders.values()) {
      if (group.size < 2) continue;
      for (const [objectId, h] of group) {
        const relatedDns = [...group.entries()].filter(([other]) => other !== objectId).map(([, o]) => o.dn);
        for (const held of h.held) {
          const [attribute, value] = held.split('\u0000') as [string, string];
          const once = `${objectId}\u0000${held}`;
          if (emitted.has(once)) continue;
          emitted.add(once);
          const row = this.toRow(objectId, h.dn, h.kind, h.ou, { attribute, value, errorType: 'duplicate' }, h.upnValid, relatedDns);
          this.stats.count(objectId, row.ruleId, row.severity);
          this.writer.addFinding(row);
        }
      }
    }
  }

  /**
   * The first holder of a value may have looked clean when it streamed past, so no snapshot was
   * kept; its unique values (UPN, mail, proxies, nickname, account name, target) are what a person
   * needs to resolve the duplicate, and they are stored as its snapshot.
   */
  private snapshotOfUnique(objectId: number, dn: string, unique: ReturnType<typeof decodeUniqueValues>): string {
    const attributes = new Map<string, string[]>();
    for (const u of unique) attributes.set(u.attribute, [...(attributes.get(u.attribute) ?? []), u.value]);
    const json = toSnapshotJson({ dn, attributes });
    this.writer.setSnapshot(objectId, json);
    return json;
  }

  finish(descriptor: SourceDescriptor, durationMs: number): AssessmentSummary {
    this.findDuplicates();
    this.settleSuggestions();
    this.writer.writeCompleteness(this.completeness.rows());
    this.writer.flush();
    return buildSummary({
      descriptor,
      options: this.options,
      counts: this.counts,
      excludedReasons: this.excludedReasons,
      ruleStats: this.stats.list(),
      completeness: this.completeness.summary(),
      checks: this.infrastructure.checks(),
      durationMs,
      tool: TOOL,
    });
  }
}
