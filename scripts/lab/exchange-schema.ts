/**
 * The Exchange attributes the rules read, which Samba's schema lacks, as two LDIF files for
 * `ldbmodify` (attributes first, then mayContain on mailRecipient, the auxiliary class of users,
 * contacts and groups). OIDs and schemaIDGUIDs are Exchange's own, except msExchRemoteRecipientType
 * (a lab-private OID). Written from the attribute facts in shared/docs/samba-lab.md.
 */
interface AttributeDef {
  name: string;
  cn: string;
  oid: string;
  syntax: string;
  omSyntax: number;
  rangeUpper?: number;
  rangeLower?: number;
  searchFlags: number;
  guid: string;
}

const ext = (n: number, oid: string, guid: string, upper: number): AttributeDef => ({
  name: `extensionAttribute${n}`,
  cn: `ms-Exch-Extension-Attribute-${n}`,
  oid,
  syntax: '2.5.5.12',
  omSyntax: 64,
  rangeUpper: upper,
  searchFlags: 16,
  guid,
});

const ATTRIBUTES: AttributeDef[] = [
  { name: 'mailNickname', cn: 'ms-Exch-Mail-Nickname', oid: '1.2.840.113556.1.2.447', syntax: '2.5.5.12', omSyntax: 64, rangeUpper: 64, searchFlags: 5, guid: 'bf9679b3-0de6-11d0-a285-00aa003049e2' },
  // rangeUpper above Exchange's 1123 would let labs hold over-long values; 1123 is Exchange's own.
  { name: 'targetAddress', cn: 'ms-Exch-Target-Address', oid: '1.2.840.113556.1.2.352', syntax: '2.5.5.12', omSyntax: 64, rangeUpper: 1123, searchFlags: 1, guid: 'f0f8ff9f-1191-11d0-a060-00aa006c33ed' },
  // Unindexed (searchFlags 0): an index on a value most objects share slows bulk loads.
  { name: 'msExchRecipientTypeDetails', cn: 'ms-Exch-Recipient-Type-Details', oid: '1.2.840.113556.1.4.7000.102.50855', syntax: '2.5.5.16', omSyntax: 65, searchFlags: 0, guid: '069ba1f8-540a-42a9-bf26-a7dd35475346' },
  { name: 'msExchRecipientDisplayType', cn: 'ms-Exch-Recipient-Display-Type', oid: '1.2.840.113556.1.4.7000.102.50730', syntax: '2.5.5.9', omSyntax: 2, searchFlags: 1, guid: 'b893abb0-767e-4f20-915f-3857bbc96afe' },
  { name: 'msExchRemoteRecipientType', cn: 'ms-Exch-Remote-Recipient-Type', oid: '1.2.840.113556.1.8000.2554.47811.50798.1', syntax: '2.5.5.16', omSyntax: 65, searchFlags: 1, guid: '5a0b1e47-7c57-4e3a-9d5e-3c2b7d1f6a01' },
  { name: 'msExchHideFromAddressLists', cn: 'ms-Exch-Hide-From-Address-Lists', oid: '1.2.840.113556.1.4.7000.102.73', syntax: '2.5.5.8', omSyntax: 1, searchFlags: 16, guid: 'a21c0b96-b093-11d2-aa06-00c04f8eedd8' },
  { name: 'msExchMailboxGuid', cn: 'ms-Exch-Mailbox-Guid', oid: '1.2.840.113556.1.4.7000.102.11058', syntax: '2.5.5.10', omSyntax: 4, rangeLower: 16, rangeUpper: 16, searchFlags: 9, guid: '9333af48-b09e-11d2-aa06-00c04f8eedd8' },
  // The marker Exchange setup leaves: its rangeUpper is the Exchange schema version (17003: Exchange 2019).
  // Lab-private OID and GUID.
  { name: 'msExchSchemaVersionPt', cn: 'ms-Exch-Schema-Version-Pt', oid: '1.2.840.113556.1.8000.2554.47811.50798.2', syntax: '2.5.5.9', omSyntax: 2, rangeLower: 1, rangeUpper: 17003, searchFlags: 0, guid: '5a0b1e47-7c57-4e3a-9d5e-3c2b7d1f6a02' },
  ...['67', '69', '6a', '6b', '6c', '6d', '6e', '6f', '70', '68'].map((g, i) => ext(i + 1, `1.2.840.113556.1.2.${423 + i}`, `bf9679${g}-0de6-11d0-a285-00aa003049e2`, 1024)),
  ...[6, 7, 8, 9, 'a'].map((g, i) => ext(i + 11, `1.2.840.113556.1.2.${599 + i}`, `167757f${g}-47f3-11d1-a9c3-0000f80367c1`, 2048)),
];

/** A GUID as Active Directory stores it: the first three groups little-endian. */
function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  return Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)]);
}

export function schemaAttributesLdif(schemaDn: string): string {
  return ATTRIBUTES.map((a) =>
    [
      `dn: CN=${a.cn},${schemaDn}`,
      'objectClass: top',
      'objectClass: attributeSchema',
      `cn: ${a.cn}`,
      `attributeID: ${a.oid}`,
      `attributeSyntax: ${a.syntax}`,
      `oMSyntax: ${a.omSyntax}`,
      `lDAPDisplayName: ${a.name}`,
      'isSingleValued: TRUE',
      `searchFlags: ${a.searchFlags}`,
      ...(a.rangeUpper !== undefined ? [`rangeLower: ${a.rangeLower ?? 1}`, `rangeUpper: ${a.rangeUpper}`] : []),
      `schemaIDGUID:: ${guidBytes(a.guid).toString('base64')}`,
      '',
      '',
    ].join('\n'),
  ).join('');
}

export function mayContainLdif(schemaDn: string): string {
  return [`dn: CN=Mail-Recipient,${schemaDn}`, 'changetype: modify', 'add: mayContain', ...ATTRIBUTES.map((a) => `mayContain: ${a.name}`), '-', '', ''].join('\n');
}
