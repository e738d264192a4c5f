import { NAMESPACES, type Namespace } from '../../shared/rules/uniqueness.ts';

const NAMESPACE_SEED: Readonly<Record<Namespace, number>> = Object.fromEntries(NAMESPACES.map((n, i) => [n, (i + 1) * 0x01000193])) as Record<Namespace, number>;
const DN_SEED = 0x9e3779b9;

/**
 * Two independent 32-bit hashes (FNV-1a and a multiplicative mix) of `text` under `seed`,
 * appended to `out`: 64 bits compared instead of the strings. With `foldAscii`, A–Z hash as a–z.
 */
function hash64(seed: number, text: string, foldAscii: boolean, out: number[]): void {
  let a = 0x811c9dc5 ^ seed;
  let b = 0x27d4eb2f ^ seed;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (foldAscii && c >= 65 && c <= 90) c += 32;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x85ebca6b);
    b ^= b >>> 13;
  }
  a ^= a >>> 16;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  out.push(a >>> 0, (b ^ (b >>> 16)) >>> 0);
}

/** The hashes of a namespace's key (already trimmed and lower-cased), for the duplicate index. */
export function hashKey(namespace: Namespace, key: string, out: number[]): void {
  hash64(NAMESPACE_SEED[namespace], key, false, out);
}

/** The hashes of a DN, compared without case as AD does, with nothing allocated: it runs once for every object read. */
export function hashDn(dn: string, out: number[]): void {
  hash64(DN_SEED, dn, true, out);
}
