import type Database from 'better-sqlite3';
import { EXCLUSION_REASONS, type ExclusionReason } from '../../shared/rules/scope.ts';
import { descriptorOf, sourceOfObject } from '../engine/summary.ts';
import type { StagedFile } from '../files/staged-files.ts';
import { iterateDuplicateGroups, iterateExcluded, iterateFindingsOfObjects } from '../store/queries.ts';
import type { ReportRun } from './report-data.ts';
import { TOOL } from '../version.ts';
import { Redactor } from './redact.ts';

/**
 * findings.json (schemaVersion 1): one finding per (object, attribute, value, errorType), each and
 * each excluded object labelled with the id of its source (`summary.sources`; `source` is the
 * first, as before several sources could be read). Written as a stream so a run with a million
 * findings never builds one huge string.
 */
export function writeFindingsJson(db: Database.Database, run: ReportRun, out: StagedFile, r = new Redactor(false)): void {
  const sources = run.summary.sources;
  const head = {
    schemaVersion: 1,
    tool: TOOL,
    source: r.data(descriptorOf(sources[0]!)),
    assessment: { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt },
    summary: r.data(run.summary),
    redacted: r.enabled,
  };
  out.write(JSON.stringify(head, null, 2).replace(/\n}$/, ',\n  "excluded": ['));
  let first = true;
  for (const e of iterateExcluded(db, run.id)) {
    const reason = EXCLUSION_REASONS[e.reasonCode as ExclusionReason] ?? e.reasonCode;
    out.write(`${first ? '\n' : ',\n'}    ${JSON.stringify({ dn: r.text(e.dn), objectClass: e.objectClass, reason, reasonCode: e.reasonCode, sourceId: sourceOfObject(sources, e.objectId) })}`);
    first = false;
  }
  out.write(`${first ? '' : '\n  '}],\n  "findings": [`);
  first = true;
  for (const { objectId, finding: f } of iterateFindingsOfObjects(db, run.id)) {
    const shown = r.enabled ? { ...f, dn: r.text(f.dn)!, value: r.value(f.value), suggestedValue: r.value(f.suggestedValue ?? null) ?? undefined, relatedDns: f.relatedDns?.map((d) => r.text(d)!) } : f;
    out.write(`${first ? '\n' : ',\n'}    ${JSON.stringify({ ...shown, sourceId: sourceOfObject(sources, objectId) })}`);
    first = false;
  }
  // Each duplicated value once, with every holder: a finding names only a few of them.
  out.write(`${first ? '' : '\n  '}],\n  "duplicateGroups": [`);
  first = true;
  for (const g of iterateDuplicateGroups(db, run.id)) {
    const shown = r.enabled ? { ...g, value: r.value(g.value), dns: g.dns.map((d) => r.text(d)!) } : g;
    out.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(shown)}`);
    first = false;
  }
  out.write(`${first ? '' : '\n  '}]\n}\n`);
}
