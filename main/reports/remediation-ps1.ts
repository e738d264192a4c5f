import { dnText } from './inert-text.ts';
import { MULTI_VALUED, type ObjectChange } from './remediation.ts';

/**
 * remediation.ps1: the accepted changes as Set-ADObject calls (ActiveDirectory module), with
 * -WhatIf unless started with -Apply. Administrators run it as Domain Admins, so no directory value
 * may ever become code, whatever host reads it:
 * - Windows PowerShell 5.1, the usual host of the ActiveDirectory module, reads a script without a
 *   BOM in the ANSI code page. There the two UTF-8 bytes of a letter such as Cyrillic "т" (D1 82)
 *   read as "Ñ‚", and "‚" (U+201A) is one of the five characters PowerShell takes for a single
 *   quote: a value could close its string and run what follows.
 * - So the script is pure ASCII after a UTF-8 BOM: every value is single-quoted printable ASCII
 *   (with ' doubled), and every other character is written as its code, `[char]0x00E9`, joined
 *   with `+`. Both hosts, in any code page, read the same bytes as the same strings.
 */

const PRINTABLE_ASCII_FIRST = 0x20;
const PRINTABLE_ASCII_LAST = 0x7e;
const QUOTE = 0x27;

/** A PowerShell expression for `s` that is ASCII only: `'Jos' + [char]0x00E9`, in parentheses when joined. */
export function psString(s: string): string {
  const parts: string[] = [];
  let literal = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= PRINTABLE_ASCII_FIRST && c <= PRINTABLE_ASCII_LAST) {
      literal += c === QUOTE ? "''" : s[i];
      continue;
    }
    // A string first: `[char] + [char]` would add the two codes as numbers.
    if (literal !== '' || parts.length === 0) parts.push(`'${literal}'`);
    literal = '';
    parts.push(`[char]0x${c.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  if (parts.length === 0) return `'${literal}'`;
  if (literal !== '') parts.push(`'${literal}'`);
  return `(${parts.join(' + ')})`;
}

const psArray = (values: string[]): string => `@(${values.map(psString).join(', ')})`;

/** The Set-ADObject call for one object's change; Remove, Add, Replace and Clear run in that order, in one modify. */
function setAdObject(c: ObjectChange): string {
  const replace: string[] = [];
  const clear: string[] = [];
  const remove: string[] = [];
  const add: string[] = [];
  for (const a of c.attributes) {
    if (MULTI_VALUED.has(a.name.toLowerCase())) {
      if (a.removed.length) remove.push(`${psString(a.name)} = ${psArray(a.removed)}`);
      if (a.added.length) add.push(`${psString(a.name)} = ${psArray(a.added)}`);
    } else if (a.after.length) {
      replace.push(`${psString(a.name)} = ${psString(a.after[0]!)}`);
    } else {
      clear.push(psString(a.name));
    }
  }
  const args = [
    remove.length ? `-Remove @{ ${remove.join('; ')} }` : '',
    add.length ? `-Add @{ ${add.join('; ')} }` : '',
    replace.length ? `-Replace @{ ${replace.join('; ')} }` : '',
    clear.length ? `-Clear ${clear.join(', ')}` : '',
  ].filter(Boolean);
  return `Set-ADObject -Identity ${psString(dnText(c.dn))} ${args.join(' ')} @common`;
}

/** The script's text, BOM first; CRLF line ends as Windows tools expect. */
export function powershellScript(changes: ObjectChange[], assessmentId: number, tool: string): string {
  const lines = [
    '#Requires -Modules ActiveDirectory',
    '<#',
    `  Remediation of the suggestions accepted in ${tool}, assessment #${assessmentId}: ${changes.length} objects.`,
    '  Runs with -WhatIf (nothing changes) unless started with -Apply. The workbench itself never writes to AD.',
    '  Usage: .\\remediation.ps1 [-Server dc01.agency.local] [-Apply]',
    '  Values are written as ASCII, other characters by their code ([char]0x00E9): safe in every code page.',
    '#>',
    '[CmdletBinding()]',
    'param([switch]$Apply, [string]$Server)',
    "$ErrorActionPreference = 'Stop'",
    '$common = @{ WhatIf = (-not $Apply) }',
    'if ($Server) { $common.Server = $Server }',
    '',
    ...changes.map(setAdObject),
    '',
    "if (-not $Apply) { Write-Host 'WhatIf only: nothing was changed. Run again with -Apply to make these changes.' }",
    '',
  ];
  return `\ufeff${lines.join('\r\n')}`;
}
