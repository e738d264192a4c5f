import { STATUS_LABELS, type ChecklistEntry } from '../../shared/checklist.ts';
import type { StagedFile } from '../files/staged-files.ts';
import { csvRow } from './csv.ts';
import { dnText, markdownText } from './inert-text.ts';
import type { ReportData } from './report-data.ts';

/** The Assess-phase checklist as CSV, Markdown and JSON, in the template's section order. */

export const CHECKLIST_COLUMNS = ['ID', 'Section', 'Item', 'Evaluation', 'Status', 'Evidence', 'Examples', 'Rules', 'Owner', 'Due', 'Notes', 'Why it matters', 'How to verify', 'Reference'];

/** One row per item; evidence and notes pass through the redactor (they name objects). */
export function checklistRow(e: ChecklistEntry, data: ReportData): string[] {
  const r = data.redactor;
  return [
    e.itemId,
    e.section,
    e.title + (e.gating ? ' (gating)' : ''),
    e.automatic ? 'Automatic' : 'Manual',
    STATUS_LABELS[e.status],
    r.text(e.evidence?.summary ?? '') ?? '',
    (e.evidence?.examples ?? []).map((x) => dnText(r.example(x))).join('\n'),
    (e.evidence?.ruleIds ?? []).join(', '),
    r.value(e.owner) ?? '',
    e.dueDate ?? '',
    r.text(e.notes) ?? '',
    e.why,
    e.verify,
    e.docRef,
  ];
}

export function writeChecklistCsv(data: ReportData, out: StagedFile): void {
  out.write(`\ufeff${csvRow(CHECKLIST_COLUMNS)}${data.checklist.map((e) => csvRow(checklistRow(e, data))).join('')}`);
}

/** Every cell passes through markdownText: nothing a directory holds becomes HTML or a link. */
const md = markdownText;

export function writeChecklistMarkdown(data: ReportData, out: StagedFile): void {
  const done = data.checklist.filter((e) => e.status === 'pass' || e.status === 'done').length;
  const lines = [
    `# ${md(data.checklistTemplate.title)}`,
    '',
    md(`${data.customer}, ${data.cloudName}. Assessment #${data.run.id} of ${data.redactor.text(data.run.sourceLabel)}, ${data.run.startedAt.slice(0, 10)}.`),
    md(`Template ${data.checklistTemplate.version}; endpoint snapshot for ${data.endpoints.name} dated ${data.endpoints.snapshotDate}. ${done} of ${data.checklist.length} items done or passing.`),
    '',
  ];
  for (const section of data.checklistTemplate.sections) {
    const entries = data.checklist.filter((e) => e.section === section);
    if (entries.length === 0) continue;
    lines.push(`## ${md(section)}`, '', '| ID | Item | Status | Evidence and notes | Owner | Due |', '|---|---|---|---|---|---|');
    for (const e of entries) {
      const [, , item, evaluation, status, evidence, examples, , owner, due, notes] = checklistRow(e, data);
      const detail = [evidence, examples ? `Examples: ${examples}` : '', notes ? `Notes: ${notes}` : ''].filter(Boolean).join('\n');
      lines.push(`| ${md(e.itemId)} | ${md(item!)} | ${md(`${status} (${evaluation!.toLowerCase()})`)} | ${md(detail)} | ${md(owner!)} | ${md(due!)} |`);
    }
    lines.push('');
  }
  out.write(`${lines.join('\n')}\n`);
}

export function writeChecklistJson(data: ReportData, out: StagedFile): void {
  const r = data.redactor;
  const items = data.checklist.map((e) => ({
    ...e,
    evidence: e.evidence && { ...e.evidence, summary: r.text(e.evidence.summary), examples: e.evidence.examples.map((x) => r.example(x)) },
    owner: r.value(e.owner),
    notes: r.text(e.notes),
  }));
  const doc = {
    schemaVersion: 1,
    tool: data.tool,
    template: data.checklistTemplate,
    assessment: { id: data.run.id, startedAt: data.run.startedAt, cloud: data.cloud, customer: data.customer },
    endpointSnapshot: { cloud: data.endpoints.cloud, date: data.endpoints.snapshotDate, source: data.endpoints.source },
    progress: data.summary.checklistProgress,
    items,
  };
  out.write(`${JSON.stringify(doc, null, 2)}\n`);
}
