import type Database from 'better-sqlite3';
import { rdnValue } from '../../shared/dn.ts';
import type { StagedFile } from '../files/staged-files.ts';
import { iterateFindings } from '../store/queries.ts';
import { csvRow } from './csv.ts';
import { dnText } from './inert-text.ts';
import { Redactor } from './redact.ts';

/** IdFix's columns first, so IdFix users keep their habits; then what IdFix never had. */
export const FINDINGS_CSV_HEADER = ['DISTINGUISHEDNAME', 'COMMONNAME', 'OBJECTCLASS', 'ATTRIBUTE', 'ERROR', 'VALUE', 'UPDATE', 'RULEID', 'SEVERITY', 'RELATEDDNS'];

export function writeFindingsCsv(db: Database.Database, assessmentId: number, out: StagedFile, r = new Redactor(false)): void {
  out.write('\ufeff'); // BOM: Excel then reads the UTF-8 names correctly
  out.write(csvRow(FINDINGS_CSV_HEADER));
  for (const f of iterateFindings(db, assessmentId)) {
    const dn = dnText(r.text(f.dn)!);
    out.write(csvRow([dn, rdnValue(dn), f.objectClass, f.attribute, f.errorType, r.value(f.value), r.value(f.suggestedValue ?? null), f.ruleId, f.severity, f.relatedDns?.map((d) => dnText(r.text(d)!)).join('; ')]));
  }
}
