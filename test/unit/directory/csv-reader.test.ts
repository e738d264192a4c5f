import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FIELD_CHARS, readCsvRecords, type CsvRecord } from '../../../main/directory/csv-records.ts';
import { SourceError } from '../../../main/directory/source-error.ts';
import { readCsvRecordsCharByChar } from './csv-records-reference.ts';
import { csv, expectSourceError } from './read-helpers.ts';

describe('CSV reader (csvde and PowerShell Export-Csv)', () => {
  it('reads csvde output: DN column, ";" multi-values, X\'hex\' binary, quoting', async () => {
    const text = [
      'DN,objectClass,userPrincipalName,proxyAddresses,thumbnailPhoto,displayName',
      '"CN=Doe\\, Jane,OU=Staff,DC=agency,DC=gov",top;person;organizationalPerson;user,jane@agency.gov,' +
        'SMTP:jane@agency.gov;smtp:jd@agency.gov;X400:C=US;A= ;P=Agency;O=Exchange;S=Doe;G=Jane;,X\'0a0b0c\',"Doe, ""JJ"" Jane"',
      '',
    ].join('\r\n');
    for (const chunk of [1, 5, 1 << 16]) {
      const [o] = await csv(text, chunk);
      expect(o!.dn).toBe('CN=Doe\\, Jane,OU=Staff,DC=agency,DC=gov');
      expect(o!.attributes.get('objectclass')).toEqual(['top', 'person', 'organizationalPerson', 'user']);
      expect(o!.attributes.get('proxyaddresses')).toEqual(['SMTP:jane@agency.gov', 'smtp:jd@agency.gov', 'X400:C=US;A= ;P=Agency;O=Exchange;S=Doe;G=Jane;']);
      expect(Buffer.from(o!.attributes.get('thumbnailphoto')![0] as Uint8Array).toString('hex')).toBe('0a0b0c');
      expect(o!.attributes.get('displayname')).toEqual(['Doe, "JJ" Jane']);
      expect(o!.sourceLine).toBe(2);
    }
  });

  it('reads PowerShell Export-Csv: BOM, #TYPE line, DistinguishedName in any case, base64 binary, empty cells absent', async () => {
    const text = '\ufeff#TYPE System.Management.Automation.PSCustomObject\n"distinguishedname","ObjectClass","mail","userCertificate","mailNickname"\n' +
      '"CN=A,DC=x","user","a@x.gov","AAE=;AgM=",""\n';
    const [o] = await csv(text);
    expect(o!.dn).toBe('CN=A,DC=x');
    expect(o!.attributes.get('mail')).toEqual(['a@x.gov']);
    expect(o!.attributes.get('usercertificate')).toHaveLength(2);
    expect(o!.attributes.has('mailnickname')).toBe(false);
  });

  it('keeps line breaks inside quoted fields and counts lines through them', async () => {
    const [a, b] = await csv('DN,proxyAddresses\n"CN=A,DC=x","SMTP:a@x.gov\nsmtp:b@x.gov"\n"CN=B,DC=x",SMTP:c@x.gov\n');
    expect(a!.attributes.get('proxyaddresses')).toEqual(['SMTP:a@x.gov', 'smtp:b@x.gov']);
    expect(b!.sourceLine).toBe(4);
  });

  it.each([
    ['mail,cn\na@x,b\n', 1, 'no DN or DistinguishedName column'],
    ['DN,mail,MAIL\n', 1, 'names column "mail" twice'],
    ['DN,mail\n"CN=A,DC=x",a@x,extra\n', 2, '3 fields, but the header has 2'],
    ['DN,mail\n"CN=A,DC=x","a@x\n', 2, 'never closed'],
    ['DN,mail\n"CN=A,DC=x"x,a\n', 2, 'after a closing quote'],
    ['DN,mail\nCN=A"x,a\n', 2, 'a quote inside an unquoted field'],
    ['DN,proxyAddresses\n"CN=A,DC=x",Microsoft.ActiveDirectory.Management.ADPropertyValueCollection\n', 2, "README's PowerShell command"],
    ['DN,thumbnailPhoto\n"CN=A,DC=x",not binary!\n', 2, "neither X'hex', base64, GUID nor SID text"],
    ['DN,mail\n,a@x\n', 2, 'empty DN'],
  ])('malformed %j → line %i: %s', async (text, line, message) => {
    await expectSourceError(csv(text), 'test.csv', line, message);
  });

  it('an empty file is an error naming the file', async () => {
    await expect(csv('')).rejects.toThrow('test.csv: the file is empty');
  });

  it('property: any input either parses or fails with the project parse error only', async () => {
    const cell = fc.oneof(fc.constantFrom('"', '""', ',', '\n', '\r\n', 'DN', 'mail', "X'0a'", 'a;b'), fc.string({ maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { maxLength: 30 }), fc.integer({ min: 1, max: 16 }), async (cells, chunk) => {
        try {
          await csv(cells.join(''), chunk);
        } catch (err) {
          expect(err).toBeInstanceOf(SourceError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('CSV records read in slices', () => {
  const records = async (read: typeof readCsvRecords, text: string, chunk: number) => {
    async function* chunks() {
      for (let i = 0; i < text.length; i += chunk) yield Buffer.from(text.slice(i, i + chunk));
    }
    try {
      const out: CsvRecord[] = [];
      for await (const batch of read(chunks(), 'test.csv')) out.push(...batch);
      return out;
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('property: the same records, or the same error, as the reader that went a character at a time', async () => {
    const piece = fc.constantFrom('"', '""', ',', '\n', '\r\n', '\r', 'a', 'bc', ' ', 'é', '"x"', ',,');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), async (pieces, chunk) => {
        const text = pieces.join('');
        expect(await records(readCsvRecords, text, chunk)).toEqual(await records(readCsvRecordsCharByChar, text, chunk));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a 20 MB cell (a large group\'s members) as one value', async () => {
    const members = Array.from({ length: 480_000 }, (_, i) => `CN=Member ${i},OU=People,DC=agency,DC=gov`).join(';');
    const text = `DN,member\n"CN=Big,DC=agency,DC=gov","${members}"\n`;
    expect(text.length).toBeGreaterThan(20_000_000);
    const out = (await records(readCsvRecords, text, 1 << 16)) as CsvRecord[];
    expect(out[1]!.fields[1]!.length).toBe(members.length);
  }, 60_000);

  it('a quote never closed in a large file stops at the stated limit, naming the line the quote opened on', async () => {
    const text = `DN,mail\n"CN=A,DC=x","a@x\n${'CN=B,DC=x,b@x\n'.repeat(Math.ceil(MAX_FIELD_CHARS / 14) + 10)}`;
    expect(await records(readCsvRecords, text, 1 << 20)).toBe(`test.csv:2: a field longer than 64 million characters: a quote opened here is never closed, or the field really is that long`);
  }, 60_000);
});
