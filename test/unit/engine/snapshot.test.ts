import { describe, expect, it } from 'vitest';
import { fromSnapshotJson, pairsSnapshotJson, toSnapshotJson } from '../../../main/engine/snapshot.ts';

describe('object snapshots', () => {
  it('an object known only by its unique values is stored as toSnapshotJson would store it', () => {
    const pairs: [string, string][] = [
      ['userprincipalname', 'ana@fcra.gov'],
      ['proxyaddresses', 'SMTP:ana@fcra.gov'],
      ['mail', 'ana@fcra.gov'],
      ['proxyaddresses', 'smtp:"quoted"\\ana@fcra.gov'],
    ];
    const attributes = new Map<string, string[]>();
    for (const [a, v] of pairs) attributes.set(a, [...(attributes.get(a) ?? []), v]);
    expect(pairsSnapshotJson(pairs)).toBe(toSnapshotJson({ dn: 'CN=Ana,DC=fcra,DC=gov', attributes }));
    expect(fromSnapshotJson('CN=Ana,DC=fcra,DC=gov', pairsSnapshotJson(pairs)).attributes).toEqual(attributes);
    expect(pairsSnapshotJson([])).toBe('{}');
  });
});
