import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { basename, extname } from 'node:path';
import type { DirectoryObject } from '../../shared/directory-object.ts';
import { resourcePath } from '../resources.ts';
import { readCsv } from './csv-reader.ts';
import { readLdif } from './ldif-reader.ts';
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

/** UTF-8 (with or without the BOM Windows tools write) or UTF-16LE (with its BOM). */
function detectEncoding(path: string): 'utf8' | 'utf8-bom' | 'utf16le' {
  const head = Buffer.alloc(3);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 3, 0);
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8-bom';
  return 'utf8';
}

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
  const ext = extname(path).toLowerCase();
  const format = ext === '.ldif' || ext === '.ldf' ? 'ldif' : ext === '.csv' ? 'csv' : undefined;
  if (!format) throw new SourceError(path, undefined, `unknown file type "${ext || '(none)'}": expected .ldif, .ldf or .csv`);

  const descriptor: SourceDescriptor = {
    kind: kind === 'sample' ? 'sample' : format,
    label: kind === 'sample' ? 'Built-in sample directory (fictional Federal Coastal Resilience Agency)' : basename(path),
    path,
    bytes: size,
    // An export's file is written when the export is taken (copies keep that time on Windows).
    asOf: kind === 'sample' ? SAMPLE_AS_OF : modified.toISOString(),
  };
  const encoding = detectEncoding(path);
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
      const text = decoder.write(chunk);
      yield first ? text.replace(/^\uFEFF/, '') : text;
      first = false;
    }
    yield decoder.end();
  }
  const input = encoding === 'utf16le' ? utf16Text() : chunks();
  const objects: AsyncIterable<DirectoryObject> = format === 'ldif' ? readLdif(input, path) : readCsv(input, path);
  const parallel = format === 'ldif' && encoding !== 'utf16le' && size > parallelAbove ? { file: path, chunks: chunks() } : undefined;
  return { descriptor, objects, parallel, fraction: () => (size === 0 ? 1 : read / size) };
}
