import { openFileSource, SAMPLE_DIRECTORY } from '../directory/file-source.ts';
import { passwordAuthenticator } from '../directory/ldap/authenticator.ts';
import { openLdapSource } from '../directory/ldap/ldap-source.ts';
import type { Authenticator, ConnectionProfile, Source } from './ports.ts';

/**
 * Every kind of source a run can read, in one typed table, used by the command line and the app's
 * scan worker alike. A spec is plain data (it crosses to the scan worker's thread); the kind named
 * in it opens it. A kind or credentials method nobody registered fails with a clear error when the
 * run starts, before anything is read.
 */

/** How an LDAP source binds: a password today; `registerCredentials` adds others (Kerberos). */
export type Credentials = { method: 'password'; password: string } | { method: string; [detail: string]: unknown };

export type SourceSpec =
  | { kind: 'file'; path: string }
  | { kind: 'sample' }
  | { kind: 'ldap'; profile: ConnectionProfile; credentials: Credentials }
  | { kind: string; [detail: string]: unknown };

export interface SourceKind<S extends SourceSpec = SourceSpec> {
  /** Opens the source; nothing is read until the run iterates it. Bad input is a SourceError or ProfileError. */
  open(spec: S): Source;
  /** For people: what the spec names (never a secret). */
  describe(spec: S): string;
}

type CredentialsKind = (profile: ConnectionProfile, credentials: Credentials) => Authenticator;

export class UnknownSource extends Error {
  override name = 'UnknownSource';
}

const CREDENTIALS = new Map<string, CredentialsKind>([
  // A plain (unencrypted) connection may bind anonymously, as the person asked for it; TLS binds need the password.
  ['password', (profile, c) => passwordAuthenticator(profile.bindUser, String(c.password), profile.security === 'plain')],
]);

function authenticator(profile: ConnectionProfile, credentials: Credentials): Authenticator {
  const make = CREDENTIALS.get(credentials.method);
  if (!make) throw new UnknownSource(`no way to bind with "${credentials.method}" credentials is registered (known: ${[...CREDENTIALS.keys()].join(', ')})`);
  return make(profile, credentials);
}

const BUILT_IN = {
  file: { open: (s: { path: string }) => openFileSource(s.path), describe: (s: { path: string }) => s.path },
  sample: { open: () => openFileSource(SAMPLE_DIRECTORY, 'sample'), describe: () => 'the built-in sample directory' },
  ldap: {
    open: (s: { profile: ConnectionProfile; credentials: Credentials }) => openLdapSource(s.profile, authenticator(s.profile, s.credentials)),
    describe: (s: { profile: ConnectionProfile }) => `${s.profile.host}:${s.profile.port}`,
  },
} satisfies Record<string, SourceKind<never>>;

const KINDS = new Map<string, SourceKind<never>>(Object.entries(BUILT_IN));

/** Adds a kind of source (a mail directory export, a tenant snapshot…); a name taken twice is a mistake, refused. */
export function registerSourceKind<S extends SourceSpec>(kind: S['kind'], opener: SourceKind<S>): void {
  if (KINDS.has(kind)) throw new Error(`the source kind "${kind}" is registered already`);
  KINDS.set(kind, opener as unknown as SourceKind<never>);
}

/** Adds a way for LDAP sources to bind (Kerberos, a smart card…). */
export function registerCredentials(method: string, make: CredentialsKind): void {
  if (CREDENTIALS.has(method)) throw new Error(`the credentials method "${method}" is registered already`);
  CREDENTIALS.set(method, make);
}

function kindOf(spec: SourceSpec): SourceKind<never> {
  const kind = KINDS.get(spec.kind);
  if (!kind) throw new UnknownSource(`no source of kind "${spec.kind}" is registered (known: ${[...KINDS.keys()].join(', ')})`);
  return kind;
}

export function openSource(spec: SourceSpec): Source {
  return kindOf(spec).open(spec as never);
}

export function describeSource(spec: SourceSpec): string {
  return kindOf(spec).describe(spec as never);
}

/** The registered kinds (tests check every one the app and the CLI offer is here). */
export function sourceKinds(): string[] {
  return [...KINDS.keys()];
}
