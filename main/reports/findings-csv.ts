import type Database from 'better-sqlite3';
import { rdnValue } from '../../shared/dn.ts';
import { iterateFindings } from '../store/queries.ts';
import { csvRow } from './csv.ts';
import { TextFile } from './text-file.ts';

/** IdFix's columns first, so IdFix users keep their habits; then what IdFix never had. */
export const FINDINGS_CSV_HEADER = ['DISTINGUISHEDNAME', 'COMMONNAME', 'OBJECTCLASS', 'ATTRIBUTE', 'ERROR', 'VALUE', 'UPDATE', 'RULEID', 'SEVERITY', 'RELATEDDNS'];

export function writeFindingsCsv(db: Database.Database, assessmentId: number, path: string): void {
  const out = new TextFile(path);
  out.write('\ufeff'); // BOM: Excel then reads the UTF-8 names correctly
  out.write(csvRow(FINDINGS_CSV_HEADER));
  for (const f of iterateFindings(db, assessmentId)) {
    out.write(csvRow([f.dn, rdnValue(f.dn), f.objectClass, f.attribute, f.errorType, f.value, f.suggestedValue, f.ruleId, f.severity, f.relatedDns?.join('; ')]));
  }
  out.close();
}
