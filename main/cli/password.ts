import { UsageError } from './args.ts';

/**
 * The bind password from standard input. From a pipe (`--password-stdin < file`, a secrets
 * manager) it is the first line, as before. On a terminal a person types it: a prompt on stderr,
 * the terminal in raw mode so nothing is echoed, Backspace works, and Ctrl-C or Ctrl-D gives up.
 */
export async function readPasswordFromStdin(bindUser: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) {
      text += String(chunk);
      if (text.includes('\n')) break;
    }
    return text.split(/\r?\n/)[0]!;
  }
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
