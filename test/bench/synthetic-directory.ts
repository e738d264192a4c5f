import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

/**
 * A synthetic directory of N users, contacts and groups in LDIF, as messy as an unprepared one:
 * about a fifth of the objects have findings, every rule of the catalogue is planted somewhere,
 * duplicated values are held by 2 to about 2,000 objects, one group in every 100,000 objects has
 * 60,000 members, and the text is what ldifde writes (lines folded at 76 columns, base64 where
 * RFC 2849 needs it, escaped commas in DNs, non-ASCII names, computers and OUs between the
 * objects, disabled and system accounts). Deterministic, and written as a stream: 1M objects
 * never sit in memory. Users are `CN=User <i>,…` wherever i is a multiple of 20.
 */

const BASE = 'DC=bench,DC=example,DC=gov';
/** The objects a duplicate group or a large group is laid out over: the pattern repeats every BLOCK objects. */
const BLOCK = 100_000;
const LARGE_GROUP_AT = 50_018;
const LARGE_GROUP_MEMBERS = 60_000;
/** Per mille of the objects outside duplicate groups that get one planted defect. */
const DEFECT_PER_MILLE = 150;

/** A cheap, well-mixed hash of the index, so defects do not line up with the kinds (i % 20). */
function mix(i: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

type Attrs = [string, string | Buffer][];

const SAFE_INIT = /^[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f]/;
const SAFE_REST = /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/;

/** One attribute line as ldifde writes it: base64 where RFC 2849 requires, folded at 76 columns. */
function line(name: string, value: string | Buffer): string {
  const text = typeof value === 'string' && (value === '' || (SAFE_INIT.test(value) && SAFE_REST.test(value) && !value.endsWith(' '))) ? `${name}: ${value}` : `${name}:: ${Buffer.from(value).toString('base64')}`;
  if (text.length <= 76) return `${text}\n`;
  let out = text.slice(0, 76);
  for (let at = 76; at < text.length; at += 75) out += `\n ${text.slice(at, at + 75)}`;
  return `${out}\n`;
}

function entry(dn: string, attrs: Attrs): string {
  let out = line('dn', dn);
  for (const [name, value] of attrs) out += line(name, value);
  return `${out}\n`;
}

const set = (attrs: Attrs, name: string, value: string | Buffer | null): void => {
  const at = attrs.findIndex(([n]) => n === name);
  if (value === null) {
    for (let i = attrs.length - 1; i >= 0; i--) if (attrs[i]![0] === name) attrs.splice(i, 1);
  } else if (at >= 0) attrs[at] = [name, value];
  else attrs.push([name, value]);
};
const add = (attrs: Attrs, name: string, value: string | Buffer): void => void attrs.push([name, value]);
const long = (n: number): string => 'x'.repeat(n);

/** One planted defect per rule (and a few rules twice, in different shapes), applied to a user. */
const USER_DEFECTS: ((a: Attrs, sam: string, i: number) => void)[] = [
  (a) => set(a, 'userPrincipalName', null),
  (a, sam) => set(a, 'userPrincipalName', `${sam}.${long(66)}@agency.gov`),
  (a, sam) => set(a, 'userPrincipalName', `${sam} (temp)@agency.gov`),
  (a, sam) => set(a, 'userPrincipalName', `${sam}agency.gov`),
  (a, sam) => set(a, 'userPrincipalName', `.${sam}@agency.gov`),
  (a, sam) => set(a, 'userPrincipalName', `${sam}@-agency.gov`),
  (a, sam) => set(a, 'userPrincipalName', `${sam}@agency.local`),
  (a, sam) => set(a, 'userPrincipalName', `${sam}@corp.agency.internal`),
  (a, sam) => set(a, 'userPrincipalName', `${sam}@other.gov`),
  (a, sam) => set(a, 'mail', `${sam} jr@agency.gov`),
  (a, sam) => set(a, 'mail', `${sam}.agency.gov`),
  (a, sam) => set(a, 'mail', `${sam}..x@agency.gov`),
  (a, sam) => set(a, 'mail', `${sam}@agency..gov`),
  (a, sam) => set(a, 'mail', `${sam}@agency.corp`),
  (a, sam) => set(a, 'mail', `${long(250)}${sam}@agency.gov`),
  (a) => set(a, 'mail', null),
  (a, sam) => set(a, 'mail', `${sam}@other.gov`),
  (a, sam) => set(a, 'mail', `José.${sam}@agency.gov`),
  (a, sam) => set(a, 'mailNickname', `${sam}${long(66)}`),
  (a, sam) => set(a, 'mailNickname', `${sam} alias`),
  (a, sam) => set(a, 'mailNickname', `.${sam}`),
  (a) => set(a, 'mailNickname', null),
  (a, sam) => add(a, 'proxyAddresses', `smtp:${long(260)}${sam}@agency.gov`),
  (a, sam) => add(a, 'proxyAddresses', `${sam}.old@agency.gov`),
  (a, sam) => add(a, 'proxyAddresses', `smtp:${sam} old@agency.gov`),
  (a, sam) => add(a, 'proxyAddresses', `smtp:.${sam}@agency.gov`),
  (a, sam) => add(a, 'proxyAddresses', `smtp:${sam}@agency-.gov`),
  (a, sam) => add(a, 'proxyAddresses', `smtp:${sam}@agency.lan`),
  (a, sam) => add(a, 'proxyAddresses', `SMTP:${sam}.second@agency.gov`),
  (a, sam) => {
    set(a, 'proxyAddresses', null);
    add(a, 'proxyAddresses', `SMTP:${sam}.primary@agency.gov`);
  },
  (a, sam, i) => {
    // 301 addresses is rare and large: one object in ten that draws this defect gets it.
    if (i % 10 === 0) for (let n = 0; n < 301; n++) add(a, 'proxyAddresses', `smtp:${sam}.${n}@agency.gov`);
  },
  (a) => set(a, 'proxyAddresses', null),
  (a, sam) => add(a, 'proxyAddresses', `smtp:${sam}@other.gov`),
  // A remote mailbox routes through targetAddress: every targetAddress rule on one.
  ...[
    (sam: string) => `SMTP:${long(260)}${sam}@agency.mail.onmicrosoft.us`,
    (sam: string) => `${sam}@agency.mail.onmicrosoft.us`,
    (sam: string) => `SMTP:${sam} x@agency.mail.onmicrosoft.us`,
    (sam: string) => `SMTP:.${sam}@agency.mail.onmicrosoft.us`,
    (sam: string) => `SMTP:${sam}@-agency.mail.onmicrosoft.us`,
    (sam: string) => `SMTP:${sam}@agency.mail.local`,
    null,
  ].map((target) => (a: Attrs, sam: string) => {
    set(a, 'msExchRecipientTypeDetails', '2147483648');
    set(a, 'targetAddress', target === null ? null : target(sam));
  }),
  (a, sam) => set(a, 'sAMAccountName', `${sam}${long(22)}`),
  (a, sam) => set(a, 'sAMAccountName', `${sam}[old]`),
  (a) => set(a, 'displayName', long(300)),
  (a, sam) => set(a, 'displayName', ` ${sam} `),
  (a) => set(a, 'displayName', '   '),
  (a) => set(a, 'givenName', long(70)),
  (a) => set(a, 'sn', long(70)),
  (a) => {
    for (let n = 0; n < 16; n++) add(a, 'userCertificate', Buffer.alloc(48, n));
  },
  (a) => {
    for (let n = 0; n < 16; n++) add(a, 'userSMIMECertificate', Buffer.alloc(48, n));
  },
  (a, _sam, i) => {
    // A 110 KB photo is rare and large: one object in twenty that draws this defect gets it.
    if (i % 20 === 0) set(a, 'thumbnailPhoto', Buffer.alloc(110 * 1024, 7));
  },
];

const CONTACT_DEFECTS: ((a: Attrs, i: number) => void)[] = [
  (a) => set(a, 'targetAddress', null),
  (a, i) => set(a, 'mail', `c${i}@partner.local`),
  (a, i) => set(a, 'mail', `c ${i}@partner.org`),
  (a) => set(a, 'mailNickname', null),
];

const GROUP_DEFECTS: ((a: Attrs, i: number) => void)[] = [
  (a) => set(a, 'displayName', null),
  (a) => set(a, 'mailNickname', null),
  (a, i) => set(a, 'mail', `g${i}@agency.corp`),
];

/**
 * Values held by several objects, laid out over each BLOCK objects: one placeholder UPN held by
 * 2,000 users, two shared mailboxes of about 575, five team addresses of about 100, twenty
 * aliases of about 10 and a thousand pairs of account names.
 */
function duplicateOf(i: number): ((a: Attrs) => void) | undefined {
  const k = i % BLOCK;
  // Each block has groups of its own: their sizes stay the same whatever the directory's size.
  const b = Math.floor(i / BLOCK);
  // Of every 2,380 objects, 2,000 are users (the rest contacts and groups).
  if (k < 2380) return (a) => set(a, 'userPrincipalName', `service.placeholder${b}@agency.gov`);
  if (k < 3750) {
    const g = `${b}.${Math.floor((k - 2380) / 685)}`;
    return (a) => {
      set(a, 'mail', `shared.mailbox${g}@agency.gov`);
      set(a, 'proxyAddresses', null);
      add(a, 'proxyAddresses', `SMTP:shared.mailbox${g}@agency.gov`);
    };
  }
  if (k < 4375) return (a) => add(a, 'proxyAddresses', `smtp:team${b}.${Math.floor((k - 3750) / 125)}@agency.gov`);
  if (k < 4625) return (a) => set(a, 'mailNickname', `alias${b}.${Math.floor((k - 4375) / 12.5)}`);
  if (k < 6625) return (a) => set(a, 'sAMAccountName', `dup${b}.${Math.floor((k - 4625) / 2)}`);
  return undefined;
}

function user(i: number, ou: string): string {
  const sam = `u${i.toString(36)}`;
  const first = i % 33 === 5 ? 'Zoë' : i % 41 === 6 ? 'José' : `First${i}`;
  // Some names are "Last, First", which a DN escapes.
  const cn = i % 20 === 7 ? `User ${i}\\, Jr.` : `User ${i}`;
  const mail = `first.last${i}@agency.gov`;
  const a: Attrs = [
    ['objectClass', 'top'], ['objectClass', 'person'], ['objectClass', 'organizationalPerson'], ['objectClass', 'user'],
    ['objectCategory', `CN=Person,CN=Schema,CN=Configuration,${BASE}`], ['cn', cn.replace('\\', '')], ['sAMAccountName', sam],
    ['userPrincipalName', `${sam}@agency.gov`], ['givenName', first], ['sn', `Last${i}`], ['displayName', `${first} Last${i}`], ['mail', mail],
    ['mailNickname', sam], ['proxyAddresses', `SMTP:${mail}`], ['proxyAddresses', `smtp:${sam}@agency.gov`],
    ['proxyAddresses', `X500:/o=Agency/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${sam}`],
    ['userAccountControl', i % 50 === 9 ? '514' : '512'], ['department', `Dept${i % 40}`], ['employeeID', String(100000 + i)],
    ['msExchRecipientTypeDetails', '1'], ['lastLogonTimestamp', String(133_000_000_000_000_000n + BigInt(mix(i)) * 100_000n)],
    ['objectGUID', Buffer.from(i.toString(16).padStart(32, '0'), 'hex')],
  ];
  if (i % 997 === 3) set(a, 'isCriticalSystemObject', 'TRUE');
  const duplicate = duplicateOf(i);
  if (duplicate) duplicate(a);
  else if (mix(i) % 1000 < DEFECT_PER_MILLE) USER_DEFECTS[mix(i >>> 1) % USER_DEFECTS.length]!(a, sam, i);
  return entry(`CN=${cn},${ou}`, a);
}

function contact(i: number, ou: string): string {
  const k = i % BLOCK;
  const a: Attrs = [
    ['objectClass', 'top'], ['objectClass', 'person'], ['objectClass', 'organizationalPerson'], ['objectClass', 'contact'],
    ['cn', `Contact ${i}`], ['displayName', `Contact ${i}`], ['mail', `c${i}@partner.org`], ['mailNickname', `c${i}`],
    ['proxyAddresses', `SMTP:c${i}@partner.org`], ['targetAddress', `SMTP:c${i}@partner.org`],
  ];
  // Contacts forwarding to one address, in pairs.
  if (k >= 6625 && k < 8625) set(a, 'targetAddress', `SMTP:forward${Math.floor(i / BLOCK)}.${Math.floor((k - 6625) / 40)}@partner.org`);
  else if (mix(i) % 1000 < DEFECT_PER_MILLE) CONTACT_DEFECTS[mix(i >>> 1) % CONTACT_DEFECTS.length]!(a, i);
  return entry(`CN=Contact ${i},${ou}`, a);
}

function group(i: number, ou: string): string {
  const k = i % BLOCK;
  const a: Attrs = [
    ['objectClass', 'top'], ['objectClass', 'group'], ['objectCategory', `CN=Group,CN=Schema,CN=Configuration,${BASE}`],
    ['cn', `Group ${i}`], ['sAMAccountName', `g${i}`], ['groupType', i % 3 === 0 ? '8' : '-2147483646'], ['displayName', `Group ${i}`],
  ];
  if (i % 3 === 0) {
    // A universal distribution group, mail-enabled.
    set(a, 'mail', `g${i}@agency.gov`);
    set(a, 'mailNickname', `g${i}`);
    add(a, 'proxyAddresses', `SMTP:g${i}@agency.gov`);
    if (mix(i) % 1000 < DEFECT_PER_MILLE * 2) GROUP_DEFECTS[mix(i >>> 1) % GROUP_DEFECTS.length]!(a, i);
  }
  const start = i - k;
  const members = k === LARGE_GROUP_AT ? LARGE_GROUP_MEMBERS : 2 + (i % 3);
  for (let m = 0; m < members; m++) {
    const u = k === LARGE_GROUP_AT ? start + (m % BLOCK) : i - 1 - m;
    if (u >= 0) add(a, 'member', `CN=User ${u},OU=Unit${u % 97},OU=Staff,${BASE}`);
  }
  return entry(`CN=Group ${i},${ou}`, a);
}

/** Entries that are neither users, contacts nor groups: the rules pass over them, the reader does not. */
function other(i: number): string {
  return i % 160 === 0
    ? entry(`OU=Unit${i % 97}x,OU=Staff,${BASE}`, [['objectClass', 'top'], ['objectClass', 'organizationalUnit'], ['ou', `Unit${i % 97}x`]])
    : entry(`CN=WS${i},OU=Workstations,${BASE}`, [['objectClass', 'top'], ['objectClass', 'computer'], ['cn', `WS${i}`], ['sAMAccountName', `WS${i}$`], ['dNSHostName', `ws${i}.agency.local`]]);
}

export async function writeSyntheticLdif(path: string, objects: number): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buf = 'version: 1\n\n';
  for (let i = 0; i < objects; i++) {
    const kind = i % 20;
    const ou = `OU=Unit${i % 97},OU=Staff,${BASE}`;
    buf += kind === 18 || (kind === 13 && i % 100 === 13) ? group(i, ou) : kind === 16 || kind === 17 ? contact(i, ou) : user(i, ou);
    if (i % 80 === 40) buf += other(i);
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** Bumped whenever the generator's output changes, so a benchmark never reuses a file of an older mix. */
const GENERATION = 4;

/** The synthetic directory of `objects` objects in `dir`, generated once and reused. */
export async function syntheticLdif(dir: string, objects: number): Promise<string> {
  const path = join(dir, `synthetic-v${GENERATION}-${objects}.ldif`);
  if (!existsSync(path)) await writeSyntheticLdif(path, objects);
  return path;
}
