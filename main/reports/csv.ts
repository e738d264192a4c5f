import { spreadsheetText } from './inert-text.ts';

/**
 * RFC 4180 field, safe to open in Excel: a value that would start a formula gets a leading `'`
 * (OWASP), and a field is quoted when it holds a comma, quote, line break or edge whitespace, or
 * was neutralized.
 */
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = spreadsheetText(value);
  return text !== value || /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(fields: (string | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
