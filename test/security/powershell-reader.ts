/**
 * Reads remediation.ps1 the way PowerShell's tokenizer would, for the only statements the
 * workbench writes, and fails on anything else: any character outside a string that is not part
 * of a `Set-ADObject` call is code a directory value smuggled in. pwsh cannot be installed here
 * (it is in neither Debian's repositories nor, as a binary, the npm registry: the `pwsh` package
 * downloads it at install time), so this follows PowerShell's language rules instead:
 * - a single-quoted string opens and closes with any of ' ‘ ’ ‚ ‛ (U+0027, U+2018–U+201B), and
 *   doubling any of them inside writes that character;
 * - `"` and its look-alikes “ ” „ open expandable strings, where `$(…)` runs: never allowed here.
 */

const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);

/** How Windows PowerShell 5.1 reads a script without a BOM on a US/Western Windows: code page 1252. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b);
  return out;
}

/** Windows PowerShell honours a UTF-8 BOM; without one it reads the ANSI code page. PowerShell 7 reads UTF-8. */
export function decodeAsWindowsPowerShell(bytes: Uint8Array): string {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bom ? new TextDecoder('utf-8').decode(bytes.subarray(3)) : decodeWindows1252(bytes);
}

export function decodeAsPowerShell7(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}

export interface SetAdObjectCall {
  identity: string;
  remove: Record<string, string[]>;
  add: Record<string, string[]>;
  replace: Record<string, string>;
  clear: string[];
}

export class CodeOutsideStrings extends Error {}

class Line {
  pos = 0;
  readonly text: string;
  readonly number: number;
  constructor(text: string, number: number) {
    this.text = text;
    this.number = number;
  }

  fail(expected: string): never {
    throw new CodeOutsideStrings(`line ${this.number}, column ${this.pos + 1}: expected ${expected}, found ${JSON.stringify(this.text.slice(this.pos, this.pos + 30))}`);
  }

  take(literal: string): boolean {
    if (!this.text.startsWith(literal, this.pos)) return false;
    this.pos += literal.length;
    return true;
  }

  need(literal: string): void {
    if (!this.take(literal)) this.fail(JSON.stringify(literal));
  }

  /** A single-quoted string, by PowerShell's rules. */
  singleQuoted(): string {
    if (!SINGLE_QUOTES.has(this.text[this.pos]!)) this.fail('a single-quoted string');
    this.pos++;
    let value = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('the end of a string');
      this.pos++;
      if (!SINGLE_QUOTES.has(c)) {
        value += c;
        continue;
      }
      if (SINGLE_QUOTES.has(this.text[this.pos]!)) {
        value += this.text[this.pos];
        this.pos++;
        continue;
      }
      return value;
    }
  }

  /** A string value: a single-quoted string, or `('…' + [char]0xHHHH + …)`. */
  value(): string {
    if (!this.take('(')) return this.singleQuoted();
    let value = '';
    do {
      if (this.take('[char]0x')) {
        const hex = /^[0-9A-F]{4}/.exec(this.text.slice(this.pos))?.[0] ?? this.fail('four hex digits');
        this.pos += 4;
        value += String.fromCharCode(parseInt(hex, 16));
      } else {
        value += this.singleQuoted();
      }
    } while (this.take(' + '));
    this.need(')');
    return value;
  }

  table(): [string, string | string[]][] {
    this.need('@{ ');
    const entries: [string, string | string[]][] = [];
    do {
      const key = this.value();
      this.need(' = ');
      if (this.take('@(')) {
        const values: string[] = [];
        do values.push(this.value());
        while (this.take(', '));
        this.need(')');
        entries.push([key, values]);
      } else {
        entries.push([key, this.value()]);
      }
    } while (this.take('; '));
    this.need(' }');
    return entries;
  }
}

/** The one statement per object the script may hold; anything else on the line is code. */
function parseCall(line: Line): SetAdObjectCall {
  line.need('Set-ADObject -Identity ');
  const call: SetAdObjectCall = { identity: line.value(), remove: {}, add: {}, replace: {}, clear: [] };
  for (;;) {
    if (line.take(' @common')) break;
    if (line.take(' -Remove ')) for (const [k, v] of line.table()) call.remove[k] = v as string[];
    else if (line.take(' -Add ')) for (const [k, v] of line.table()) call.add[k] = v as string[];
    else if (line.take(' -Replace ')) for (const [k, v] of line.table()) call.replace[k] = v as string;
    else if (line.take(' -Clear ')) {
      do call.clear.push(line.value());
      while (line.take(', '));
    } else line.fail('-Remove, -Add, -Replace, -Clear or @common');
  }
  if (line.pos !== line.text.length) line.fail('the end of the statement');
  return call;
}

/** The fixed lines around the calls, as the workbench writes them (the counts line varies in its numbers only). */
const PROLOGUE = [
  /^#Requires -Modules ActiveDirectory$/,
  /^<#$/,
  /^ {2}Remediation of the suggestions accepted in [A-Za-z0-9 .]+, assessment #\d+: \d+ objects\.$/,
  /^ {2}Runs with -WhatIf \(nothing changes\) unless started with -Apply\. The workbench itself never writes to AD\.$/,
  /^ {2}Usage: \.\\remediation\.ps1 \[-Server dc01\.agency\.local\] \[-Apply\]$/,
  /^ {2}Values are written as ASCII, other characters by their code \(\[char\]0x00E9\): safe in every code page\.$/,
  /^#>$/,
  /^\[CmdletBinding\(\)\]$/,
  /^param\(\[switch\]\$Apply, \[string\]\$Server\)$/,
  /^\$ErrorActionPreference = 'Stop'$/,
  /^\$common = @\{ WhatIf = \(-not \$Apply\) \}$/,
  /^if \(\$Server\) \{ \$common\.Server = \$Server \}$/,
  /^$/,
];
const EPILOGUE = [/^$/, /^if \(-not \$Apply\) \{ Write-Host 'WhatIf only: nothing was changed\. Run again with -Apply to make these changes\.' \}$/, /^$/];

/** Every Set-ADObject call of a decoded script; throws CodeOutsideStrings at the first character that would be code. */
export function readRemediationScript(text: string): SetAdObjectCall[] {
  const lines = text.replace(/^\ufeff/, '').split('\r\n');
  const fixed = (patterns: RegExp[], at: number): void => {
    patterns.forEach((p, i) => {
      if (!p.test(lines[at + i] ?? '')) throw new CodeOutsideStrings(`line ${at + i + 1}: ${JSON.stringify(lines[at + i])} is not the script's own line`);
    });
  };
  fixed(PROLOGUE, 0);
  const callsEnd = lines.length - EPILOGUE.length;
  fixed(EPILOGUE, callsEnd);
  return lines.slice(PROLOGUE.length, callsEnd).map((text, i) => parseCall(new Line(text, PROLOGUE.length + i + 1)));
}
