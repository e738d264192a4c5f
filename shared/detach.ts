/**
 * V8 keeps substrings as slices of their parent: a DN cut from a 1 MB input chunk keeps the whole
 * chunk alive. Strings that outlive the object being read (map keys, examples) are copied first,
 * or memory grows with the size of the file instead of staying flat.
 */
export function detach(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
