import type { DirectoryObject } from '../../../shared/directory-object.ts';
import { readCsv } from '../../../main/directory/csv-reader.ts';
import { readLdif } from '../../../main/directory/ldif-reader.ts';
import { SourceError } from '../../../main/directory/source-error.ts';

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

/** A read that must fail with the project's parse error, naming `file:line:` and the problem. */
export async function expectSourceError(reading: Promise<unknown>, file: string, line: number, message: string): Promise<void> {
  const err = await reading.catch((e: unknown) => e);
  if (!(err instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(err)}`);
  if (err.line !== line || !err.message.includes(`${file}:${line}: `) || !err.message.includes(message)) {
    throw new Error(`expected "${file}:${line}: …${message}…", got "${err.message}"`);
  }
}
