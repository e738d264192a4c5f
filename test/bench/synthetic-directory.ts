import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A synthetic directory of N users, contacts and groups in LDIF (about 600 bytes an object), with
 * about 2% planted defects and some duplicates, for benchmarks. Written as a stream: 1M objects
 * never sit in memory.
 */
export async function writeSyntheticLdif(path: string, objects: number): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const base = 'DC=bench,DC=example,DC=gov';
  let buf = 'version: 1\n\n';
  for (let i = 0; i < objects; i++) {
    const kind = i % 20 === 19 ? 'group' : i % 20 === 18 ? 'contact' : 'user';
    const sam = `u${i.toString(36)}`;
    const ou = `OU=Unit${i % 97},OU=Staff,${base}`;
    let upn = `${sam}@agency.gov`;
    let mail = `first.last${i}@agency.gov`;
    if (i % 50 === 1) upn = `${sam} x@agency.gov`;
    if (i % 50 === 2) upn = `${sam}@agency.local`;
    if (i % 50 === 3) mail = `first.last${i - 3}@agency.gov`;
    if (kind === 'user') {
      buf += `dn: CN=User ${i},${ou}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\n` +
        `objectCategory: CN=Person,CN=Schema,CN=Configuration,${base}\ncn: User ${i}\nsAMAccountName: ${sam}\n` +
        `userPrincipalName: ${upn}\ngivenName: First${i}\nsn: Last${i}\ndisplayName: First${i} Last${i}\nmail: ${mail}\n` +
        `mailNickname: ${sam}\nproxyAddresses: SMTP:${mail}\nproxyAddresses: smtp:${sam}@agency.gov\n` +
        `proxyAddresses: X500:/o=Agency/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${sam}\n` +
        `userAccountControl: 512\ndepartment: Dept${i % 40}\nemployeeID: ${100000 + i}\nmsExchRecipientTypeDetails: 1\n` +
        `objectGUID:: ${Buffer.from(i.toString(16).padStart(32, '0'), 'hex').toString('base64')}\n\n`;
    } else if (kind === 'contact') {
      buf += `dn: CN=Contact ${i},${ou}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: contact\n` +
        `cn: Contact ${i}\ndisplayName: Contact ${i}\nmail: c${i}@partner.org\nmailNickname: c${i}\nproxyAddresses: SMTP:c${i}@partner.org\n` +
        `targetAddress: SMTP:c${i}@partner.org\n\n`;
    } else {
      buf += `dn: CN=Group ${i},${ou}\nobjectClass: top\nobjectClass: group\nobjectCategory: CN=Group,CN=Schema,CN=Configuration,${base}\n` +
        `cn: Group ${i}\nsAMAccountName: g${i}\ngroupType: -2147483646\nmember: CN=User ${i - 1},${ou}\nmember: CN=User ${i - 2},${ou}\n\n`;
    }
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
