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
