import fc from 'fast-check';
import { BerReader, MessageParser, SearchEntry, type Entry } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { BINARY_ATTRIBUTES, type AttributeValue } from '../../../shared/directory-object.ts';
import { entryMessage, type Attr } from './ldap-messages.ts';
import { decodeEntry, DIRECT_DECODE, installEntryDecoder, LDAPTS_SEARCH_ENTRY, MalformedEntryError } from '../../../main/directory/ldap/entry-decoder.ts';

installEntryDecoder();

/** The entry read by `methods` from the message, and where the reader stopped. */
function read(message: Buffer, methods: Pick<SearchEntry, 'parseMessage' | 'toObject'>, explicit: string[]): { entry: Entry; offset: number } {
  const reader = new BerReader(message);
  reader.readSequence();
  reader.readInt();
  reader.readSequence();
  const e = new SearchEntry({ messageId: 7 });
  methods.parseMessage.call(e, reader);
  return { entry: methods.toObject.call(e, ['mail'], explicit), offset: reader.offset };
}

const patched = SearchEntry.prototype;
const LDAP_BINARY = ['objectGUID', 'objectSid', 'thumbnailPhoto', 'userCertificate'];
const TYPES = ['mail', 'Mail', 'proxyAddresses', 'cn', 'displayName', 'member;range=0-1499', 'member;range=1500-*', 'member;range=0-*', 'userCertificate;binary', ...LDAP_BINARY];

const text = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => Buffer.from(s, 'utf8'));
const bytes = fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b));
const attribute: fc.Arbitrary<Attr> = fc.record({ type: fc.constantFrom(...TYPES), values: fc.array(fc.oneof(text, text, bytes), { maxLength: 4 }) });
const entry = fc.record({ dn: fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => `CN=${s},DC=lab`), attributes: fc.array(attribute, { maxLength: 6 }) });

function isUtf8Text(v: Buffer): boolean {
  try {
    new TextDecoder('utf8', { fatal: true }).decode(v);
    return true;
  } catch {
    return false;
  }
}

describe('search entries read by the workbench decoder', () => {
  it('any search but the collector\'s gets exactly what ldapts itself returns, and the reader ends where ldapts\'s does', () => {
    fc.assert(
      fc.property(entry, ({ dn, attributes }) => {
        const message = entryMessage(dn, attributes);
        for (const explicit of [[], LDAP_BINARY]) {
          const ours = read(message, patched, explicit);
          const theirs = read(message, LDAPTS_SEARCH_ENTRY, explicit);
          expect(ours).toEqual(theirs);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the collector\'s search gets a DirectoryObject: names in lower case, ranges merged, binary and non-UTF-8 attributes as bytes', () => {
    fc.assert(
      fc.property(entry, ({ dn, attributes }) => {
        const { obj } = decodeEntry(read(entryMessage(dn, attributes), patched, DIRECT_DECODE as string[]).entry);
        expect(obj.dn).toBe(dn);
        // Worked out from the attributes themselves, not from the bytes.
        const expected = new Map<string, AttributeValue[]>();
        for (const a of attributes) {
          if (a.values.length === 0) continue;
          const name = a.type.replace(/;range=.*$/i, '').toLowerCase();
          const binary = BINARY_ATTRIBUTES.has(name) || a.type.endsWith(';binary') || !a.values.every(isUtf8Text);
          expected.set(name, [...(expected.get(name) ?? []), ...a.values.map((v) => (binary ? new Uint8Array(v) : v.toString('utf8')))]);
        }
        expect(obj.attributes).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('names the ranges still to fetch, and none after `*` or for an empty answer', () => {
    const member = (n: number) => Buffer.from(`CN=U${n},DC=lab`);
    const message = entryMessage('CN=G,DC=lab', [
      { type: 'member;range=0-1499', values: [member(1), member(2)] },
      { type: 'proxyAddresses;range=0-*', values: [Buffer.from('SMTP:g@lab')] },
      { type: 'memberOf;range=0-1499', values: [] },
    ]);
    const { obj, continuations } = decodeEntry(read(message, patched, DIRECT_DECODE as string[]).entry);
    expect(continuations).toEqual([{ attribute: 'member', next: 1500 }]);
    expect(obj.attributes.get('member')).toEqual(['CN=U1,DC=lab', 'CN=U2,DC=lab']);
    expect(obj.attributes.has('memberof')).toBe(false);
  });

  it('keeps a leading byte-order mark, a character the rules must see (ldapts\'s decoder drops it)', () => {
    const message = entryMessage('CN=A,DC=lab', [{ type: 'userPrincipalName', values: [Buffer.from('\uFEFFa@lab.gov')] }]);
    expect(decodeEntry(read(message, patched, DIRECT_DECODE as string[]).entry).obj.attributes.get('userprincipalname')).toEqual(['\uFEFFa@lab.gov']);
  });

  it('reads entries that arrive split across any number of socket reads', () => {
    const messages = Buffer.concat([
      entryMessage('CN=A,DC=lab', [{ type: 'mail', values: [Buffer.from('a@lab.gov')] }], 3),
      entryMessage('CN=B,DC=lab', [{ type: 'objectGUID', values: [Buffer.from([1, 2, 3, 0xff])] }], 3),
    ]);
    for (const size of [1, 5, 64]) {
      const parser = new MessageParser();
      const got: SearchEntry[] = [];
      parser.on('message', (m) => got.push(m as SearchEntry));
      parser.on('error', (err) => {
        throw err;
      });
      for (let i = 0; i < messages.length; i += size) parser.read(messages.subarray(i, i + size), new Map());
      const objects = got.map((m) => decodeEntry(m.toObject([], DIRECT_DECODE as string[])).obj);
      expect(objects.map((o) => o.dn)).toEqual(['CN=A,DC=lab', 'CN=B,DC=lab']);
      expect(objects[1]!.attributes.get('objectguid')).toEqual([new Uint8Array([1, 2, 3, 0xff])]);
    }
  });

  it('a malformed entry fails with an error that says what is wrong and where', () => {
    const message = entryMessage('CN=A,DC=lab', [{ type: 'mail', values: [Buffer.from('a@lab.gov')] }]);
    const set = message.indexOf(0x31, message.indexOf('mail'));
    message[set] = 0x30;
    expect(() => decodeEntry(read(message, patched, DIRECT_DECODE as string[]).entry)).toThrow(MalformedEntryError);
    expect(() => decodeEntry(read(message, patched, DIRECT_DECODE as string[]).entry)).toThrow(/expected tag 0x31 at byte \d+/);
  });

  it('decodeEntry refuses an entry from a search that did not ask for direct decoding', () => {
    expect(() => decodeEntry({ dn: 'CN=A' })).toThrow(/DIRECT_DECODE/);
  });
});
