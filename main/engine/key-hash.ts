import { NAMESPACES, type Namespace } from '../../shared/rules/uniqueness.ts';

const NAMESPACE_SEED: Readonly<Record<Namespace, number>> = Object.fromEntries(NAMESPACES.map((n, i) => [n, (i + 1) * 0x01000193])) as Record<Namespace, number>;

/**
 * Two independent 32-bit hashes (FNV-1a and a multiplicative mix) of a namespace and key, appended
 * to `out`: 64 bits that the duplicate index compares instead of the strings.
 */
export function hashKey(namespace: Namespace, key: string, out: number[]): void {
  const seed = NAMESPACE_SEED[namespace];
  let a = 0x811c9dc5 ^ seed;
  let b = 0x27d4eb2f ^ seed;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x85ebca6b);
    b ^= b >>> 13;
  }
  a ^= a >>> 16;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  out.push(a >>> 0, (b ^ (b >>> 16)) >>> 0);
}

const DN_SEED = 0x9e3779b9;

/**
 * The same pair of hashes of a DN, ASCII letters compared without case (AD's DNs are
 * case-insensitive), with nothing allocated: it runs once for every object read.
 */
export function hashDn(dn: string, out: number[]): void {
  let a = 0x811c9dc5 ^ DN_SEED;
  let b = 0x27d4eb2f ^ DN_SEED;
  for (let i = 0; i < dn.length; i++) {
    let c = dn.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x85ebca6b);
    b ^= b >>> 13;
  }
  a ^= a >>> 16;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  out.push(a >>> 0, (b ^ (b >>> 16)) >>> 0);
}
