import type Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { REPORT_FORMATS } from '../../shared/api/contract.ts';
import type { Redactor } from './redact.ts';
import { writeChecklistCsv, writeChecklistJson, writeChecklistMarkdown } from './checklist-files.ts';
import { writeFindingsPdf, type PdfOptions } from './pdf/findings-report.ts';
import { acceptedChanges, powershellScript, writeRemediationLdif } from './remediation.ts';
import { reportData } from './report-data.ts';
import { writeChecklistXlsx, writeFindingsXlsx } from './xlsx.ts';

/** The report formats of the CLI's --report and the app's Export: one entry point for both. */
export { REPORT_FORMATS } from '../../shared/api/contract.ts';
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ExportOptions extends PdfOptions {
  customer?: string;
  redact?: boolean;
  /** Shared with other files of the same export, so one person gets one mask everywhere. */
  redactor?: Redactor;
  /** Every suggested value of the run goes in the remediation files, not only accepted ones. */
  acceptAllSuggestions?: boolean;
}

/** Writes the chosen formats into `dir` and returns the paths written. */
export async function writeReports(db: Database.Database, assessmentId: number, formats: readonly ReportFormat[], dir: string, options: ExportOptions = {}): Promise<string[]> {
  const data = reportData(db, assessmentId, options);
  const written: string[] = [];
  const at = (name: string): string => {
    const path = join(dir, name);
    written.push(path);
    return path;
  };
  const tool = `${data.tool.name} ${data.tool.version}`;
  for (const format of formats) {
    switch (format) {
      case 'pdf':
        await writeFindingsPdf(db, data, at('findings-report.pdf'), options);
        break;
      case 'xlsx':
        await writeFindingsXlsx(db, data, at('findings.xlsx'));
        await writeChecklistXlsx(data, at('checklist.xlsx'));
        break;
      case 'csv':
        writeChecklistCsv(data, at('checklist.csv'));
        break;
      case 'md':
        writeChecklistMarkdown(data, at('checklist.md'));
        break;
      case 'json':
        writeChecklistJson(data, at('checklist.json'));
        break;
      case 'ldif':
        writeRemediationLdif(acceptedChanges(db, assessmentId, options.acceptAllSuggestions), { change: at('remediation.ldif'), undo: at('remediation-undo.ldif') }, assessmentId, tool);
        break;
      case 'ps1':
        writeFileSync(at('remediation.ps1'), powershellScript(acceptedChanges(db, assessmentId, options.acceptAllSuggestions), assessmentId, tool));
        break;
    }
  }
  return written;
}
