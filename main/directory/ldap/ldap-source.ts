import type { Client } from 'ldapts';
import type { DirectoryObject } from '../../../shared/directory-object.ts';
import type { Source } from '../source.ts';
import type { Authenticator } from './authenticator.ts';
import { collect } from './collect.ts';
import { connect } from './connect.ts';
import { discover } from './discover.ts';
import { explain } from './errors.ts';
import type { ConnectionProfile } from './profile.ts';

/** The search bases: those given, else the domain's (a DC) or the whole forest (a Global Catalog). */
async function searchBases(client: Client, profile: ConnectionProfile): Promise<string[]> {
  if (profile.bases.length > 0) return profile.bases;
  if (profile.globalCatalog) return [''];
  try {
    const { searchEntries } = await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['defaultNamingContext'] });
    const base = searchEntries[0]?.defaultNamingContext;
    if (typeof base === 'string' && base.length > 0) return [base];
  } catch (err) {
    throw explain(err, profile);
  }
  throw explain(new Error('the server did not announce a defaultNamingContext; give --base'), profile);
}

/** A live directory as a Source: connects when read, unbinds when done, failed or cancelled. */
export function openLdapSource(profile: ConnectionProfile, auth: Authenticator): Source {
  const scheme = profile.security === 'ldaps' ? 'ldaps' : 'ldap';
  const label = `${scheme}://${profile.host}:${profile.port}${profile.security === 'starttls' ? ' (StartTLS)' : profile.security === 'plain' ? ' (plain LDAP, unencrypted)' : ''}`;
  // A live directory is read as it is now.
  const descriptor = { kind: 'ldap' as const, label, asOf: new Date().toISOString(), asOfBasis: 'the start of the live scan', host: profile.host, port: profile.port, security: profile.security, bindUser: auth.principal, authentication: auth.method, globalCatalog: profile.globalCatalog, bases: profile.bases, excludes: profile.excludes };
  const source: Source = { descriptor, objects: objects(), interruptible: true };
  async function* objects(): AsyncGenerator<DirectoryObject> {
    const client = await connect(profile, auth);
    const clients = [client];
    try {
      source.evidence = { ...(await discover(client)), readFromGlobalCatalog: profile.globalCatalog };
      const bases = await searchBases(client, profile);
      descriptor.bases = bases;
      for (let i = 1; i < (profile.connections ?? 1); i++) clients.push(await connect(profile, auth));
      yield* collect(clients, profile, bases, source.evidence.highestCommittedUsn ?? undefined);
    } finally {
      await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
    }
  }
  return source;
}
