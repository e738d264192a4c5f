import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LdifScanner, lastRecordEnd } from '../../../main/directory/ldif-reader.ts';
import type { DirectoryObject } from '../../../shared/directory-object.ts';
import { SourceError } from '../../../main/directory/source-error.ts';
import { expectSourceError, ldif } from './read-helpers.ts';

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

describe('LDIF reader (RFC 2849)', () => {
  const sample = [
    'version: 1',
    '',
    '# ldifde export',
    '#  continued comment',
    ' with a folded comment line',
    `dn:: ${b64('CN=José Núñez,OU=Staff,DC=agency,DC=gov')}`,
    'changetype: add',
    'objectClass: top',
    'objectClass: user',
    'userPrincipalName: jose',
    ' .nunez@agency.gov',
    'ProxyAddresses: SMTP:jose@agency.gov',
    'proxyaddresses: smtp:jn@agency.gov',
    `displayName:: ${b64('José Núñez')}`,
    `objectGUID:: ${b64(Buffer.from('00112233445566778899aabbccddeeff', 'hex'))}`,
    `userCertificate;binary:: ${b64(Buffer.from([0, 1, 2, 255]))}`,
    'member;range=0-1: CN=A,DC=x',
    'member;range=2-*: CN=B,DC=x',
    `description:: ${b64(Buffer.from([0xff, 0xfe, 0x00]))}`,
    '',
    '',
    'dn: CN=Second,DC=agency,DC=gov',
    'mail:   second@agency.gov',
    'emptyValue:',
  ].join('\r\n');

  it('reads versions, comments, folding, base64 DNs and values, options and multi-values, CRLF', async () => {
    for (const chunk of [1, 3, 7, 1 << 16]) {
      const [a, b] = await ldif(sample, chunk);
      expect(a!.dn).toBe('CN=José Núñez,OU=Staff,DC=agency,DC=gov');
      expect(a!.sourceLine).toBe(6);
      expect(a!.attributes.get('userprincipalname')).toEqual(['jose.nunez@agency.gov']);
      expect(a!.attributes.get('proxyaddresses')).toEqual(['SMTP:jose@agency.gov', 'smtp:jn@agency.gov']);
      expect(a!.attributes.get('displayname')).toEqual(['José Núñez']);
      expect(Buffer.from(a!.attributes.get('objectguid')![0] as Uint8Array).toString('hex')).toBe('00112233445566778899aabbccddeeff');
      expect(a!.attributes.get('usercertificate')![0]).toBeInstanceOf(Uint8Array);
      expect(a!.attributes.get('member')).toEqual(['CN=A,DC=x', 'CN=B,DC=x']);
      expect(a!.attributes.get('description')![0]).toBeInstanceOf(Uint8Array); // not UTF-8: kept as bytes
      expect(a!.attributes.has('changetype')).toBe(false);
      expect(b!.attributes.get('mail')).toEqual(['second@agency.gov']);
      expect(b!.attributes.get('emptyvalue')).toEqual(['']);
    }
  });

  it('reads LF files without a version line or trailing blank line', async () => {
    const objs = await ldif('dn: CN=A,DC=x\nmail: a@x.gov\n\ndn: CN=B,DC=x\nmail: b@x.gov');
    expect(objs.map((o) => o.dn)).toEqual(['CN=A,DC=x', 'CN=B,DC=x']);
  });

  it.each([
    ['mail: a@x.gov\n', 1, '"mail:" before any "dn:" line'],
    ['dn: CN=A,DC=x\nno colon here\n', 2, 'expected "attribute: value"'],
    ['dn: CN=A,DC=x\nmail:: !!!notbase64\n', 2, 'invalid base64'],
    ['dn: CN=A,DC=x\ndn: CN=B,DC=x\n', 2, 'a second "dn:" line'],
    ['version: 2\n', 1, 'unsupported LDIF version'],
    ['dn: CN=A,DC=x\nchangetype: modify\n', 2, 'change records'],
    ['dn: CN=A,DC=x\nphoto:< file:///etc/passwd\n', 2, 'URL values'],
    [' folded first\n', 1, 'continuation line'],
    ['dn: CN=A,DC=x\n-\n', 2, 'separator'],
    ['dn:\n', 1, 'the DN is empty'],
    ['dn: CN=A,DC=x\nbad name!: x\n', 2, 'invalid attribute name'],
  ])('malformed %j → line %i: %s', async (text, line, message) => {
    await expectSourceError(ldif(text), 'test.ldif', line, message);
  });

  it('property: any input either parses or fails with the project parse error only', async () => {
    const line = fc.oneof(
      fc.constantFrom('dn: CN=A,DC=x', 'dn:: Q049QQ==', 'mail: a@b.gov', 'version: 1', '', '#c', ' fold', '-', 'x:: ***', 'a;binary:: AAE=', 'changetype: add'),
      fc.string({ maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 16 }), async (lines, eol, chunk) => {
        try {
          await ldif(lines.join(eol), chunk);
        } catch (err) {
          expect(err).toBeInstanceOf(SourceError);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('property: however the input is cut into chunks, the entries and any error are those of one whole read', async () => {
    const line = fc.oneof(
      fc.constantFrom('dn: CN=A,DC=x', 'dn: CN=B,DC=x', 'mail: a@b.gov', ' folded', '', '', '#c', 'version: 1', 'changetype: add', 'description:: w6k=', 'x:: ***', 'photo;binary:: AAE='),
      fc.string({ maxLength: 12 }),
    );
    const outcome = async (text: string, chunk: number): Promise<unknown> => {
      try {
        return (await ldif(text, chunk)).map((o) => ({ ...o, attributes: [...o.attributes] }));
      } catch (err) {
        return err instanceof SourceError ? { line: err.line, reason: err.reason } : err;
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 16 }), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 9 }), async (lines, eol, chunk) => {
        const text = lines.join(eol);
        expect(await outcome(text, chunk)).toEqual(await outcome(text, 1 << 20));
      }),
      { numRuns: 1500 },
    );
  });

  it('finds the end of the last whole record with LF, CRLF or mixed line ends', () => {
    expect(lastRecordEnd('dn: a\nx: 1\n\ndn: b\nx: 2\n\ndn: c\n')).toBe(24);
    expect(lastRecordEnd('dn: a\r\nx: 1\r\n\r\ndn: b\r\n')).toBe(15);
    expect(lastRecordEnd('dn: a\r\n\r\ndn: b\n\ndn: c')).toBe(16);
    expect(lastRecordEnd('dn: a\n\ndn: b\r\n\r\ndn: c')).toBe(16);
    expect(lastRecordEnd('\n\n')).toBe(2);
    expect(lastRecordEnd('dn: a\nx: 1\n')).toBe(-1);
    expect(lastRecordEnd('dn: a\r\nx: \r\n')).toBe(-1);
    expect(lastRecordEnd('')).toBe(-1);
  });

  it('an entry longer than many chunks (a large member list) reads whole, with the right line numbers', async () => {
    const members = Array.from({ length: 5000 }, (_, i) => `member: CN=Member ${i},OU=Staff,DC=agency,DC=gov`);
    const text = ['dn: CN=Big,DC=x', ...members, '', 'dn: CN=Next,DC=x', 'bad line'].join('\n');
    const err = await ldif(text, 1000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).line).toBe(5004);
    const [big] = await ldif(text.slice(0, text.lastIndexOf('\nbad line')), 1000);
    expect(big!.attributes.get('member')).toHaveLength(5000);
  });

  it('a restarted scanner (one per parallel worker) numbers lines from 1 again and keeps no half-read entry', () => {
    const scanner = new LdifScanner('block');
    const read: DirectoryObject[] = [];
    const emit = (o: DirectoryObject): void => void read.push(o);
    scanner.scan('dn: CN=A,DC=x\nmail: a@x.gov\nsn: A\n\n', emit);
    expect(scanner.lines).toBe(4);
    // A block that failed mid-entry: its entry must not run on into the next block.
    expect(() => scanner.scan('dn: CN=B,DC=x\nmail: b@x.gov\nbroken\n', emit)).toThrow(SourceError);
    scanner.restart();
    // The same attributes in another order, then the learnt order again.
    scanner.scan('dn: CN=C,DC=x\nsn: C\nmail: c@x.gov\n\ndn: CN=D,DC=x\nmail: d@x.gov\nsn: D\n\n', emit);
    scanner.end(emit);
    expect(scanner.lines).toBe(8);
    expect(read.map((o) => [o.dn, o.sourceLine, Object.fromEntries(o.attributes)])).toEqual([
      ['CN=A,DC=x', 1, { mail: ['a@x.gov'], sn: ['A'] }],
      ['CN=C,DC=x', 1, { sn: ['C'], mail: ['c@x.gov'] }],
      ['CN=D,DC=x', 5, { mail: ['d@x.gov'], sn: ['D'] }],
    ]);
    scanner.restart();
    const err = (() => {
      try {
        scanner.scan('dn: CN=E,DC=x\nbad\n', emit);
      } catch (e) {
        return e;
      }
    })();
    expect((err as SourceError).line).toBe(2);
  });

  it('property: what is written with base64 and folding reads back identically', async () => {
    const { entryText } = await import('../../../main/reports/ldif-writer.ts');
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }), fc.integer({ min: 1, max: 64 }), async (value, chunk) => {
        const [o] = await ldif(entryText('CN=Test,DC=x', [['description', value]]), chunk);
        expect(o!.attributes.get('description')).toEqual([value]);
      }),
      { numRuns: 500 },
    );
  });
});
