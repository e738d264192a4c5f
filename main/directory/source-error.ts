/**
 * The only error a directory source throws for bad input: it names the file, the line and what is
 * wrong, so the CLI can print one line and exit 2, and the app can show it as it is.
 */
export class SourceError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly reason: string;
  constructor(file: string, line: number | undefined, reason: string) {
    super(line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = 'SourceError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}
