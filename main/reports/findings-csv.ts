import type Database from 'better-sqlite3';
import { rdnValue } from '../../shared/dn.ts';
import type { StagedFile } from '../files/staged-files.ts';
import { sourceOfObject } from '../engine/summary.ts';
import { iterateFindingsOfObjects } from '../store/queries.ts';
import type { ReportRun } from './report-data.ts';
import { csvRow } from './csv.ts';
import { dnText } from './inert-text.ts';
import { Redactor } from './redact.ts';

/**
 * IdFix's columns first, so IdFix users keep their habits (edit UPDATE and ACTION in Excel, then
 * import the file back as decisions: runs/decisions-csv.ts); then what IdFix never had. ACTION and
 * REASON hold the engagement's decisions as they are when the file is written.
 */
export const FINDINGS_CSV_HEADER = ['DISTINGUISHEDNAME', 'COMMONNAME', 'OBJECTCLASS', 'ATTRIBUTE', 'ERROR', 'VALUE', 'UPDATE', 'ACTION', 'RULEID', 'SEVERITY', 'RELATEDDNS', 'SOURCE', 'REASON'];

/** SOURCE names the source each finding comes from (the file, or the DC), for runs of several forests. */
export function writeFindingsCsv(db: Database.Database, run: ReportRun, out: StagedFile, r = new Redactor(false)): void {
  const sources = run.summary.sources;
  const labels = new Map(sources.map((s) => [s.id, r.text(s.label)!]));
  out.write('\ufeff'); // BOM: Excel then reads the UTF-8 names correctly
  out.write(csvRow(FINDINGS_CSV_HEADER));
  const decided = decisionLookup(db, run.engagementId);
  for (const { objectId, finding: f } of iterateFindingsOfObjects(db, run.id)) {
    const dn = dnText(r.text(f.dn)!);
    const related = relatedText(f.relatedDns, f.holders, (d) => dnText(r.text(d)!));
    const d = decided?.(f.dn, f.ruleId, f.value);
    const update = d?.kind === 'accept' ? (d.newValue ?? f.suggestedValue ?? null) : (f.suggestedValue ?? null);
    const action = d ? (d.kind === 'accept' ? 'EDIT' : 'EXCEPTION') : undefined;
    out.write(csvRow([dn, rdnValue(dn), f.objectClass, f.attribute, f.errorType, r.value(f.value), r.value(update), action, f.ruleId, f.severity, related, labels.get(sourceOfObject(sources, objectId)), d?.reason ?? undefined]));
  }
}

/** The engagement's decision on a finding, looked up by its key; undefined when the run's engagement has none. */
function decisionLookup(db: Database.Database, engagementId: number | null) {
  if (engagementId === null || db.prepare('SELECT 1 FROM decisions WHERE engagement_id = ? LIMIT 1').get(engagementId) === undefined) return undefined;
  const select = db.prepare('SELECT kind, new_value AS newValue, reason FROM decisions WHERE engagement_id = ? AND dn = ? AND rule_id = ? AND value_key = ?');
  return (dn: string, ruleId: string, value: string | null) =>
    select.get(engagementId, dn, ruleId, value ?? '') as { kind: 'accept' | 'exception'; newValue: string | null; reason: string | null } | undefined;
}

/** A duplicate's other holders as a cell: the few it names, and how many more its group has (findings.json lists them all). */
export function relatedText(relatedDns: string[] | undefined, holders: number | undefined, shown: (dn: string) => string): string | undefined {
  if (!relatedDns) return undefined;
  const more = (holders ?? relatedDns.length + 1) - 1 - relatedDns.length;
  return relatedDns.map(shown).join('; ') + (more > 0 ? `; and ${more.toLocaleString('en-US')} more` : '');
}
