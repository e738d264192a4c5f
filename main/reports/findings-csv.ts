import type Database from 'better-sqlite3';
import { rdnValue } from '../../shared/dn.ts';
import { iterateFindings } from '../store/queries.ts';
import { csvRow } from './csv.ts';
import { Redactor } from './redact.ts';
import { TextFile } from './text-file.ts';

/** IdFix's columns first, so IdFix users keep their habits; then what IdFix never had. */
export const FINDINGS_CSV_HEADER = ['DISTINGUISHEDNAME', 'COMMONNAME', 'OBJECTCLASS', 'ATTRIBUTE', 'ERROR', 'VALUE', 'UPDATE', 'RULEID', 'SEVERITY', 'RELATEDDNS'];

export function writeFindingsCsv(db: Database.Database, assessmentId: number, path: string, r = new Redactor(false)): void {
  const out = new TextFile(path);
  out.write('\ufeff'); // BOM: Excel then reads the UTF-8 names correctly
  out.write(csvRow(FINDINGS_CSV_HEADER));
  for (const f of iterateFindings(db, assessmentId)) {
    const dn = r.text(f.dn)!;
    out.write(csvRow([dn, rdnValue(dn), f.objectClass, f.attribute, f.errorType, r.value(f.value), r.value(f.suggestedValue ?? null), f.ruleId, f.severity, f.relatedDns?.map((d) => r.text(d)).join('; ')]));
  }
  out.close();
}
