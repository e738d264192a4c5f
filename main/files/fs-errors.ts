/**
 * File-system failures in words a person can act on: one line naming the path and the cause,
 * never a raw errno. The CLI prints it and exits 2; the app shows it beside the control.
 */
const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'it already exists',
  ELOOP: 'it is a symbolic link, which is never followed',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
  EBUSY: 'it is in use by another program',
};

export function causeOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && CAUSES[code]) return CAUSES[code]!;
  if (code === 'SQLITE_FULL') return CAUSES.ENOSPC!;
  if (code === 'SQLITE_READONLY') return CAUSES.EROFS!;
  if (code === 'SQLITE_CANTOPEN') return 'it cannot be opened as a workspace (is the folder there and writable?)';
  if (code === 'SQLITE_NOTADB') return 'it is not a workspace database';
  if (code === 'SQLITE_CORRUPT') return 'the workspace database is damaged';
  if (code === 'SQLITE_BUSY') return 'another program holds it locked';
  return err instanceof Error ? err.message : String(err);
}

/** True for the failures that mean "out of space", whatever layer reported them. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

/** A file or folder the workbench could not read or write. */
export class FileError extends Error {
  readonly path: string;
  override readonly cause: unknown;
  constructor(path: string, err: unknown, what = '') {
    super(`${path}: ${what ? `${what}: ` : ''}${causeOf(err)}`);
    this.name = 'FileError';
    this.path = path;
    this.cause = err;
  }
}
