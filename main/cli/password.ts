import { UsageError } from './args.ts';

/**
 * Bind passwords from standard input, one per live source that asks for one, in order. From a
 * pipe (`--password-stdin < file`, a secrets manager) each is the next line. On a terminal a person
 * types it: a prompt on stderr naming the account, the terminal in raw mode so nothing is echoed,
 * Backspace works, and Ctrl-C or Ctrl-D gives up.
 */
export class StdinPasswords {
  private lines: AsyncIterator<Buffer | string> | undefined;
  private pending = '';

  async next(bindUser: string): Promise<string> {
    return process.stdin.isTTY ? readFromTerminal(bindUser) : this.nextLine();
  }

  private async nextLine(): Promise<string> {
    this.lines ??= process.stdin[Symbol.asyncIterator]();
    while (!this.pending.includes('\n')) {
      const chunk = await this.lines.next();
      if (chunk.done) {
        const rest = this.pending;
        this.pending = '';
        return rest;
      }
      this.pending += String(chunk.value);
    }
    const end = this.pending.indexOf('\n');
    const line = this.pending.slice(0, end).replace(/\r$/, '');
    this.pending = this.pending.slice(end + 1);
    return line;
  }

  /** Lets standard input go, so the process can end once the run is done. */
  async close(): Promise<void> {
    await this.lines?.return?.();
  }
}

async function readFromTerminal(bindUser: string): Promise<string> {
  const stdin = process.stdin;
  // Raw before the prompt: what is typed once the prompt shows is never echoed.
  stdin.setRawMode(true);
  process.stderr.write(`Password for ${bindUser}: `);
  stdin.setEncoding('utf8');
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      const typed: string[] = [];
      const onData = (chunk: string): void => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            resolve(typed.join(''));
            return;
          }
          if (ch === '\u0003' || ch === '\u0004') {
            stdin.off('data', onData);
            reject(new UsageError(ch === '\u0003' ? 'no password: interrupted at the prompt' : 'no password was typed'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') typed.pop();
          else if (ch >= ' ') typed.push(ch);
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}
