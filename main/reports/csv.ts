/** RFC 4180 field: quoted when it holds a comma, quote, line break or edge whitespace. */
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(fields: (string | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
