/** The CSV record reader as it was before it read fields in slices (a character at a time): the reference the property test compares with. */
import { StringDecoder } from 'node:string_decoder';
import { SourceError } from '../../../main/directory/source-error.ts';

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/**
 * RFC 4180 records streamed from chunks: quoted fields with doubled quotes, commas and line breaks
 * inside quotes, CRLF or LF. Blank lines are skipped. Bad quoting is an error naming the line.
 */
export async function* readCsvRecordsCharByChar(chunks: AsyncIterable<Buffer | string>, file: string): AsyncGenerator<CsvRecord[]> {
  const decoder = new StringDecoder('utf8');
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoted = false; // the current field was quoted and its closing quote was seen
  let line = 1;
  let recordLine = 1;
  let pendingQuote = false; // saw a quote inside quotes: either "" or the closing quote
  let first = true;

  const endRecord = (out: CsvRecord[]): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !quoted)) out.push({ fields, line: recordLine });
    fields = [];
    field = '';
    quoted = false;
  };

  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // BOM written by Export-Csv -Encoding UTF8
      first = false;
    }
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (pendingQuote) {
        pendingQuote = false;
        if (c === '"') {
          field += '"';
          continue;
        }
        inQuotes = false;
        quoted = true;
        if (c !== ',' && c !== '\n' && c !== '\r') {
          throw new SourceError(file, line, `unexpected "${c}" after a closing quote`);
        }
      }
      if (inQuotes) {
        if (c === '"') pendingQuote = true;
        else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        quoted = false;
      } else if (c === '\n') {
        endRecord(out);
        line++;
        recordLine = line;
      } else if (c === '\r') {
        // part of CRLF; a lone CR is dropped as well
      } else if (c === '"') {
        if (field.length > 0 || quoted) throw new SourceError(file, line, 'a quote inside an unquoted field (the field must be quoted and its quotes doubled)');
        inQuotes = true;
      } else {
        if (quoted) throw new SourceError(file, line, `unexpected "${c}" after a closing quote`);
        field += c;
      }
    }
    if (out.length > 0) yield out;
  }
  if (inQuotes && !pendingQuote) throw new SourceError(file, recordLine, 'a quoted field is never closed');
  if (pendingQuote) {
    inQuotes = false;
    quoted = true;
  }
  const out: CsvRecord[] = [];
  if (fields.length > 0 || field.length > 0 || quoted) endRecord(out);
  if (out.length > 0) yield out;
}
