import type { AttributeValue, DirectoryObject } from '../../shared/directory-object.ts';

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

export function fromSnapshotJson(dn: string, json: string): DirectoryObject {
  const parsed = JSON.parse(json) as Record<string, StoredValue[]>;
  const attributes = new Map<string, AttributeValue[]>();
  for (const [name, vals] of Object.entries(parsed)) {
    attributes.set(name, vals.map((v) => (typeof v === 'string' ? v : Buffer.from(v.b64, 'base64'))));
  }
  return { dn, attributes };
}
