import type { AttributeValue, DirectoryObject } from '../../shared/directory-object.ts';
import type { UniquePair } from '../../shared/rules/uniqueness.ts';

/**
 * The stored copy of an object's attributes: JSON with binary values as {"b64": "..."} so the
 * object drawer shows every attribute and the engine can re-read colliding objects exactly.
 */
type StoredValue = string | { b64: string };

export function toSnapshotJson(obj: DirectoryObject): string {
  const out: Record<string, StoredValue[]> = {};
  for (const [name, vals] of obj.attributes) {
    out[name] = vals.map((v) => (typeof v === 'string' ? v : { b64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') }));
  }
  return JSON.stringify(out);
}

/**
 * The snapshot of an object known only by its (attribute, text value) pairs, as `toSnapshotJson`
 * writes it. The few attributes are grouped by comparing names: as map keys, freshly parsed
 * strings would each be hashed.
 */
export function pairsSnapshotJson(pairs: readonly UniquePair[]): string {
  const attributes: [string, string[]][] = [];
  for (const [attribute, value] of pairs) {
    const group = attributes.find(([name]) => name === attribute);
    if (group) group[1].push(value);
    else attributes.push([attribute, [value]]);
  }
  return `{${attributes.map(([name, values]) => `${JSON.stringify(name)}:${JSON.stringify(values)}`).join(',')}}`;
}

export function fromSnapshotJson(dn: string, json: string): DirectoryObject {
  const parsed = JSON.parse(json) as Record<string, StoredValue[]>;
  const attributes = new Map<string, AttributeValue[]>();
  for (const [name, vals] of Object.entries(parsed)) {
    attributes.set(name, vals.map((v) => (typeof v === 'string' ? v : Buffer.from(v.b64, 'base64'))));
  }
  return { dn, attributes };
}
