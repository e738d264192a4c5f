import type Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { RuleEntry } from '../../shared/rules/catalogue.ts';
import { ruleById } from '../../shared/rules/catalogue.ts';
import type { StagedFile } from '../files/staged-files.ts';
import { CHECKLIST_COLUMNS, checklistRow } from './checklist-files.ts';
import { relatedText } from './findings-csv.ts';
import { dnText, xlsxText } from './inert-text.ts';
import type { ReportData } from './report-data.ts';

/**
 * Spreadsheets written as a stream (a sheet is flushed to disk once written), so a million
 * findings never sit in memory. Plain OOXML: LibreOffice, Numbers or any XLSX reader opens them.
 * Every cell from the directory is text (xlsxText): never a formula, a link or an invalid XML character.
 */

/** Excel's limit per sheet, less the header row. */
const MAX_ROWS = 1_048_575;
const ABBREVIATIONS: Record<string, string> = { userprincipalname: 'upn', proxyaddresses: 'proxy', usersmimecertificate: 'smimecert', usercertificate: 'cert' };

/** A sheet name for a rule: Excel allows 31 characters and no []:*?/\ in it. */
export function sheetName(ruleId: string): string {
  const [attribute = '', errorType = ''] = ruleId.split('.');
  const name = ruleId.length <= 31 ? ruleId : `${ABBREVIATIONS[attribute] ?? attribute.slice(0, 12)}.${errorType}`;
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
}

/** A frozen, bold header row. The streaming writer takes views only when the sheet is created. */
const FROZEN_HEADER = { views: [{ state: 'frozen' as const, ySplit: 1 }] };

function header(ws: ExcelJS.Worksheet, columns: { header: string; width: number }[]): void {
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F3' } };
  row.commit();
}

function summarySheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, data: ReportData): void {
  const ws = wb.addWorksheet('Summary', FROZEN_HEADER);
  header(ws, [
    { header: 'Rule', width: 34 },
    { header: 'Sheet', width: 22 },
    { header: 'Title', width: 50 },
    { header: 'Severity', width: 10 },
    { header: 'Objects', width: 10 },
    { header: 'Findings', width: 10 },
    { header: 'How to fix', width: 70 },
  ]);
  const s = data.summary;
  for (const r of [...s.byRule].sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.severity.localeCompare(b.severity))) {
    ws.addRow([r.ruleId, sheetName(r.ruleId), r.title, r.severity, r.affectedObjects, r.findings, ruleById(r.ruleId).fix]).commit();
  }
  ws.addRow([]).commit();
  const facts: [string, string | number][] = [
    ['Customer', data.customer],
    ['Cloud', data.cloudName],
    ['Assessment', `#${data.run.id}, ${data.run.startedAt}`],
    ['Source', data.redactor.text(data.run.sourceLabel) ?? ''],
    ['Objects', s.objects],
    ['In scope', s.inScope],
    ['Findings', s.findings],
    ['Blockers', s.blockers],
    ['Overall readiness', s.scores.overall ?? ''],
    ['Tool', `${data.tool.name} ${data.tool.version}`],
    ['TLD list', `${s.tldList.package} ${s.tldList.version}${s.tldList.date ? ` (${s.tldList.date})` : ''}`],
  ];
  for (const [k, v] of facts) ws.addRow([k, '', typeof v === 'number' ? v : xlsxText(v)]).commit();
  ws.commit();
}

function workbook(out: StagedFile): ExcelJS.stream.xlsx.WorkbookWriter {
  return new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out.stream(), useStyles: true, useSharedStrings: false });
}

export async function writeFindingsXlsx(db: Database.Database, data: ReportData, out: StagedFile): Promise<void> {
  const wb = workbook(out);
  wb.creator = `${data.tool.name} ${data.tool.version}`;
  summarySheet(wb, data);
  const r = data.redactor;
  const rows = db
    .prepare('SELECT rule_id, dn, object_class, attribute, value, suggested_value, severity, related_dns_json, group_holders FROM findings WHERE assessment_id = ? ORDER BY rule_id, severity_rank, error_type, object_class, id')
    .iterate(data.run.id) as Iterable<{ rule_id: string; dn: string; object_class: string; attribute: string; value: string | null; suggested_value: string | null; severity: string; related_dns_json: string | null; group_holders: number | null }>;
  let ws: ExcelJS.Worksheet | undefined;
  let current = '';
  let count = 0;
  let rule: RuleEntry | undefined;
  for (const f of rows) {
    if (f.rule_id !== current) {
      ws?.commit();
      current = f.rule_id;
      rule = ruleById(f.rule_id);
      ws = wb.addWorksheet(sheetName(f.rule_id), FROZEN_HEADER);
      header(ws, [
        { header: 'Object DN', width: 60 },
        { header: 'Class', width: 9 },
        { header: 'Attribute', width: 18 },
        { header: 'Value', width: 40 },
        { header: 'Suggested value', width: 40 },
        { header: 'Severity', width: 10 },
        { header: `Related objects (${rule.title})`, width: 50 },
      ]);
      count = 0;
    }
    if (++count > MAX_ROWS) continue;
    const related = f.related_dns_json ? relatedText(JSON.parse(f.related_dns_json) as string[], f.group_holders ?? undefined, (d) => dnText(r.text(d)!)) : '';
    ws!.addRow([dnText(r.text(f.dn)!), f.object_class, f.attribute, r.value(f.value), r.value(f.suggested_value), f.severity, related].map(xlsxText)).commit();
  }
  ws?.commit();
  await wb.commit();
}

export async function writeChecklistXlsx(data: ReportData, out: StagedFile): Promise<void> {
  const wb = workbook(out);
  const ws = wb.addWorksheet('Checklist', FROZEN_HEADER);
  const widths = [9, 26, 50, 11, 13, 60, 60, 30, 16, 12, 40, 50, 50, 40];
  header(ws, CHECKLIST_COLUMNS.map((h, i) => ({ header: h, width: widths[i] ?? 20 })));
  for (const e of data.checklist) {
    const row = ws.addRow(checklistRow(e, data).map(xlsxText));
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  ws.commit();
  await wb.commit();
}
