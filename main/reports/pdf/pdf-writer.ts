import type { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { visibleText } from '../inert-text.ts';

/**
 * Page layout on top of pdfkit: headings, paragraphs, key-value blocks, and tables whose rows
 * wrap and whose header repeats on every page. Pages are written to the file as they fill (no
 * page buffering), so a thousand-page appendix costs no more memory than one page. Fonts are
 * DejaVu Sans, shipped in the dejavu-fonts-ttf package and embedded (subset) in the file.
 * Text only: nothing here makes a link, an action or a form field, and every string passes
 * through visibleText, so a directory value can neither hide characters nor reorder a line.
 */

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  condensed: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'),
  condensedBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'),
};

export const COLORS = {
  ink: '#1b2430',
  muted: '#5b6675',
  line: '#d0d6df',
  accent: '#1f5fbf',
  navy: '#15233a',
  good: '#1e7d3c',
  fair: '#a86400',
  poor: '#b3261e',
  headerFill: '#e8eef7',
  zebra: '#f6f8fb',
};

export interface Column {
  header: string;
  /** Share of the text width. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** A cell longer than this is cut with a note: one value must never fill a page. */
const MAX_CELL_CHARS = 400;
/** Tables of up to this many rows (given as an array) and this height move whole to the next page rather than split. */
const KEEP_TOGETHER_ROWS = 15;
const KEEP_TOGETHER_HEIGHT = 240;
/** What a level-2 or level-3 heading takes, with its spacing. */
const HEADING_ROOM = 45;

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly done: Promise<void>;
  private pageNumber = 0;
  private readonly footer: string;
  /** Set while a table runs, so a page break inside it repeats its header. */
  private tableHeader: (() => void) | undefined;

  constructor(out: Writable, info: { title: string; author: string; footer: string }) {
    this.doc = new PDFDocument({ size: 'LETTER', margins: { top: 60, bottom: 60, left: 54, right: 54 }, bufferPages: false, autoFirstPage: false, info: { Title: info.title, Author: info.author, Creator: info.author } });
    this.footer = visibleText(info.footer);
    this.doc.registerFont('regular', FONTS.regular);
    this.doc.registerFont('bold', FONTS.bold);
    this.doc.registerFont('condensed', FONTS.condensed);
    this.doc.registerFont('condensedBold', FONTS.condensedBold);
    this.done = new Promise((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
    });
    this.doc.pipe(out);
    this.doc.on('pageAdded', () => this.decoratePage());
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /**
   * pdfkit caches the layout of every distinct word it has set, for the whole document: with
   * thousands of distinct DNs and addresses that cache alone would grow past any memory limit.
   * Emptied at each page, it stays the size of one page's words.
   */
  private forgetWordLayouts(): void {
    const families = (this.doc as unknown as { _fontFamilies: Record<string, { layoutCache?: unknown }> })._fontFamilies;
    for (const font of Object.values(families)) if (font.layoutCache) font.layoutCache = Object.create(null);
  }

  private decoratePage(): void {
    this.pageNumber++;
    this.forgetWordLayouts();
    const { doc } = this;
    const y = doc.y;
    // Written inside the bottom margin: lift the margin meanwhile, or pdfkit would start a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(7.5).fillColor(COLORS.muted);
    doc.text(this.footer, this.left, doc.page.height - 40, { width: this.width - 60, lineBreak: false, ellipsis: true });
    doc.text(`Page ${this.pageNumber}`, this.left + this.width - 60, doc.page.height - 40, { width: 60, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
    doc.x = this.left;
    doc.y = y;
    doc.fillColor(COLORS.ink);
    this.tableHeader?.();
  }

  newPage(): void {
    this.doc.addPage();
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  heading(raw: string, level: 1 | 2 | 3 = 1, outline = level < 3): void {
    const text = visibleText(raw);
    const size = level === 1 ? 18 : level === 2 ? 13.5 : 11;
    // Room for the heading and the start of what follows it: a heading never ends a page.
    this.ensureSpace(size * 4 + (level === 1 ? 0 : 60));
    if (level === 1 && this.doc.y > this.doc.page.margins.top + 1) this.doc.moveDown(0.6);
    this.doc.font('bold').fontSize(size).fillColor(level === 1 ? COLORS.navy : COLORS.ink);
    if (outline) this.doc.outline.addItem(text);
    this.doc.text(text, this.left, this.doc.y, { width: this.width });
    if (level === 1) {
      const y = this.doc.y + 2;
      this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(1).strokeColor(COLORS.accent).stroke();
      this.doc.moveDown(0.5);
    }
    this.doc.moveDown(0.3);
    this.doc.font('regular').fontSize(9.5).fillColor(COLORS.ink);
  }

  paragraph(raw: string, options: { size?: number; color?: string; bold?: boolean } = {}): void {
    const text = visibleText(raw);
    this.doc.font(options.bold ? 'bold' : 'regular').fontSize(options.size ?? 9.5).fillColor(options.color ?? COLORS.ink);
    this.ensureSpace(this.doc.heightOfString(text, { width: this.width }));
    this.doc.text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.4);
    this.doc.fillColor(COLORS.ink);
  }

  keyValues(pairs: [string, string][], keyWidth = 150): void {
    this.doc.fontSize(9.5);
    for (const [k, raw] of pairs) {
      const v = visibleText(raw);
      this.doc.font('regular');
      const h = Math.max(this.doc.heightOfString(v, { width: this.width - keyWidth }), 12);
      this.ensureSpace(h + 3);
      const y = this.doc.y;
      this.doc.font('bold').fillColor(COLORS.muted).text(k, this.left, y, { width: keyWidth - 8 });
      this.doc.font('regular').fillColor(COLORS.ink).text(v, this.left + keyWidth, y, { width: this.width - keyWidth });
      this.doc.y = Math.max(this.doc.y, y + h) + 3;
    }
    this.doc.x = this.left;
    this.doc.moveDown(0.4);
  }

  private cell(raw: string, max: number): string {
    const text = visibleText(raw);
    return text.length > max ? `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters; full value in the spreadsheet)` : text;
  }

  private tableHeight(columns: Column[], widths: number[], rows: string[][], size: number, pad: number): number {
    const { doc } = this;
    const measure = (cells: string[], font: string) => {
      doc.font(font).fontSize(size);
      return Math.max(...cells.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
    };
    return measure(columns.map((c) => c.header), 'condensedBold') + rows.reduce((h, r) => h + measure(r.map((t) => this.cell(t ?? '', MAX_CELL_CHARS)), 'condensed'), 0);
  }

  /** A table of any length: rows are laid out one at a time, the header repeats after each page break. */
  table(
    columns: Column[],
    rows: Iterable<string[]>,
    options: { size?: number; maxCellChars?: number; rowColor?: (row: string[]) => string | undefined; heading?: { text: string; level: 2 | 3 } } = {},
  ): number {
    const size = options.size ?? 8;
    const pad = 3;
    const widths = columns.map((c) => c.width * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const drawHeader = (): void => {
      const { doc } = this;
      doc.font('condensedBold').fontSize(size);
      const h = Math.max(...columns.map((c, i) => doc.heightOfString(c.header, { width: widths[i]! - 2 * pad }))) + 2 * pad;
      const y = doc.y;
      doc.rect(this.left, y, this.width, h).fill(COLORS.headerFill);
      doc.fillColor(COLORS.ink);
      columns.forEach((c, i) => doc.text(c.header, xs[i]! + pad, y + pad, { width: widths[i]! - 2 * pad, align: c.align ?? 'left' }));
      doc.y = y + h;
      doc.font('condensed');
    };
    // A short table moves whole to the next page rather than leave a row or two alone there; a
    // long one splits (with its header repeated), so its heading never ends a page on its own.
    const short = Array.isArray(rows) && rows.length <= KEEP_TOGETHER_ROWS ? this.tableHeight(columns, widths, rows as string[][], size, pad) : Infinity;
    const first = short <= KEEP_TOGETHER_HEIGHT ? short : 40;
    // A table's own heading goes wherever the table starts.
    if (options.heading) {
      this.ensureSpace(first + HEADING_ROOM);
      this.heading(options.heading.text, options.heading.level);
    }
    this.ensureSpace(first);
    drawHeader();
    this.tableHeader = drawHeader;
    let n = 0;
    for (const raw of rows) {
      const row = raw.map((t) => this.cell(t ?? '', options.maxCellChars ?? MAX_CELL_CHARS));
      const { doc } = this;
      doc.font('condensed').fontSize(size);
      const h = Math.max(...row.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
      this.ensureSpace(h);
      const y = doc.y;
      if (n % 2 === 1) doc.rect(this.left, y, this.width, h).fill(COLORS.zebra);
      row.forEach((t, i) => {
        doc.fillColor((i === 0 ? options.rowColor?.(raw) : undefined) ?? COLORS.ink);
        doc.text(t, xs[i]! + pad, y + pad, { width: widths[i]! - 2 * pad, align: columns[i]!.align ?? 'left' });
      });
      doc.y = y + h;
      n++;
    }
    this.tableHeader = undefined;
    this.doc.fillColor(COLORS.ink).x = this.left;
    this.doc.moveDown(0.6);
    return n;
  }

  /** Horizontal bars 0–100, one per label: the category scores chart. */
  barChart(bars: { label: string; value: number | null; note?: string }[]): void {
    const { doc } = this;
    const labelWidth = 190;
    const barWidth = this.width - labelWidth - 60;
    const rowHeight = 20;
    this.ensureSpace(bars.length * rowHeight + 10);
    for (const b of bars) {
      const y = doc.y;
      doc.font('regular').fontSize(9).fillColor(COLORS.ink).text(b.label, this.left, y + 3, { width: labelWidth - 8, lineBreak: false, ellipsis: true });
      doc.rect(this.left + labelWidth, y + 3, barWidth, 10).fill('#e3e7ed');
      if (b.value !== null) doc.rect(this.left + labelWidth, y + 3, (barWidth * b.value) / 100, 10).fill(toneOf(b.value));
      doc.font('bold').fontSize(9).fillColor(COLORS.ink).text(b.value === null ? 'n/a' : b.value.toFixed(1), this.left + labelWidth + barWidth + 8, y + 3, { width: 52, lineBreak: false });
      doc.y = y + rowHeight;
    }
    doc.x = this.left;
    doc.moveDown(0.3);
  }

  async finish(): Promise<void> {
    this.doc.end();
    await this.done;
  }
}

export function toneOf(score: number | null): string {
  if (score === null) return COLORS.muted;
  return score >= 90 ? COLORS.good : score >= 70 ? COLORS.fair : COLORS.poor;
}
