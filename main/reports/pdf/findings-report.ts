import { settingsInWords } from '../../../shared/run-settings.ts';
import { planOf, pointsText, SEVERITY_WORDS, WORK_MODEL_TEXT, workInWords } from '../../../shared/plan.ts';
import type Database from 'better-sqlite3';
import type { StagedFile } from '../../files/staged-files.ts';
import { CATEGORY_TITLES } from '../../../shared/scoring.ts';
import { STATUS_LABELS } from '../../../shared/checklist.ts';
import { dnText } from '../inert-text.ts';
import type { ReportData } from '../report-data.ts';
import { sheetName } from '../xlsx.ts';
import { COLORS, PdfWriter } from './pdf-writer.ts';

/**
 * The findings report a consultant hands over: cover, executive summary, change since the
 * previous run, top issues, mail completeness, directory infrastructure, the checklist, how the
 * scores are computed, and an appendix of findings by rule (capped per rule, with a pointer to the
 * spreadsheet for the rest).
 */

export interface PdfOptions {
  /** Findings listed per rule in the appendix before pointing to the spreadsheet. */
  appendixRowsPerRule?: number;
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, word: string): string => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
const score = (n: number | null | undefined): string => (n === null || n === undefined ? 'n/a' : n.toFixed(1));
const date = (iso: string): string => new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

function directoryName(data: ReportData): string {
  const d = data.summary.directory;
  const domain = d?.domains?.[0]?.dnsName ?? d?.defaultNamingContext ?? null;
  return data.redactor.text(domain ? `${domain} (${data.run.sourceLabel})` : data.run.sourceLabel)!;
}

function cover(w: PdfWriter, data: ReportData): void {
  const { doc } = w;
  w.newPage();
  doc.rect(0, 0, doc.page.width, 200).fill(COLORS.navy);
  doc.font('bold').fontSize(26).fillColor('#ffffff').text('Directory readiness report', w.left, 70, { width: w.width });
  doc.font('regular').fontSize(13).fillColor('#c7d3e6').text(`Active Directory to Microsoft 365 ${data.cloudName}: Assess phase`, w.left, 110, { width: w.width });
  doc.y = 240;
  doc.fillColor(COLORS.ink);
  w.keyValues(
    [
      ['Customer', data.customer],
      ['Cloud', `Microsoft 365 ${data.cloudName}`],
      ['Assessment', `#${data.run.id}, ${date(data.run.startedAt)}`],
      ['Directory', directoryName(data)],
      ['Objects assessed', `${fmt(data.summary.objects)} (${fmt(data.summary.inScope)} in sync scope)`],
      ['Tool', `${data.tool.name} ${data.tool.version}`],
      ['Reference data', `TLD list: ${data.summary.tldList.package} ${data.summary.tldList.version}${data.summary.tldList.date ? ` (${data.summary.tldList.date})` : ''}; endpoint snapshot ${data.endpoints.snapshotDate}; checklist ${data.checklistTemplate.version}`],
      ['Report generated', date(data.generatedAt)],
    ],
    130,
  );
  doc.moveDown(1.5);
  const s = data.summary;
  const y = doc.y;
  doc.font('bold').fontSize(44).fillColor(s.readyToSynchronize ? COLORS.good : COLORS.poor).text(score(s.scores.overall), w.left, y, { width: 140 });
  doc.font('regular').fontSize(10).fillColor(COLORS.muted).text('overall readiness, out of 100', w.left, y + 52, { width: 160 });
  const verdict = s.readiness.status !== 'assessed' ? s.readiness.reason! : s.readyToSynchronize ? 'Ready to synchronize: no blocker.' : `Not ready to synchronize: ${fmt(s.blockers)} blocker${s.blockers === 1 ? '' : 's'}.`;
  doc
    .font('bold')
    .fontSize(verdict.length > 80 ? 11 : 14)
    .fillColor(s.readyToSynchronize ? COLORS.good : COLORS.poor)
    .text(verdict, w.left + 170, y + 12, { width: w.width - 170 });
  doc.y = Math.max(y + 90, doc.y + 12);
  if (data.redactor.enabled) w.paragraph('Redacted copy: names and addresses are masked consistently (the same person keeps the same mask); top-level domains are kept.', { color: COLORS.muted, size: 9 });
}

function executiveSummary(w: PdfWriter, data: ReportData): void {
  const s = data.summary;
  w.newPage();
  w.heading('Executive summary');
  const verdict =
    s.readiness.status === 'not-assessed'
      ? `${data.customer}'s directory could not be assessed for synchronization to Microsoft 365 ${data.cloudName}. ${s.readiness.reason}`
      : `${data.customer}'s directory scores ${score(s.scores.overall)} out of 100 for synchronization to Microsoft 365 ${data.cloudName}${s.readiness.status === 'incomplete' ? ` (${s.readiness.reason})` : ''}. ` +
      (s.readyToSynchronize
        ? 'Nothing blocks synchronization; the remaining findings degrade what users get in the cloud and should be fixed before cut-over.'
        : s.blockers > 0
          ? `${fmt(s.blockers)} blocker findings must be fixed before Entra Connect can export every object; "ready to synchronize" means zero blockers.`
          : 'No blocker was found in what could be read, but the data is incomplete, so it is not called ready.');
  w.paragraph(verdict);
  for (const note of s.coverage.notes) w.paragraph(note, { color: COLORS.muted });
  w.keyValues([
    ['Objects read', `${fmt(s.objects)}: ${fmt(s.byClass.user.objects)} users, ${fmt(s.byClass.contact.objects)} contacts, ${fmt(s.byClass.group.objects)} groups`],
    ['In sync scope', `${fmt(s.inScope)} (${fmt(s.excluded)} left out by Entra Connect's default rules or the agreed scope)`],
    ['Mail-enabled', fmt(s.mailEnabled)],
    ['Findings', `${fmt(s.findings)}: ${fmt(s.bySeverity.blocker)} blocker, ${fmt(s.bySeverity.error)} error, ${fmt(s.bySeverity.warning)} warning, ${fmt(s.bySeverity.info)} info`],
    ['Checklist', s.checklistProgress === null ? 'not assessed' : `${Math.round(s.checklistProgress * 100)}% done`],
    ['Computed for', settingsInWords(data.run.settings)],
  ]);
  if (s.sources.length > 1) sourcesTable(w, data);
  fixPlan(w, data);
  // The heading goes with its chart (a bar a row, 20 points each, and the heading's own room).
  w.ensureSpace((s.scoreModel.details.categories.length + 1) * 20 + 70);
  w.heading('Readiness by category', 2);
  w.barChart([
    { label: 'Overall', value: s.scores.overall ?? null },
    ...s.scoreModel.details.categories.map((c) => ({ label: `${c.title} (${Math.round(c.weight * 100)}%)`, value: c.score })),
  ]);
}

/** How many fixes the executive summary lists (every one is in the appendix). */
const PLAN_ROWS = 10;

/** The Dashboard's plan, said the same way: what blocks synchronization first, then points regained per object. */
function fixPlan(w: PdfWriter, data: ReportData): void {
  const plan = planOf(data.summary.byRule, data.summary.scoreModel.details.categories);
  if (plan.length === 0) return;
  const blocking = plan.filter((p) => p.blocksSync);
  w.heading('What to fix, in order', 2);
  const objects = blocking.reduce((n, p) => n + p.objects, 0);
  const minutes = blocking.reduce((n, p) => n + p.minutes, 0);
  w.paragraph(
    blocking.length === 0
      ? 'Nothing blocks synchronization; the fixes below improve what users get in the cloud, in order of readiness points regained per object touched.'
      : `${fmt(blocking.length)} fix${blocking.length === 1 ? '' : 'es'} over ${fmt(objects)} objects block synchronization: ${workInWords(minutes)} of work. Then the rest, in order of readiness points regained per object touched.`,
  );
  const shown = plan.slice(0, Math.max(PLAN_ROWS, blocking.length));
  w.table(
    [
      { header: 'Fix', width: 0.44 },
      { header: 'Severity', width: 0.2 },
      { header: 'Objects', width: 0.1, align: 'right' },
      { header: 'Points', width: 0.1, align: 'right' },
      { header: 'Work', width: 0.16 },
    ],
    shown.map((p) => [p.title, SEVERITY_WORDS[p.severity], fmt(p.objects), pointsText(p.points), workInWords(p.minutes).replace(/^about /, '')]),
  );
  if (plan.length > shown.length) w.paragraph(`And ${fmt(plan.length - shown.length)} more fixes, listed by rule in the appendix.`, { size: 9, color: COLORS.muted });
  w.paragraph(WORK_MODEL_TEXT, { size: 8.5, color: COLORS.muted });
}

/** Several forests or domains read as one run: what each brought (uniqueness was checked across all). */
function sourcesTable(w: PdfWriter, data: ReportData): void {
  const sources = data.summary.sources;
  w.heading(`${sources.length} sources, assessed as one run`, 2);
  w.paragraph('Entra Connect syncs them into one tenant, so uniqueness was checked across all of them: a value held in two sources is a duplicate in both. Each finding in the spreadsheets names its source.', { size: 9 });
  w.table(
    [
      { header: 'Source', width: 0.4 },
      { header: 'Objects', width: 0.12, align: 'right' },
      { header: 'In scope', width: 0.12, align: 'right' },
      { header: 'Excluded', width: 0.12, align: 'right' },
      { header: 'Findings', width: 0.12, align: 'right' },
      { header: 'Blockers', width: 0.12, align: 'right' },
    ],
    sources.map((src) => [data.redactor.text(src.label)!, fmt(src.objects), fmt(src.inScope), fmt(src.excluded), fmt(src.findings), fmt(src.blockers)]),
  );
}

function changeSincePrevious(w: PdfWriter, data: ReportData): void {
  w.heading('Change since the previous run');
  const p = data.previous;
  if (!p) {
    w.paragraph('This is the first completed assessment of this directory in this workspace: the next run will be compared with it.');
    return;
  }
  const s = data.summary;
  const delta = (now: number | null | undefined, before: number | null | undefined, digits = 1): string => {
    if (now === null || now === undefined || before === null || before === undefined) return '';
    const d = now - before;
    return d === 0 ? 'no change' : `${d > 0 ? '+' : ''}${digits ? d.toFixed(digits) : fmt(d)}`;
  };
  const rows: string[][] = [
    ['Overall readiness', score(p.summary.scores.overall), score(s.scores.overall), delta(s.scores.overall, p.summary.scores.overall)],
    ...s.scoreModel.details.categories.map((c) => [c.title, score(p.summary.scores[c.category]), score(c.score), delta(c.score, p.summary.scores[c.category])]),
    ['Blockers', fmt(p.summary.blockers), fmt(s.blockers), delta(s.blockers, p.summary.blockers, 0)],
    ['Findings', fmt(p.summary.findings), fmt(s.findings), delta(s.findings, p.summary.findings, 0)],
    ['Objects in scope', fmt(p.summary.inScope), fmt(s.inScope), delta(s.inScope, p.summary.inScope, 0)],
  ];
  w.table(
    [
      { header: 'Measure', width: 0.4 },
      { header: `Run #${p.id}, ${date(p.startedAt)}`, width: 0.22, align: 'right' },
      { header: `Run #${data.run.id}, ${date(data.run.startedAt)}`, width: 0.22, align: 'right' },
      { header: 'Change', width: 0.16, align: 'right' },
    ],
    rows,
    { size: 9 },
  );
  const before = new Map(p.summary.byRule.map((r) => [`${r.ruleId}|${r.severity}`, r.findings]));
  const now = new Map(s.byRule.map((r) => [`${r.ruleId}|${r.severity}`, r.findings]));
  const moved = [...new Set([...before.keys(), ...now.keys()])]
    .map((k) => ({ k, b: before.get(k) ?? 0, n: now.get(k) ?? 0 }))
    .filter((x) => x.b !== x.n)
    .sort((a, b) => Math.abs(b.n - b.b) - Math.abs(a.n - a.b))
    .slice(0, 12);
  if (moved.length) {
    w.heading('Rules that moved most', 3, false);
    w.table(
      [
        { header: 'Rule', width: 0.52 },
        { header: 'Before', width: 0.16, align: 'right' },
        { header: 'Now', width: 0.16, align: 'right' },
        { header: 'Change', width: 0.16, align: 'right' },
      ],
      moved.map((m) => [m.k.replace('|', ', '), fmt(m.b), fmt(m.n), `${m.n - m.b > 0 ? '+' : ''}${fmt(m.n - m.b)}`]),
    );
  }
}

function topIssues(w: PdfWriter, data: ReportData): void {
  w.newPage();
  w.heading('Top issues by impact');
  w.paragraph('The rules that cost the most readiness points, with examples. Every finding is listed in the appendix and in findings.xlsx.', { color: COLORS.muted });
  if (data.topIssues.length === 0) w.paragraph('No finding: nothing to fix.');
  const r = data.redactor;
  data.topIssues.forEach((t, i) => {
    // Heading, why, fix and five examples stay on one page.
    w.ensureSpace(230);
    w.heading(`${i + 1}. ${t.rule.title}`, 3, false);
    w.paragraph(`${t.severity.toUpperCase()} · ${fmt(t.affectedObjects)} objects · ${fmt(t.findings)} findings · ${t.points.toFixed(1)} points lost · rule ${t.rule.ruleId}`, { size: 8.5, color: COLORS.muted });
    w.paragraph(`Why it matters: ${t.rule.why}`, { size: 9 });
    w.paragraph(`How to fix: ${t.rule.fix}`, { size: 9 });
    w.table(
      [
        { header: 'Object', width: 0.46 },
        { header: 'Value', width: 0.27 },
        { header: 'Suggested value', width: 0.27 },
      ],
      t.examples.map((e) => [dnText(r.text(e.dn)!), r.value(e.value) ?? '(none)', r.value(e.suggested) ?? '']),
    );
  });
}

function completeness(w: PdfWriter, data: ReportData): void {
  w.newPage();
  w.heading('Mail-attribute completeness');
  w.paragraph('The share of in-scope, mail-enabled objects whose mail attributes are present and valid: what a migration from a third-party mail directory must fill first.', { color: COLORS.muted });
  const sum = (key: (r: ReportData['completeness'][number]) => string) => {
    const m = new Map<string, { total: number; complete: number }>();
    for (const r of data.completeness) {
      const c = m.get(key(r)) ?? { total: 0, complete: 0 };
      c.total += r.total;
      c.complete += r.complete;
      m.set(key(r), c);
    }
    return [...m.entries()];
  };
  const pct = (c: { total: number; complete: number }) => (c.total === 0 ? 'n/a' : `${((100 * c.complete) / c.total).toFixed(1)}%`);
  w.barChart(sum((r) => r.attribute).map(([k, c]) => ({ label: k, value: c.total === 0 ? null : (100 * c.complete) / c.total })));
  w.heading('By attribute and class', 3, false);
  w.table(
    [
      { header: 'Attribute', width: 0.3 },
      { header: 'Class', width: 0.2 },
      { header: 'Complete', width: 0.17, align: 'right' },
      { header: 'Objects', width: 0.17, align: 'right' },
      { header: 'Share', width: 0.16, align: 'right' },
    ],
    sum((r) => `${r.attribute}|${r.objectClass}`).map(([k, c]) => [...k.split('|'), fmt(c.complete), fmt(c.total), pct(c)]),
  );
}

function infrastructure(w: PdfWriter, data: ReportData): void {
  w.heading('Directory infrastructure');
  if (!data.summary.directory) {
    w.paragraph('Assessed from an export, which carries no RootDSE, configuration or schema: the checks that need them are "not assessed". A live scan assesses them.', { color: COLORS.muted });
  }
  const tone: Record<string, string> = { pass: COLORS.good, warn: COLORS.fair, fail: COLORS.poor };
  w.table(
    [
      { header: 'Status', width: 0.12 },
      { header: 'Check', width: 0.33 },
      { header: 'Evidence', width: 0.55 },
    ],
    data.summary.directoryChecks.map((c) => [c.status, c.title, data.redactor.text(c.detail)!]),
    { rowColor: (row) => tone[row[0]!] },
  );
}

function checklist(w: PdfWriter, data: ReportData): void {
  w.newPage();
  w.heading('Remediation checklist');
  const r = data.redactor;
  const done = data.checklist.filter((e) => e.status === 'pass' || e.status === 'done').length;
  w.paragraph(
    `${data.checklistTemplate.title}, template ${data.checklistTemplate.version}, for ${data.cloudName}: ${done} of ${data.checklist.length} items done or passing. Automatic items are evaluated from this assessment's evidence; manual items carry the status, owner, due date and notes recorded in the workbench.`,
    { color: COLORS.muted },
  );
  const tone: Record<string, string> = { Pass: COLORS.good, Done: COLORS.good, Review: COLORS.fair, 'In progress': COLORS.fair, Fail: COLORS.poor, Blocked: COLORS.poor };
  for (const section of data.checklistTemplate.sections) {
    const entries = data.checklist.filter((e) => e.section === section);
    if (entries.length === 0) continue;
    w.table(
      [
        { header: 'Status', width: 0.11 },
        { header: 'Item', width: 0.33 },
        { header: 'Evidence and notes', width: 0.42 },
        { header: 'Owner, due', width: 0.14 },
      ],
      entries.map((e) => [
        STATUS_LABELS[e.status],
        `${e.itemId} ${e.title}${e.gating ? ' (gating)' : ''}\n${e.automatic ? 'Automatic' : 'Manual'}. Verify: ${e.verify}`,
        [r.text(e.evidence?.summary ?? '') ?? '', ...(e.evidence?.examples ?? []).slice(0, 3).map((x) => `· ${r.example(x)}`), e.notes ? `Notes: ${r.text(e.notes)}` : ''].filter(Boolean).join('\n'),
        [r.value(e.owner), e.dueDate].filter(Boolean).join('\n'),
      ]),
      { rowColor: (row) => tone[row[0]!], maxCellChars: 1500, heading: { text: section, level: 2 } },
    );
  }
  // The snapshot's heading, notes and table read as one block.
  w.ensureSpace(330);
  w.heading(`Endpoint snapshot: ${data.endpoints.name}, dated ${data.endpoints.snapshotDate}`, 2);
  w.paragraph(`${data.endpoints.note} Source: ${data.endpoints.source}. Tenant routing domain: ${data.endpoints.tenantRoutingDomain}. Entra ID instance: ${data.endpoints.entraInstance}.`, { size: 8.5, color: COLORS.muted });
  if (data.endpoints.inboundAllowList) w.paragraph(`Gating: ${data.endpoints.inboundAllowList}`, { size: 9, bold: true });
  w.table(
    [
      { header: 'Service', width: 0.2 },
      { header: `Addresses (snapshot ${data.endpoints.snapshotDate})`, width: 0.55 },
      { header: 'Ports', width: 0.25 },
    ],
    data.endpoints.groups.map((g) => [g.service, g.urls.join('\n'), g.ports]),
  );
}

function scoring(w: PdfWriter, data: ReportData): void {
  w.newPage();
  w.heading('How the scores are computed');
  const m = data.summary.scoreModel;
  w.paragraph(
    'Each rule category (identity and UPN, mail attributes, uniqueness) starts at 100 and loses 100 × severity weight × affected objects ÷ the category population for each rule. ' +
      'Directory infrastructure is the weighted share of its checks passed (a warning counts half). Checklist progress is the share of applicable items done (under way counts half). ' +
      'The overall score is the weighted mean of the categories assessed. Fixing a finding never lowers a score, and the same data always gives the same score.',
  );
  w.keyValues([
    ['Severity weights', Object.entries(m.severityWeights).map(([k, v]) => `${k} ${v}`).join(', ')],
    ['Category weights', Object.entries(m.categoryWeights).map(([k, v]) => `${CATEGORY_TITLES[k as keyof typeof CATEGORY_TITLES] ?? k} ${Math.round(v * 100)}%`).join(', ')],
    ['Populations', Object.entries(m.denominators).map(([k, v]) => `${k}: ${v}`).join('; ')],
  ]);
  w.heading('Points lost', 2);
  w.table(
    [
      { header: 'Category', width: 0.26 },
      { header: 'Source (rule or check)', width: 0.38 },
      { header: 'Severity', width: 0.12 },
      { header: 'Objects', width: 0.12, align: 'right' },
      { header: 'Points', width: 0.12, align: 'right' },
    ],
    m.details.categories.flatMap((c) => c.lost.map((l) => [c.title, l.source, l.severity ?? '', l.affected === undefined ? '' : fmt(l.affected), l.points < 0.1 ? '< 0.1' : `−${l.points.toFixed(1)}`])),
  );
}

function* appendixRows(db: Database.Database, data: ReportData, ruleId: string, severity: string, limit: number): Generator<string[]> {
  const r = data.redactor;
  const rows = db
    .prepare('SELECT dn, value, suggested_value FROM findings WHERE assessment_id = ? AND rule_id = ? AND severity = ? ORDER BY dn, id LIMIT ?')
    .iterate(data.run.id, ruleId, severity, limit) as Iterable<{ dn: string; value: string | null; suggested_value: string | null }>;
  for (const f of rows) yield [dnText(r.text(f.dn)!), r.value(f.value) ?? '', r.value(f.suggested_value) ?? ''];
}

function appendix(w: PdfWriter, db: Database.Database, data: ReportData, perRule: number): void {
  w.newPage();
  w.heading('Appendix: findings by rule');
  w.paragraph(`Up to ${fmt(perRule)} findings per rule, sorted by object. findings.xlsx lists every finding, one sheet per rule.`, { color: COLORS.muted });
  const order = { blocker: 0, error: 1, warning: 2, info: 3 };
  const rules = [...data.summary.byRule].sort((a, b) => order[a.severity] - order[b.severity] || a.ruleId.localeCompare(b.ruleId));
  for (const rule of rules) {
    w.ensureSpace(90);
    w.heading(`${rule.title} (${rule.ruleId}, ${rule.severity})`, 3, true);
    w.paragraph(`${plural(rule.findings, 'finding')} on ${plural(rule.affectedObjects, 'object')}.`, { size: 8.5, color: COLORS.muted });
    w.table(
      [
        { header: 'Object', width: 0.5 },
        { header: 'Value', width: 0.25 },
        { header: 'Suggested value', width: 0.25 },
      ],
      appendixRows(db, data, rule.ruleId, rule.severity, perRule),
      { size: 7.5 },
    );
    if (rule.findings > perRule) {
      w.paragraph(`… and ${fmt(rule.findings - perRule)} more: see findings.xlsx, sheet "${sheetName(rule.ruleId)}".`, { size: 8.5, color: COLORS.accent });
    }
  }
}

export async function writeFindingsPdf(db: Database.Database, data: ReportData, out: StagedFile, options: PdfOptions = {}): Promise<void> {
  const w = new PdfWriter(out.stream(), {
    title: `Directory readiness report: ${data.customer}`,
    author: `${data.tool.name} ${data.tool.version}`,
    footer: `${data.customer} · Microsoft 365 ${data.cloudName} · assessment #${data.run.id} · ${date(data.run.startedAt)}${data.redactor.enabled ? ' · redacted' : ''}`,
  });
  cover(w, data);
  executiveSummary(w, data);
  changeSincePrevious(w, data);
  topIssues(w, data);
  completeness(w, data);
  infrastructure(w, data);
  checklist(w, data);
  scoring(w, data);
  appendix(w, db, data, options.appendixRowsPerRule ?? 100);
  await w.finish();
}
