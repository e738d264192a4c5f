import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { REPORT_FORMATS } from '../../shared/api/contract.ts';
import { ensureFolder, writeStaged } from '../files/staged-files.ts';
import type { Redactor } from './redact.ts';
import { writeChecklistCsv, writeChecklistJson, writeChecklistMarkdown } from './checklist-files.ts';
import { writeFindingsPdf, type PdfOptions } from './pdf/findings-report.ts';
import { acceptedChanges, writeRemediationLdif } from './remediation.ts';
import { powershellScript } from './remediation-ps1.ts';
import { writeFindingsCsv } from './findings-csv.ts';
import { writeFindingsJson } from './findings-json.ts';
import { reportData, type ReportRun } from './report-data.ts';
import { writeChecklistXlsx, writeFindingsXlsx } from './xlsx.ts';

/** The report formats of the CLI's --report and the app's Export: one entry point for both ('findings' is findings.json and findings.csv). */
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
 * Writes the chosen formats of a run into `dir` and returns the paths written. Every file is
 * staged and put in place together (files/staged-files.ts): a failure, a full disk or a kill
 * leaves the folder's earlier files as they were. Everything comes from the run's record, so the
 * same run gives the same bytes whoever exports it (the CLI, the app).
 */
export async function writeReports(
  db: Database.Database,
  runs: { run: ReportRun; previous: ReportRun | null },
  formats: readonly ReportFormat[],
  dir: string,
  options: ExportOptions = {},
): Promise<string[]> {
  ensureFolder(dir);
  const { run } = runs;
  const data = reportData(db, run, runs.previous, options);
  const tool = `${data.tool.name} ${data.tool.version}`;
  const accepted = () => acceptedChanges(db, run.id, options.acceptAllSuggestions);
  return writeStaged(async (files) => {
    const written: string[] = [];
    const file = (name: string) => {
      written.push(join(dir, name));
      return files.file(join(dir, name));
    };
    for (const format of formats) {
      switch (format) {
        case 'findings':
          writeFindingsJson(db, run, file('findings.json'), data.redactor);
          writeFindingsCsv(db, run, file('findings.csv'), data.redactor);
          break;
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
          writeRemediationLdif(accepted(), { change: file('remediation.ldif'), undo: file('remediation-undo.ldif') }, run.id, tool);
          break;
        case 'ps1':
          file('remediation.ps1').write(powershellScript(accepted(), run.id, tool));
          break;
      }
    }
    return written;
  });
}
