import type { Client, Entry } from 'ldapts';
import type { AttributeValue, DirectoryObject } from '../../../shared/directory-object.ts';
import { isWithin } from '../../../shared/dn.ts';
import { EXPORT_ATTRIBUTES, EXPORT_FILTER } from '../export-instructions.ts';
import { explain } from './errors.ts';
import type { ConnectionProfile } from './profile.ts';

/**
 * Reads users, contacts and groups page by page, asking only for the attributes the rules need,
 * and only ever reading. Group members come in ranges (`member;range=0-1499`, then the next
 * range…) as AD serves them, so a group of any size gets its exact member count.
 */
export const BINARY_LDAP_ATTRIBUTES = ['objectGUID', 'objectSid', 'thumbnailPhoto', 'userCertificate', 'userSMIMECertificate', 'mS-DS-ConsistencyGuid', 'msExchMailboxGuid'];
export const RANGE_STEP = 1500;

const RANGED = /^(.+);range=(\d+)-(\d+|\*)$/i;

function toValues(v: Entry[string]): AttributeValue[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (typeof x === 'string' ? x : new Uint8Array(x.buffer, x.byteOffset, x.byteLength)));
}

/**
 * The next range to ask for, when the server's answer ended before `*`. An empty ranged attribute
 * (Samba sends one for objects without members) has nothing more to fetch.
 */
function rangeContinuation(entry: Entry): { attribute: string; next: number }[] {
  const out: { attribute: string; next: number }[] = [];
  for (const key of Object.keys(entry)) {
    const m = RANGED.exec(key);
    if (m && m[3] !== '*' && toValues(entry[key]!).length > 0) out.push({ attribute: m[1]!, next: Number(m[3]) + 1 });
  }
  return out;
}

function toObject(entry: Entry): DirectoryObject {
  const attributes = new Map<string, AttributeValue[]>();
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'dn') continue;
    const name = (RANGED.exec(key)?.[1] ?? key).toLowerCase();
    const values = toValues(value);
    if (values.length === 0) continue;
    const existing = attributes.get(name);
    if (existing) existing.push(...values);
    else attributes.set(name, values);
  }
  return { dn: entry.dn, attributes };
}

async function remainingRange(client: Client, dn: string, attribute: string, start: number, into: AttributeValue[]): Promise<void> {
  for (let from = start; ; ) {
    const { searchEntries } = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: [`${attribute};range=${from}-*`] });
    const entry = searchEntries[0];
    if (!entry) return;
    const key = Object.keys(entry).find((k) => RANGED.test(k));
    if (!key) return;
    into.push(...toValues(entry[key]!));
    const end = RANGED.exec(key)![3]!;
    if (end === '*') return;
    from = Number(end) + 1;
  }
}

/**
 * Asks for the next page as soon as one arrives, so the server prepares page n+1 while page n is
 * assessed: without it, server and engine take turns waiting for each other.
 */
async function* prefetched<T>(pages: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = pages.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = pages.next();
      // A failure of the prefetch surfaces when it is awaited, not as an unhandled rejection.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await pages.return(undefined).catch(() => undefined);
  }
}

export async function* collect(client: Client, profile: ConnectionProfile, baseDns: string[]): AsyncGenerator<DirectoryObject> {
  const attributes = [...EXPORT_ATTRIBUTES.filter((a) => a !== 'member'), `member;range=0-${RANGE_STEP - 1}`, 'objectGUID', 'objectSid'];
  for (const base of baseDns) {
    try {
      const pages = prefetched(client.searchPaginated(base, {
        scope: 'sub',
        filter: EXPORT_FILTER,
        attributes,
        explicitBufferAttributes: BINARY_LDAP_ATTRIBUTES,
        paged: { pageSize: profile.pageSize },
      }));
      for await (const page of pages) {
        for (const entry of page.searchEntries) {
          if (profile.excludes.some((ou) => isWithin(entry.dn, ou))) continue;
          const obj = toObject(entry);
          for (const { attribute, next } of rangeContinuation(entry)) {
            const values = obj.attributes.get(attribute.toLowerCase())!;
            await remainingRange(client, entry.dn, attribute, next, values);
          }
          yield obj;
        }
      }
    } catch (err) {
      throw explain(err, profile);
    }
  }
}
