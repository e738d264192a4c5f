import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../../main/directory/file-source.ts';
import { runAssessment as assess } from '../../../main/runs/run-assessment.ts';
import { writeStaged } from '../../../main/files/staged-files.ts';
import { entryText, type LdifEntry } from '../../../main/reports/ldif-writer.ts';
import { acceptedChanges, writeRemediationLdif } from '../../../main/reports/remediation.ts';
import { powershellScript } from '../../../main/reports/remediation-ps1.ts';
import { Workspace } from '../../../main/store/workspace.ts';
import { readFileSync } from 'node:fs';
import { runOptions } from '../../helpers.ts';
import { tempDir } from '../../temp-dirs.ts';

const USER = ['top', 'person', 'organizationalPerson', 'user'];
const person = (cn: string, attrs: LdifEntry): string => entryText(`CN=${cn},OU=Staff,DC=agency,DC=gov`, [['objectClass', USER], ['sAMAccountName', cn.toLowerCase()], ['userPrincipalName', `${cn.toLowerCase()}@agency.gov`], ['mailNickname', cn.toLowerCase()], ...attrs]);

/** Every suggestion of a run on `text`, as the remediation files write it. */
async function remediation(text: string): Promise<{ ldif: string; undo: string; ps1: string; changes: ReturnType<typeof acceptedChanges> }> {
  const dir = tempDir('remediation');
  const file = join(dir, 'export.ldif');
  writeFileSync(file, `version: 1\n\n${text}`);
  const ws = new Workspace(join(dir, 'w.sqlite'));
  const { assessmentId } = await assess(ws, openFileSource(file), runOptions());
  const changes = acceptedChanges(ws.db, assessmentId, true);
  const paths = { change: join(dir, 'r.ldif'), undo: join(dir, 'u.ldif') };
  await writeStaged((files) => writeRemediationLdif(changes, { change: files.file(paths.change), undo: files.file(paths.undo) }, assessmentId, 'test'));
  ws.close();
  return { ldif: readFileSync(paths.change, 'utf8'), undo: readFileSync(paths.undo, 'utf8'), ps1: powershellScript(changes, assessmentId, 'test'), changes };
}

const record = (ldif: string, cn: string): string => ldif.split('\n\n').find((r) => r.includes(`dn: CN=${cn},`))!;

describe('remediation that AD accepts', () => {
  it('the primary fix swaps a lower-case "smtp:" spelling of the address in one modify (AD compares values ignoring case)', async () => {
    const { ldif, ps1 } = await remediation(person('Ann', [['mail', 'ann@agency.gov'], ['proxyAddresses', ['smtp:ann@agency.gov', 'X500:/o=Agency/cn=ann']]]));
    expect(record(ldif, 'Ann')).toBe(
      ['dn: CN=Ann,OU=Staff,DC=agency,DC=gov', 'changetype: modify', 'delete: proxyAddresses', 'proxyAddresses: smtp:ann@agency.gov', '-', 'add: proxyAddresses', 'proxyAddresses: SMTP:ann@agency.gov', '-'].join('\n'),
    );
    expect(ps1).toContain("Set-ADObject -Identity 'CN=Ann,OU=Staff,DC=agency,DC=gov' -Remove @{ 'proxyAddresses' = @('smtp:ann@agency.gov') } -Add @{ 'proxyAddresses' = @('SMTP:ann@agency.gov') } @common");
  });

  it('a new primary demotes the old one to "smtp:", so the object ends with exactly one', async () => {
    const { changes } = await remediation(person('Bob', [['mail', 'bob@agency.gov'], ['proxyAddresses', ['SMTP:robert@agency.gov', 'smtp:bob@agency.gov']]]));
    const proxies = changes[0]!.attributes.find((a) => a.name === 'proxyAddresses')!;
    expect(proxies.after.sort()).toEqual(['SMTP:bob@agency.gov', 'smtp:robert@agency.gov']);
    expect(proxies.removed.sort()).toEqual(['SMTP:robert@agency.gov', 'smtp:bob@agency.gov']);
  });

  it('the undo restores a value that is not UTF-8 text byte for byte, as base64', async () => {
    const latin1 = Buffer.from('smtp:jos\xe9@agency.gov', 'latin1');
    const { undo } = await remediation(person('Jose', [['mail', 'jose@agency.gov'], ['proxyAddresses', [latin1, 'smtp:jose@agency.gov']]]));
    const lines = record(undo, 'Jose').split('\n');
    expect(lines).toContain(`proxyAddresses:: ${latin1.toString('base64')}`);
    expect(lines).toContain('proxyAddresses: smtp:jose@agency.gov');
    expect(lines.slice(0, 3)).toEqual(['dn: CN=Jose,OU=Staff,DC=agency,DC=gov', 'changetype: modify', 'replace: proxyAddresses']);
  });
});
