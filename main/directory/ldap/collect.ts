import type { Client } from 'ldapts';
import type { AttributeValue, DirectoryObject } from '../../../shared/directory-object.ts';
import { isWithin } from '../../../shared/dn.ts';
import { EXPORT_ATTRIBUTES, EXPORT_FILTER } from '../export-instructions.ts';
import { decodeEntry, DIRECT_DECODE, installEntryDecoder } from './entry-decoder.ts';
import { explain } from './errors.ts';
import { installMessageAssembly } from './message-assembly.ts';
import type { ConnectionProfile } from './profile.ts';

/**
 * Reads users, contacts and groups page by page, asking only for the attributes the rules need,
 * and only ever reading. Group members come in ranges (`member;range=0-1499`, then the next
 * range…) as AD serves them, so a group of any size gets its exact member count.
 */
export const RANGE_STEP = 1500;

installEntryDecoder();
installMessageAssembly();

/**
 * The rest of a ranged attribute, one answer per range the server is willing to give (AD gives
 * 1,500 values at a time, Samba all that remain), read by the direct decoder.
 */
async function remainingRange(client: Client, dn: string, attribute: string, start: number, into: AttributeValue[]): Promise<void> {
  const name = attribute.toLowerCase();
  for (let from: number | undefined = start; from !== undefined; ) {
    const { searchEntries } = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: [`${attribute};range=${from}-*`], explicitBufferAttributes: DIRECT_DECODE as string[] });
    if (searchEntries.length === 0) return;
    const { obj, continuations } = decodeEntry(searchEntries[0]!);
    for (const value of obj.attributes.get(name) ?? []) into.push(value);
    from = continuations.find((c) => c.attribute.toLowerCase() === name)?.next;
  }
}

/** How many entries later a group whose members come in ranges is handed over, and how many may wait. */
const DEFER_ENTRIES = 5000;
const MAX_DEFERRED = 16;

/**
 * Objects whose ranged attributes are still being fetched. Fetching the rest of a large group's
 * members takes a round trip per 1,500 members; waiting for them in line would leave the server
 * idle, since the next page is only asked for once this one is taken. So the ranges are fetched
 * alongside, and the object is handed over a fixed number of entries later (or sooner when too
 * many wait, which bounds memory). Its place depends only on the stream, never on timing, so a
 * scan's order stays stable.
 */
class RangedObjects {
  private readonly client: Client;
  private readonly waiting: { obj: DirectoryObject; due: number; fetched: Promise<void> }[] = [];
  private position = 0;

  constructor(client: Client) {
    this.client = client;
  }

  defer(obj: DirectoryObject, continuations: { attribute: string; next: number }[]): void {
    const fetched = (async () => {
      for (const { attribute, next } of continuations) await remainingRange(this.client, obj.dn, attribute, next, obj.attributes.get(attribute.toLowerCase())!);
    })();
    // A failure surfaces when the object's turn comes, not as an unhandled rejection.
    fetched.catch(() => undefined);
    this.waiting.push({ obj, due: this.position + DEFER_ENTRIES, fetched });
  }

  /** Objects whose turn has come, one entry further into the stream. */
  async *ready(): AsyncGenerator<DirectoryObject> {
    this.position++;
    while (this.waiting.length > 0 && (this.waiting[0]!.due <= this.position || this.waiting.length >= MAX_DEFERRED)) yield await this.take();
  }

  async *rest(): AsyncGenerator<DirectoryObject> {
    while (this.waiting.length > 0) yield await this.take();
  }

  private async take(): Promise<DirectoryObject> {
    const { obj, fetched } = this.waiting.shift()!;
    await fetched;
    return obj;
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
 * per connection (`--connections N`), for a DC that serves searches on several cores. Against Samba,
 * which answers from one process, one stream is faster: its pages arrive while the previous one is
 * assessed (`prefetched`), and every extra partition costs the server a search of its own
 * (measured with `npm run bench:ldap`).
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
            // Marks this search for the direct decoder: its entries come back as DirectoryObjects.
            explicitBufferAttributes: DIRECT_DECODE as string[],
            paged: { pageSize: profile.pageSize },
          }),
        ),
      );
      const ranged = new RangedObjects(clients[0]!);
      for await (const page of interleave(searches)) {
        for (const entry of page.searchEntries) {
          if (profile.excludes.some((ou) => isWithin(entry.dn, ou))) continue;
          const { obj, continuations } = decodeEntry(entry);
          yield* ranged.ready();
          if (continuations.length > 0) ranged.defer(obj, continuations);
          else yield obj;
        }
      }
      yield* ranged.rest();
    } catch (err) {
      throw explain(err, profile);
    }
  }
}
