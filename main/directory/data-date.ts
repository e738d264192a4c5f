import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The date an export describes (domain.md §8). An export's objects carry `whenChanged`: the newest
 * one is when the data was last true, whatever happened to the file since (scp, git and unzip give
 * a copy the time it was copied). It is found by a pass over the raw bytes, taken only when the
 * file's first block shows the attribute, so an export without it costs nothing.
 */
const MARKERS = [Buffer.from('\nwhenChanged: '), Buffer.from('\nwhenchanged: ')];
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/;
const A_WEEK_MS = 7 * 86_400_000;

function newestIn(chunk: Buffer, newest: string): string {
  for (const marker of MARKERS) {
    for (let at = chunk.indexOf(marker); at >= 0; at = chunk.indexOf(marker, at + marker.length)) {
      const stamp = chunk.toString('latin1', at + marker.length, at + marker.length + 14);
      if (GENERALIZED_TIME.test(stamp) && stamp > newest) newest = stamp;
    }
  }
  return newest;
}

/** The newest whenChanged of a UTF-8 LDIF export, or undefined when its objects carry none. */
export function newestWhenChanged(path: string): Date | undefined {
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.allocUnsafe(1 << 20);
    // Overlap between blocks so a marker cut by a block boundary is still seen.
    const keep = 64;
    let newest = '';
    let carried = 0;
    for (let first = true; ; first = false) {
      const n = readSync(fd, block, carried, block.length - carried, null);
      if (n === 0) break;
      const text = block.subarray(0, carried + n);
      if (first && !MARKERS.some((m) => text.includes(m))) return undefined;
      newest = newestIn(text, newest);
      carried = Math.min(keep, text.length);
      text.copy(block, 0, text.length - carried);
    }
    const m = GENERALIZED_TIME.exec(newest);
    return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
  } finally {
    closeSync(fd);
  }
}

/** The date of an export's data and, in words, what it was taken from. */
export function dataDate(fileTime: Date, newest: Date | undefined): { asOf: string; basis: string } {
  if (!newest) return { asOf: fileTime.toISOString(), basis: "the file's time (its objects carry no whenChanged)" };
  const apart = Math.abs(fileTime.getTime() - newest.getTime());
  if (apart <= A_WEEK_MS) return { asOf: newest.toISOString(), basis: 'the newest whenChanged in the data' };
  const days = Math.round(apart / 86_400_000);
  return {
    asOf: newest.toISOString(),
    basis: `the newest whenChanged in the data, not the file's time (${fileTime.toISOString().slice(0, 10)}, ${days} days apart: a file copied by scp, git or unzip carries the copy's time)`,
  };
}
