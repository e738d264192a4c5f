import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { DirectoryObject } from '../../shared/directory-object.ts';
import type { Source } from '../engine/assess.ts';
import type { SourceDescriptor } from '../engine/summary.ts';
import { resourcePath } from '../resources.ts';
import { readCsv } from './csv-reader.ts';
import { readLdif } from './ldif-reader.ts';
import { SourceError } from './source-error.ts';

export const SAMPLE_DIRECTORY = resourcePath('sample', 'fcra-directory.ldif');

/**
 * An offline export (LDIF or CSV) or the built-in sample, opened as a streamed Source. The file's
 * SHA-256 is computed while it streams, so the run records exactly which export it assessed.
 */
/** LDIF files larger than this are read by parallel workers (small ones are not worth a thread). */
export const PARALLEL_LDIF_BYTES = Number(process.env.ADRW_PARALLEL_BYTES ?? 8 << 20);

export function openFileSource(path: string, kind: 'file' | 'sample' = 'file', parallelAbove = PARALLEL_LDIF_BYTES): Source {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new SourceError(path, undefined, 'is not a file');
    size = st.size;
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
  };
  const hash = createHash('sha256');
  let read = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      read += chunk.length;
      hash.update(chunk);
      yield chunk;
    }
    descriptor.sha256 = hash.digest('hex');
  }
  const objects: AsyncIterable<DirectoryObject> = format === 'ldif' ? readLdif(chunks(), path) : readCsv(chunks(), path);
  const parallel = format === 'ldif' && size > parallelAbove ? { file: path, chunks: chunks() } : undefined;
  return { descriptor, objects, parallel, fraction: () => (size === 0 ? 1 : read / size) };
}
