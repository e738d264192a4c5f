import { BerWriter } from 'ldapts';

/** Builders of LDAP messages as a server sends them, for the tests of the ldapts speed-ups. */
export interface Attr {
  type: string;
  values: Buffer[];
}

/** A SearchResultEntry message (RFC 4511 §4.5.2) as a server sends it. */
export function entryMessage(dn: string, attributes: Attr[], messageId = 7): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(messageId);
  w.startSequence(0x64);
  w.writeString(dn);
  w.startSequence();
  for (const a of attributes) {
    w.startSequence();
    w.writeString(a.type);
    w.startSequence(0x31);
    for (const v of a.values) w.writeBuffer(v, 0x04);
    w.endSequence();
    w.endSequence();
  }
  w.endSequence();
  w.endSequence();
  w.endSequence();
  return w.buffer;
}

