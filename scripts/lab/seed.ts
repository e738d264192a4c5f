import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryText } from '../../main/reports/ldif-writer.ts';
import { LAB, LAB_INFO, loadOffline, startLab } from './lab.ts';

/**
 * Adds `count` generated users, contacts and groups with known defects under a new OU, through
 * the offline loader. Only defects AD itself accepts are planted (AD refuses a duplicate UPN or
 * sAMAccountName, and values above an attribute's rangeUpper). With 1,700 objects or more, one
 * group gets more than 1,500 members, so reading it needs ranged retrieval.
 */
export function seedLdif(count: number, ou: string): string {
  const base = LAB_INFO.baseDn;
  const ouDn = `OU=${ou},${base}`;
  const out: string[] = [entryText(ouDn, [['objectClass', ['top', 'organizationalUnit']], ['ou', ou]])];
  const users: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 20 === 19 ? 'group' : i % 20 === 18 ? 'contact' : 'user';
    const tag = `${ou.toLowerCase()}${i}`;
    if (kind === 'user') {
      const dn = `CN=Seed User ${i},${ouDn}`;
      users.push(dn);
      let upn = `${tag}@lab.example.gov`;
      if (i % 50 === 1) upn = `${tag} x@lab.example.gov`;
      if (i % 50 === 2) upn = `${tag}@lab.local`;
      const mail = i % 50 === 3 ? `${ou.toLowerCase()}${i - 3}@lab.example.gov` : `${tag}@lab.example.gov`;
      const attrs: [string, string | string[]][] = [
        ['objectClass', ['top', 'person', 'organizationalPerson', 'user']],
        ['sAMAccountName', `s${i}${ou.slice(0, 8)}`.slice(0, 20)],
        ['userPrincipalName', upn],
        ['givenName', `Given${i}`],
        ['sn', `Surname${i}`],
        ['displayName', i % 50 === 4 ? `Given${i} Surname${i} ` : `Given${i} Surname${i}`],
        ['mail', mail],
        ['proxyAddresses', i % 50 === 5 ? [`smtp:${mail}`] : [`SMTP:${mail}`, `X500:/o=Lab/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${tag}`]],
        ['msExchRecipientTypeDetails', '1'],
        ['department', `Dept${i % 7}`],
      ];
      if (i % 50 !== 6) attrs.push(['mailNickname', tag]);
      out.push(entryText(dn, attrs));
    } else if (kind === 'contact') {
      out.push(entryText(`CN=Seed Contact ${i},${ouDn}`, [
        ['objectClass', ['top', 'person', 'organizationalPerson', 'contact']],
        ['displayName', `Contact ${i}`],
        ['mail', `${tag}@partner.example.org`],
        ['mailNickname', `c${tag}`],
        ['proxyAddresses', [`SMTP:${tag}@partner.example.org`]],
        ...(i % 40 === 38 ? [] : [['targetAddress', `SMTP:${tag}@partner.example.org`] as [string, string]]),
      ]));
    } else {
      out.push(entryText(`CN=Seed Group ${i},${ouDn}`, [
        ['objectClass', ['top', 'group']],
        ['sAMAccountName', `g${i}${ou.slice(0, 8)}`.slice(0, 20)],
        ['groupType', '-2147483646'],
        ['member', users.slice(-3)],
      ]));
    }
  }
  if (users.length >= 1600) {
    out.push(entryText(`CN=Seed Big Group,${ouDn}`, [
      ['objectClass', ['top', 'group']],
      ['sAMAccountName', `big${ou.slice(0, 12)}`.slice(0, 20)],
      ['groupType', '-2147483646'],
      ['member', users],
    ]));
  }
  return out.join('');
}

export function ouExists(ou: string): boolean {
  const r = spawnSync('ldapsearch', ['-x', '-H', 'ldap://127.0.0.1', '-D', LAB_INFO.bindUser, '-w', LAB_INFO.password, '-b', `OU=${ou},${LAB_INFO.baseDn}`, '-s', 'base', 'dn'], { encoding: 'utf8' });
  return r.status === 0;
}

export async function seedLab(count: number, ou = `Seed${Date.now().toString(36)}`): Promise<{ ou: string; baseDn: string; objects: number }> {
  await startLab();
  const baseDn = `OU=${ou},${LAB_INFO.baseDn}`;
  if (!ouExists(ou)) {
    const file = join(LAB, `seed-${ou}.ldif`);
    writeFileSync(file, seedLdif(count, ou));
    await loadOffline(file);
  }
  return { ou, baseDn, objects: count + (count >= 1700 ? 1 : 0) };
}
