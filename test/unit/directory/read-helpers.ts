import type { DirectoryObject } from '../../../shared/directory-object.ts';
import { readCsv } from '../../../main/directory/csv-reader.ts';
import { readLdif } from '../../../main/directory/ldif-reader.ts';

/** Feeds text to a reader in chunks of `chunk` bytes, so boundaries fall everywhere. */
async function* chunked(text: string | Buffer, chunk: number): AsyncGenerator<Buffer> {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
}

export async function ldif(text: string | Buffer, chunk = 1 << 16): Promise<DirectoryObject[]> {
  const out: DirectoryObject[] = [];
  for await (const o of readLdif(chunked(text, chunk), 'test.ldif')) out.push(o);
  return out;
}

export async function csv(text: string | Buffer, chunk = 1 << 16): Promise<DirectoryObject[]> {
  const out: DirectoryObject[] = [];
  for await (const o of readCsv(chunked(text, chunk), 'test.csv')) out.push(o);
  return out;
}
