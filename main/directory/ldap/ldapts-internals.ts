import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Two ldapts internals are replaced for speed: MessageParser.read (message-assembly.ts) and
 * SearchEntry's parseMessage and toObject (entry-decoder.ts). They are not ldapts's public API, so
 * ldapts is pinned to an exact version in package.json, and each function replaced must still be
 * the code the replacement was written against (a SHA-256 of its source). An upgrade that changes
 * one is then a decision, taken by reading the new code, never a surprise mid-scan.
 */
export const PINNED_LDAPTS = '9.2.0';

export const PATCHED_SOURCES: Readonly<Record<string, string>> = {
  'MessageParser.read': 'ccf7de456d8ca4091fd5e121a37a5aafb73723919420fbdefcc55b3794b81d35',
  'SearchEntry.parseMessage': '612e54acde8c66ed712c4061788cb2e52958d0789d84246bef5feb03c386f3ae',
  'SearchEntry.toObject': '0084f35cbccf149f848b80af89b85b37461459784d95bdf7e0eed3c4bf309c1f',
};

export class LdaptsChanged extends Error {
  override name = 'LdaptsChanged';
}

export function installedLdaptsVersion(): string {
  const entry = createRequire(import.meta.url).resolve('ldapts');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** Throws a LdaptsChanged naming the function, the file that replaces it and what to do, when the installed ldapts is not what the patches expect. */
export function assertPatchable(name: keyof typeof PATCHED_SOURCES, original: unknown, patchedIn: string): void {
  const version = installedLdaptsVersion();
  const fingerprint = typeof original === 'function' ? createHash('sha256').update(original.toString()).digest('hex') : 'missing';
  if (version !== PINNED_LDAPTS || fingerprint !== PATCHED_SOURCES[name]) {
    throw new LdaptsChanged(
      `ldapts ${version} is installed, but ${patchedIn} replaces ${name} as written in ldapts ${PINNED_LDAPTS}` +
        `${fingerprint === PATCHED_SOURCES[name] ? '' : ` (its code is ${fingerprint === 'missing' ? 'gone' : 'different'})`}: ` +
        `install ldapts ${PINNED_LDAPTS} (npm ci), or review the replacement against the new code and update PATCHED_SOURCES in main/directory/ldap/ldapts-internals.ts.`,
    );
  }
}
