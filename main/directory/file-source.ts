import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { basename } from 'node:path';
import type { DirectoryObject } from '../../shared/directory-object.ts';
import { resourcePath } from '../resources.ts';
import { readCsv } from './csv-reader.ts';
import { readLdif } from './ldif-reader.ts';
import { dataDate, newestWhenChanged } from './data-date.ts';
import { EXPORT_ATTRIBUTES } from './export-instructions.ts';
import { sniffExport } from './sniff.ts';
import { SourceError } from './source-error.ts';
import type { Source, SourceDescriptor } from './source.ts';

export const SAMPLE_DIRECTORY = resourcePath('sample', 'fcra-directory.ldif');

/** The day the sample describes: its logon times count back from this moment (scripts/sample/agency.ts). */
export const SAMPLE_AS_OF = '2025-11-19T04:26:40.000Z';

/**
 * An offline export (LDIF or CSV) or the built-in sample, opened as a streamed Source. The file's
 * SHA-256 is computed while it streams, so the run records exactly which export it assessed.
 */
/** LDIF files larger than this are read by parallel workers (small ones are not worth a thread). */
export const PARALLEL_LDIF_BYTES = Number(process.env.ADRW_PARALLEL_BYTES ?? 8 << 20);

/** Asked for by the export commands, but nothing is lost without them: the class and the name come from elsewhere. */
const NOT_NEEDED: ReadonlySet<string> = new Set(['objectCategory', 'cn']);

export function openFileSource(path: string, kind: 'file' | 'sample' = 'file', parallelAbove = PARALLEL_LDIF_BYTES): Source {
  let size: number;
  let modified: Date;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new SourceError(path, undefined, 'is not a file');
    size = st.size;
    modified = st.mtime;
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw new SourceError(path, undefined, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot be read (${(err as Error).message})`);
  }
  const { encoding, format, crOnly } = sniffExport(path);

  const descriptor: SourceDescriptor = {
    kind: kind === 'sample' ? 'sample' : format,
    label: kind === 'sample' ? 'Built-in sample directory (fictional Federal Coastal Resilience Agency)' : basename(path),
    path,
    bytes: size,
    asOf: SAMPLE_AS_OF,
  };
  if (kind === 'sample') descriptor.asOfBasis = "the sample's own date";
  else {
    // An export's objects say when they were last true; a copied file's time does not (domain.md §8).
    const date = dataDate(modified, format === 'ldif' && encoding !== 'utf16le' ? newestWhenChanged(path) : undefined);
    descriptor.asOf = date.asOf;
    descriptor.asOfBasis = date.basis;
  }
  const hash = createHash('sha256');
  let read = 0;
  /**
   * The file's bytes, read into one buffer over and over: each chunk is valid until the next is
   * asked for, and every reader decodes or copies it at once. A fresh buffer per chunk (as a read
   * stream allocates) costs more in page faults on new memory than the read itself.
   */
  async function* chunks(): AsyncGenerator<Buffer> {
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.allocUnsafeSlow(1 << 20);
      for (let first = true; ; first = false) {
        const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        read += bytesRead;
        hash.update(chunk);
        // Lines that end with CR alone read as lines (in UTF-8, a CR byte is never part of another character).
        if (crOnly && encoding !== 'utf16le') for (let i = 0; i < chunk.length; i++) if (chunk[i] === 13) chunk[i] = 10;
        yield first && encoding === 'utf8-bom' ? chunk.subarray(3) : chunk;
      }
    } finally {
      await file.close();
    }
    descriptor.sha256 = hash.digest('hex');
  }
  /** `ldifde -u` and `Export-Csv -Encoding Unicode` write UTF-16LE: decoded to text here. */
  async function* utf16Text(): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf16le');
    let first = true;
    for await (const chunk of chunks()) {
      const text = crOnly ? decoder.write(chunk).replace(/\r/g, '\n') : decoder.write(chunk);
      yield first ? text.replace(/^\uFEFF/, '') : text;
      first = false;
    }
    yield decoder.end();
  }
  const input = encoding === 'utf16le' ? utf16Text() : chunks();
  const skipped = { references: 0, trailers: 0 };
  const fromHeader = (columns: ReadonlySet<string>): void => {
    descriptor.notExported = EXPORT_ATTRIBUTES.filter((a) => !columns.has(a.toLowerCase()) && !NOT_NEEDED.has(a));
  };
  const objects: AsyncIterable<DirectoryObject> = format === 'ldif' ? readLdif(input, path, skipped) : readCsv(input, path, fromHeader);
  const parallel = format === 'ldif' && encoding !== 'utf16le' && !crOnly && size > parallelAbove ? { file: path, chunks: chunks() } : undefined;
  // Read here, the reader counts what it reads past into these; read in parallel, the run adds the workers' counts (engine/run.ts).
  if (format === 'ldif') descriptor.skippedRecords = skipped;
  return { descriptor, objects, parallel, fraction: () => (size === 0 ? 1 : read / size) };
}
