import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { Client } from 'ldapts';
import { explain, isCertificateError, LdapConnectionError, type CertificateDetails } from './errors.ts';
import { EmptyPassword, type Authenticator } from './authenticator.ts';
import type { ConnectionProfile } from './profile.ts';

/**
 * Opens an authenticated, read-only session. Trust is the operating system's store plus the CA
 * files the person added; nothing is ever accepted unverified. The password is used for the bind
 * and not kept.
 */
export function trustedCas(caFiles: readonly string[]): string[] {
  const system = typeof tls.getCACertificates === 'function' ? tls.getCACertificates('system') : [];
  const extra = caFiles.map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new LdapConnectionError('other', `The CA certificate file ${file} cannot be read: ${(err as Error).message}`);
    }
  });
  return [...tls.rootCertificates, ...system, ...extra];
}

function url(profile: ConnectionProfile): string {
  const host = profile.host.includes(':') ? `[${profile.host}]` : profile.host;
  return `${profile.security === 'ldaps' ? 'ldaps' : 'ldap'}://${host}:${profile.port}`;
}

function newClient(profile: ConnectionProfile, tlsOptions: tls.ConnectionOptions, onSocket?: (s: tls.TLSSocket) => void): Client {
  return new Client({
    url: url(profile),
    timeout: profile.timeoutMs,
    connectTimeout: profile.timeoutMs,
    // ldapts opens implicit TLS whenever tlsOptions are given, so they go only with ldaps://.
    ...(profile.security === 'ldaps' ? { tlsOptions } : {}),
    createSecureConnection: ((...args: unknown[]) => {
      const socket = (tls.connect as (...a: unknown[]) => tls.TLSSocket)(...args);
      onSocket?.(socket);
      return socket;
    }) as typeof tls.connect,
  });
}

function details(cert: tls.PeerCertificate): CertificateDetails {
  const name = (n: tls.Certificate | undefined): string => Object.entries(n ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  return { subject: name(cert.subject), issuer: name(cert.issuer), validFrom: cert.valid_from, validTo: cert.valid_to, sha256: cert.fingerprint256 };
}

/** Reconnects without verification only to show the person which certificate was refused. */
async function refusedCertificate(profile: ConnectionProfile): Promise<CertificateDetails | undefined> {
  let socket: tls.TLSSocket | undefined;
  const probe = newClient(profile, { rejectUnauthorized: false }, (s) => (socket = s));
  try {
    if (profile.security === 'starttls') await probe.startTLS({ rejectUnauthorized: false });
    else await probe.bind('', '');
  } catch {
    // the certificate is what we came for
  }
  const cert = socket?.getPeerCertificate();
  await probe.unbind().catch(() => undefined);
  return cert && cert.fingerprint256 ? details(cert) : undefined;
}

/** One TLS context per profile: building it from a few hundred CAs is not free, and scans open several connections. */
const contexts = new WeakMap<ConnectionProfile, tls.SecureContext>();

function secureContext(profile: ConnectionProfile): tls.SecureContext {
  let context = contexts.get(profile);
  if (!context) contexts.set(profile, (context = tls.createSecureContext({ ca: trustedCas(profile.caFiles), minVersion: 'TLSv1.2' })));
  return context;
}

/** An authenticated session; `auth` says how it binds (a password today, Kerberos later). */
export async function connect(profile: ConnectionProfile, auth: Authenticator): Promise<Client> {
  const tlsOptions: tls.ConnectionOptions = { secureContext: secureContext(profile), rejectUnauthorized: true };
  const client = newClient(profile, tlsOptions);
  try {
    if (profile.security === 'starttls') await client.startTLS(tlsOptions);
    await auth.bind(client);
    return client;
  } catch (err) {
    await client.unbind().catch(() => undefined);
    if (err instanceof EmptyPassword) throw new LdapConnectionError('bad-credentials', err.message);
    throw explain(err, profile, isCertificateError(err) ? await refusedCertificate(profile) : undefined);
  }
}
