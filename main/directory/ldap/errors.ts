import { InvalidCredentialsError, StrongAuthRequiredError } from 'ldapts';
import type { ConnectionProfile } from './profile.ts';

/**
 * Connection failures in words a person can act on. Every message names the server; none ever
 * contains the password.
 */
export type LdapErrorKind =
  | 'name-not-resolved'
  | 'connection-refused'
  | 'certificate-untrusted'
  | 'bad-credentials'
  | 'strong-auth-required'
  | 'timeout'
  | 'connection-lost'
  | 'other';

export interface CertificateDetails {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  sha256: string;
}

export class LdapConnectionError extends Error {
  override name = 'LdapConnectionError';
  readonly kind: LdapErrorKind;
  readonly certificate: CertificateDetails | undefined;
  constructor(kind: LdapErrorKind, message: string, certificate?: CertificateDetails) {
    super(message);
    this.kind = kind;
    this.certificate = certificate;
  }
}

/** AD's bind failure sub-codes ("data 52e" in the diagnostic message). */
const AD_BIND_CODES: Record<string, string> = {
  '525': 'the account does not exist',
  '52e': 'the user name or password is wrong',
  '530': 'the account may not sign in at this time',
  '531': 'the account may not sign in from this workstation',
  '532': 'the password has expired',
  '533': 'the account is disabled',
  '701': 'the account has expired',
  '773': 'the user must change the password before signing in',
  '775': 'the account is locked out',
};

export function describeBindFailure(diagnostic: string): string {
  const code = /data ([0-9a-f]{3})/i.exec(diagnostic)?.[1]?.toLowerCase();
  return (code && AD_BIND_CODES[code]) ?? 'the user name or password is wrong';
}

const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
]);

export function isCertificateError(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code !== undefined && TLS_TRUST_CODES.has(code);
}

/** Maps a failure while connecting, binding or searching to a LdapConnectionError. */
export function explain(err: unknown, profile: ConnectionProfile, certificate?: CertificateDetails): LdapConnectionError {
  if (err instanceof LdapConnectionError) return err;
  const server = `${profile.host}:${profile.port}`;
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new LdapConnectionError('name-not-resolved', `The name ${profile.host} could not be resolved; check the host name or DNS.`);
  if (code === 'ECONNREFUSED') return new LdapConnectionError('connection-refused', `${server} refused the connection: no LDAP service listens there (is the port right for ${profile.security.toUpperCase()}?).`);
  if (isCertificateError(err)) {
    const detail = certificate ? ` The server presented "${certificate.subject}", issued by "${certificate.issuer}", valid ${certificate.validFrom} to ${certificate.validTo}, SHA-256 ${certificate.sha256}.` : '';
    const why = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? `its certificate is not issued for the name ${profile.host}` : code === 'CERT_HAS_EXPIRED' ? 'its certificate has expired' : 'its certificate is not trusted';
    return new LdapConnectionError('certificate-untrusted', `${server}: ${why}.${detail} To trust it, add the issuing CA's certificate (PEM) with --ca FILE, after checking the fingerprint with the directory's administrators.`, certificate);
  }
  if (err instanceof InvalidCredentialsError) return new LdapConnectionError('bad-credentials', `${server} refused the sign-in of ${profile.bindUser}: ${describeBindFailure(message)}.`);
  if (err instanceof StrongAuthRequiredError) {
    return new LdapConnectionError('strong-auth-required', `${server} requires a protected connection for signing in (strong authentication required): use LDAPS (ldaps://) or StartTLS instead of plain LDAP.`);
  }
  if (code === 'ETIMEDOUT' || /timeout|timed out/i.test(message)) return new LdapConnectionError('timeout', `${server} did not answer in time (${profile.timeoutMs / 1000} s).`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /connection (closed|reset)|socket|ended/i.test(message)) {
    return new LdapConnectionError('connection-lost', `The connection to ${server} was lost: ${message}`);
  }
  return new LdapConnectionError('other', `${server}: ${message}`);
}
