/**
 * Directory values are written by many hands, and some are hostile: whatever a report shows of
 * them must stay data in the program that opens the report. Each output has its own rule here;
 * the hostile-values test throws one set of values at all of them.
 */

/** C0 and C1 controls and DEL (tab and line feed are the caller's to keep or not). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Characters that reorder the text around them (the "Trojan Source" family) or hide in it. */
const INVISIBLE_FORMAT = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

const codePoint = (c: string): string => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Text for a person to read (PDF, Markdown, spreadsheets): control characters become their
 * visible Control Pictures (U+2400…), and direction overrides become `[U+202E]`, so a value can
 * neither reorder the line it is in nor hide what it holds. Line feeds and tabs are kept.
 */
export function visibleText(s: string): string {
  return s
    .replace(CONTROL, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : `[${codePoint(c)}]`;
    })
    .replace(INVISIBLE_FORMAT, (c) => `[${codePoint(c)}]`);
}

/**
 * For a terminal: every control character (escape sequences included) and direction override
 * printed as an escape, so text from an input file can never move the cursor, recolour the
 * screen or retitle the window.
 */
export function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A DN as written to any file: characters RFC 4514 requires escaped, or that no reader should
 * meet raw (NUL, line breaks and every other control character), as `\XX` hex escapes. AD
 * compares an escaped character equal to the character, so the DN still names the same object.
 */
export function dnText(dn: string): string {
  return dn.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Excel (and LibreOffice) run a cell starting with one of these as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

/** A cell value that a spreadsheet shows as text: a leading `'` where it would start a formula. */
export function spreadsheetText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** Excel's limit for one cell. */
const XLSX_CELL_CHARS = 32_767;

/**
 * A cell of an XLSX sheet. It is stored as a text cell, which Excel never evaluates (unlike a CSV
 * cell, it needs no `'`); controls are made visible (XML 1.0 cannot carry most of them), `_xHHHH_`
 * is kept literal (Excel would decode it), and the text is cut to Excel's cell limit with a note.
 */
export function xlsxText(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  let t = visibleText(s.replace(/\r\n?/g, '\n')).replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  if (t.length > XLSX_CELL_CHARS) {
    const note = ` … (cut: ${t.length} characters)`;
    t = t.slice(0, XLSX_CELL_CHARS - note.length) + note;
  }
  return t;
}

/**
 * Markdown that renders every character as itself: no HTML, no link, no image, no emphasis, no
 * math, no table cell break. HTML's three specials become entities; the characters that start
 * inline markup are backslash-escaped (CommonMark allows it for any ASCII punctuation), and so are
 * the `:`, `@` and the dot of `www.` that GitHub's extensions would auto-link (`javascript:`,
 * `name@host`, `www.host`). Line breaks become `<br>`, the one tag this writer adds. Cells never
 * start a line, so list and heading markers (`-`, `#`, `1.`) need no escape.
 */
export function markdownText(s: string): string {
  return visibleText(s.replace(/\r\n?/g, '\n').replace(/\t/g, ' '))
    .replace(/[\\`*_[\]|~!$:@&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .replace(/(www)\./gi, '$1\\.')
    .replace(/\n/g, '<br>');
}
