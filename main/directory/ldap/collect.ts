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
 * The entry as a DirectoryObject, and the ranges still to fetch: a ranged attribute whose answer
 * ended before `*` (an empty one, which Samba sends for objects without members, has no more).
 */
function toObject(entry: Entry): { obj: DirectoryObject; continuations: { attribute: string; next: number }[] } {
  const attributes = new Map<string, AttributeValue[]>();
  const continuations: { attribute: string; next: number }[] = [];
  for (const key in entry) {
    if (key === 'dn') continue;
    const values = toValues(entry[key]!);
    if (values.length === 0) continue;
    let name = key;
    if (key.includes(';')) {
      const m = RANGED.exec(key);
      if (m) {
        name = m[1]!;
        if (m[3] !== '*') continuations.push({ attribute: name, next: Number(m[3]) + 1 });
      }
    }
    const lower = name.toLowerCase();
    const existing = attributes.get(lower);
    if (existing) existing.push(...values);
    else attributes.set(lower, values);
  }
  return { obj: { dn: entry.dn, attributes }, continuations };
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

/**
 * Splits the search into ranges of uSNCreated (indexed in AD, and a counter every object has), one
 * per connection. With two searches in flight the server prepares one partition's next page while
 * this side decodes and assesses the other's: a single paged search makes them take turns.
 */
export function usnPartitions(count: number, highestUsn: number | undefined): string[] {
  if (count <= 1 || !highestUsn || highestUsn < count) return [''];
  const step = Math.ceil(highestUsn / count);
  return Array.from({ length: count }, (_, i) => {
    const low = i === 0 ? '' : `(uSNCreated>=${i * step + 1})`;
    // The last range stays open: objects created while the scan runs still belong somewhere.
    const high = i === count - 1 ? '' : `(uSNCreated<=${(i + 1) * step})`;
    return `${low}${high}`;
  });
}

/** Pages of several searches, taken in turn (1st of each, 2nd of each…): a stable order. */
async function* interleave<T>(sources: AsyncGenerator<T>[]): AsyncGenerator<T> {
  const active = [...sources];
  try {
    while (active.length > 0) {
      for (let i = 0; i < active.length; ) {
        const r = await active[i]!.next();
        if (r.done) active.splice(i, 1);
        else {
          yield r.value;
          i++;
        }
      }
    }
  } finally {
    await Promise.all(active.map((s) => s.return(undefined).catch(() => undefined)));
  }
}

export async function* collect(clients: Client[], profile: ConnectionProfile, baseDns: string[], highestUsn?: number): AsyncGenerator<DirectoryObject> {
  const attributes = [...EXPORT_ATTRIBUTES.filter((a) => a !== 'member'), `member;range=0-${RANGE_STEP - 1}`, 'objectGUID', 'objectSid'];
  const partitions = usnPartitions(clients.length, highestUsn);
  for (const base of baseDns) {
    try {
      const searches = partitions.map((range, i) =>
        prefetched(
          clients[i]!.searchPaginated(base, {
            scope: 'sub',
            filter: range ? `(&${EXPORT_FILTER}${range})` : EXPORT_FILTER,
            attributes,
            explicitBufferAttributes: BINARY_LDAP_ATTRIBUTES,
            paged: { pageSize: profile.pageSize },
          }),
        ),
      );
      for await (const page of interleave(searches)) {
        for (const entry of page.searchEntries) {
          if (profile.excludes.some((ou) => isWithin(entry.dn, ou))) continue;
          const { obj, continuations } = toObject(entry);
          for (const { attribute, next } of continuations) {
            const values = obj.attributes.get(attribute.toLowerCase())!;
            await remainingRange(clients[0]!, entry.dn, attribute, next, values);
          }
          yield obj;
        }
      }
    } catch (err) {
      throw explain(err, profile);
    }
  }
}
