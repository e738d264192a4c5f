import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileError } from './fs-errors.ts';

/**
 * Reports hold a customer's directory, and people open and run them: each is written to a
 * temporary file of its own beside its final name (created exclusively, mode 0600, so nothing
 * else can be waiting at that name, not even a symbolic link), and only once every file of an
 * export is complete are they renamed into place. A rename replaces a symbolic link at the final
 * name rather than writing through it; a kill or a full disk leaves the earlier files as they were
 * and at most a hidden temporary file, never a truncated report under its real name.
 */

/** Owner-only: reports and the workspace name people and their addresses. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

/** Creates `dir` (owner-only when new) and checks it is a folder; a clear FileError otherwise. */
export function ensureFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  } catch (err) {
    throw new FileError(dir, whyNoFolder(dir, err as NodeJS.ErrnoException), 'cannot be used as the output folder');
  }
  if (!statSync(dir).isDirectory()) throw new FileError(dir, Object.assign(new Error(), { code: 'ENOTDIR' }), 'cannot be used as the output folder');
}

/** A recursive mkdir reports a read-only or unwritable parent as ENOENT: the nearest existing folder says why. */
function whyNoFolder(dir: string, err: NodeJS.ErrnoException): NodeJS.ErrnoException {
  if (err.code === 'EEXIST') return Object.assign(new Error(), { code: 'ENOTDIR' });
  if (err.code !== 'ENOENT') return err;
  let parent = dirname(dir);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  try {
    accessSync(parent, constants.W_OK);
  } catch (cause) {
    return cause as NodeJS.ErrnoException;
  }
  return err;
}

const STAGED_PATH = Symbol('staged file');

/** A failure while writing staged files, as a FileError naming the file where it can be told. */
function asFileError(err: unknown): unknown {
  if (err instanceof FileError) return err;
  const path = (err as { [STAGED_PATH]?: string } | undefined)?.[STAGED_PATH];
  return path === undefined ? err : new FileError(path, err, 'cannot be written');
}

export class StagedFile {
  readonly path: string;
  readonly tempPath: string;
  private fd: number | undefined;
  private parts: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.path = path;
    this.tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      this.fd = openSync(this.tempPath, 'wx', PRIVATE_FILE_MODE);
    } catch (err) {
      throw new FileError(path, err, 'cannot be written');
    }
  }

  /** Buffered: a million rows cost a few large writes, not a million small ones. */
  write(text: string | Uint8Array): void {
    if (typeof text !== 'string') {
      this.flush();
      this.writeNow(text);
      return;
    }
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }

  /** A stream onto the temporary file, for writers that want one (PDF, XLSX); it closes the file when it ends. */
  stream(): WriteStream {
    this.flush();
    const fd = this.fd!;
    this.fd = undefined;
    const stream = createWriteStream('', { fd, autoClose: true });
    // The writer that owns the stream sees its failure; this says which file it was.
    stream.prependListener('error', (err) => Object.assign(err, { [STAGED_PATH]: this.path }));
    return stream;
  }

  private writeNow(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      // A write may be short (a disk filling up): go on until every byte is written or it fails.
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd!, bytes, done, bytes.length - done);
    } catch (err) {
      throw new FileError(this.path, err, 'cannot be written');
    }
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.writeNow(text);
  }

  /** Writes what is buffered and makes it durable; the file is not yet under its name. */
  finish(): void {
    if (this.fd === undefined) return;
    this.flush();
    try {
      fsyncSync(this.fd);
    } catch (err) {
      throw new FileError(this.path, err, 'cannot be written');
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  rename(): void {
    try {
      renameSync(this.tempPath, this.path);
    } catch (err) {
      throw new FileError(this.path, err, 'cannot be put in place');
    }
  }

  discard(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already closed by a failed stream.
      }
      this.fd = undefined;
    }
    try {
      unlinkSync(this.tempPath);
    } catch {
      // Never created, or already gone.
    }
  }
}

/**
 * The files of one export, put in place together: `commit` renames them all once every one is
 * written; `abort` (or a failure) removes the temporary files and leaves the folder as it was.
 */
export class StagedFiles {
  private readonly files: StagedFile[] = [];

  file(path: string): StagedFile {
    const f = new StagedFile(path);
    this.files.push(f);
    return f;
  }

  commit(): string[] {
    try {
      for (const f of this.files) f.finish();
    } catch (err) {
      this.abort();
      throw err;
    }
    for (const f of this.files) f.rename();
    return this.files.map((f) => f.path);
  }

  abort(): void {
    for (const f of this.files.splice(0)) f.discard();
  }
}

/** Runs `write` on staged files and puts them in place only if it succeeds. */
export async function writeStaged<T>(write: (files: StagedFiles) => Promise<T> | T): Promise<T> {
  const files = new StagedFiles();
  try {
    const result = await write(files);
    files.commit();
    return result;
  } catch (err) {
    files.abort();
    throw asFileError(err);
  }
}

/** One small file, written whole and renamed into place. */
export function writeFileSafely(path: string, data: string | Uint8Array): void {
  const files = new StagedFiles();
  try {
    files.file(path).write(data);
    files.commit();
  } catch (err) {
    files.abort();
    throw err;
  }
}
