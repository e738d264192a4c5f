import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { REPORT_FORMATS } from '../../shared/api/contract.ts';
import { ensureFolder, writeStaged, type StagedFiles } from '../files/staged-files.ts';
import type { Redactor } from './redact.ts';
import { writeChecklistCsv, writeChecklistJson, writeChecklistMarkdown } from './checklist-files.ts';
import { writeFindingsPdf, type PdfOptions } from './pdf/findings-report.ts';
import { acceptedChanges, writeRemediationLdif } from './remediation.ts';
import { powershellScript } from './remediation-ps1.ts';
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

/**
 * Writes the chosen formats into `dir` and returns the paths written. Every file is staged and put
 * in place together (files/staged-files.ts): a failure, a full disk or a kill leaves the folder's
 * earlier files as they were. `alsoWrite` adds files of the caller's to the same set.
 */
export async function writeReports(
  db: Database.Database,
  assessmentId: number,
  formats: readonly ReportFormat[],
  dir: string,
  options: ExportOptions = {},
  alsoWrite?: (files: StagedFiles, at: (name: string) => string) => void,
): Promise<string[]> {
  ensureFolder(dir);
  const data = reportData(db, assessmentId, options);
  const tool = `${data.tool.name} ${data.tool.version}`;
  return writeStaged(async (files) => {
    const written: string[] = [];
    const at = (name: string): string => {
      const path = join(dir, name);
      written.push(path);
      return path;
    };
    const file = (name: string) => files.file(at(name));
    alsoWrite?.(files, at);
    for (const format of formats) {
      switch (format) {
        case 'pdf':
          await writeFindingsPdf(db, data, file('findings-report.pdf'), options);
          break;
        case 'xlsx':
          await writeFindingsXlsx(db, data, file('findings.xlsx'));
          await writeChecklistXlsx(data, file('checklist.xlsx'));
          break;
        case 'csv':
          writeChecklistCsv(data, file('checklist.csv'));
          break;
        case 'md':
          writeChecklistMarkdown(data, file('checklist.md'));
          break;
        case 'json':
          writeChecklistJson(data, file('checklist.json'));
          break;
        case 'ldif':
          writeRemediationLdif(acceptedChanges(db, assessmentId, options.acceptAllSuggestions), { change: file('remediation.ldif'), undo: file('remediation-undo.ldif') }, assessmentId, tool);
          break;
        case 'ps1':
          file('remediation.ps1').write(powershellScript(acceptedChanges(db, assessmentId, options.acceptAllSuggestions), assessmentId, tool));
          break;
      }
    }
    return written;
  });
}
