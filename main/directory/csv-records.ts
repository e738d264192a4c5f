import { StringDecoder } from 'node:string_decoder';
import { SourceError } from './source-error.ts';

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/**
 * No field may be longer than this: the member list of a 350,000-member group is about 20 million
 * characters; a quote opened and never closed would otherwise make the rest of a file one field.
 */
export const MAX_FIELD_CHARS = 64 * 1024 * 1024;

/**
 * RFC 4180 records streamed from chunks: quoted fields with doubled quotes, commas and line breaks
 * inside quotes, CRLF or LF. Blank lines are skipped. Bad quoting is an error naming the line.
 * Fields are cut from the text in slices between the characters that matter (a quote, a comma, a
 * line end), never built a character at a time: a 20 MB cell costs one slice per chunk it spans.
 */
export async function* readCsvRecords(chunks: AsyncIterable<Buffer | string>, file: string): AsyncGenerator<CsvRecord[]> {
  const decoder = new StringDecoder('utf8');
  let fields: string[] = [];
  /** The current field's pieces (it may span chunks, and "" inside quotes is one quote), and their length. */
  let parts: string[] = [];
  let size = 0;
  let inQuotes = false;
  let quoted = false; // the current field was quoted and its closing quote was seen
  let pendingQuote = false; // saw a quote inside quotes: either "" or the closing quote
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let first = true;

  const take = (piece: string): void => {
    if (piece.length === 0) return;
    size += piece.length;
    if (size > MAX_FIELD_CHARS) {
      const why = inQuotes ? ': a quote opened here is never closed, or the field really is that long' : '';
      throw new SourceError(file, inQuotes ? quoteLine : line, `a field longer than ${MAX_FIELD_CHARS / (1024 * 1024)} million characters${why}`);
    }
    parts.push(piece);
  };
  const endField = (): void => {
    fields.push(parts.length === 1 ? parts[0]! : parts.join(''));
    parts = [];
    size = 0;
    quoted = false;
  };
  const endRecord = (out: CsvRecord[]): void => {
    const blank = fields.length === 0 && size === 0 && !quoted;
    endField();
    if (!blank) out.push({ fields, line: recordLine });
    fields = [];
  };

  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // BOM written by Export-Csv -Encoding UTF8
      first = false;
    }
    const out: CsvRecord[] = [];
    const n = text.length;
    for (let i = 0; i < n; ) {
      if (pendingQuote) {
        pendingQuote = false;
        if (text.charCodeAt(i) === 34) {
          take('"');
          i++;
          continue;
        }
        inQuotes = false;
        quoted = true;
        const c = text[i]!;
        if (c !== ',' && c !== '\n' && c !== '\r') throw new SourceError(file, line, `unexpected "${c}" after a closing quote`);
      }
      if (inQuotes) {
        const close = text.indexOf('"', i);
        const end = close < 0 ? n : close;
        for (let lf = text.indexOf('\n', i); lf >= 0 && lf < end; lf = text.indexOf('\n', lf + 1)) line++;
        take(text.slice(i, end));
        if (close < 0) break;
        pendingQuote = true;
        i = close + 1;
        continue;
      }
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13 || c === 34) break;
        j++;
      }
      if (j > i) {
        if (quoted) throw new SourceError(file, line, `unexpected "${text[i]}" after a closing quote`);
        take(text.slice(i, j));
      }
      if (j === n) break;
      const c = text.charCodeAt(j);
      if (c === 44) endField();
      else if (c === 10) {
        endRecord(out);
        line++;
        recordLine = line;
      } else if (c === 34) {
        if (size > 0 || quoted) throw new SourceError(file, line, 'a quote inside an unquoted field (the field must be quoted and its quotes doubled)');
        inQuotes = true;
        quoteLine = line;
      }
      // A CR (of a CRLF, or alone) is dropped.
      i = j + 1;
    }
    if (out.length > 0) yield out;
  }
  if (inQuotes && !pendingQuote) throw new SourceError(file, recordLine, 'a quoted field is never closed');
  if (pendingQuote) {
    inQuotes = false;
    quoted = true;
  }
  const out: CsvRecord[] = [];
  if (fields.length > 0 || size > 0 || quoted) endRecord(out);
  if (out.length > 0) yield out;
}
