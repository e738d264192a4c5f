import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LDAPTS_SEARCH_ENTRY } from '../../../main/directory/ldap/entry-decoder.ts';
import { assertPatchable, installedLdaptsVersion, LdaptsChanged, PINNED_LDAPTS } from '../../../main/directory/ldap/ldapts-internals.ts';
import { LDAPTS_READ } from '../../../main/directory/ldap/message-assembly.ts';

const ROOT = join(import.meta.dirname, '../../..');

describe('the ldapts internals the workbench replaces', () => {
  it('ldapts is pinned to one exact version, and that version is installed', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.ldapts).toBe(PINNED_LDAPTS);
    expect(installedLdaptsVersion()).toBe(PINNED_LDAPTS);
  });

  it('each replaced function is still the code its replacement was written against', () => {
    expect(() => assertPatchable('MessageParser.read', LDAPTS_READ, 'message-assembly.ts')).not.toThrow();
    expect(() => assertPatchable('SearchEntry.parseMessage', LDAPTS_SEARCH_ENTRY.parseMessage, 'entry-decoder.ts')).not.toThrow();
    expect(() => assertPatchable('SearchEntry.toObject', LDAPTS_SEARCH_ENTRY.toObject, 'entry-decoder.ts')).not.toThrow();
  });

  it('a changed or missing function fails with a message that says what to do', () => {
    const changed = function read(this: unknown, data: Buffer) {
      return data;
    };
    expect(() => assertPatchable('MessageParser.read', changed, 'main/directory/ldap/message-assembly.ts')).toThrow(LdaptsChanged);
    expect(() => assertPatchable('MessageParser.read', changed, 'main/directory/ldap/message-assembly.ts')).toThrow(
      /replaces MessageParser\.read as written in ldapts 9\.2\.0 \(its code is different\): install ldapts 9\.2\.0 \(npm ci\), or review the replacement/,
    );
    expect(() => assertPatchable('SearchEntry.toObject', undefined, 'entry-decoder.ts')).toThrow(/its code is gone/);
  });
});
