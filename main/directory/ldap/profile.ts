/** How to reach a directory: everything but the password, which is never stored with a profile. */
export type Security = 'ldaps' | 'starttls' | 'plain';

export interface ConnectionProfile {
  host: string;
  port: number;
  security: Security;
  /** UPN (user@domain), DOMAIN\\user or a DN. */
  bindUser: string;
  /** PEM files of CAs to trust in addition to the operating system's store. */
  caFiles: string[];
  /** Global Catalog (3268/3269): a forest-wide read, without attributes outside the partial set. */
  globalCatalog: boolean;
  /** Search bases (default: the domain's naming context) and OUs left out. */
  bases: string[];
  excludes: string[];
  pageSize: number;
  timeoutMs: number;
  /** Searches run side by side on their own connections (see usnPartitions); 1 reads in one stream. */
  connections?: number;
}

export class ProfileError extends Error {
  override name = 'ProfileError';
}

/** `ldaps://host[:port]`, `ldap://host[:port]` (StartTLS unless `plain`), with the defaults of AD. */
export function parseLdapUrl(url: string, options: { plain?: boolean; globalCatalog?: boolean } = {}): Pick<ConnectionProfile, 'host' | 'port' | 'security'> {
  const m = /^(ldaps?):\/\/(\[[0-9a-fA-F:]+\]|[^:/\s]+)(?::(\d+))?\/?$/.exec(url.trim());
  if (!m) throw new ProfileError(`"${url}" is not an LDAP URL (ldaps://host[:port] or ldap://host[:port])`);
  const secure = m[1] === 'ldaps';
  const port = m[3] ? Number(m[3]) : options.globalCatalog ? (secure ? 3269 : 3268) : secure ? 636 : 389;
  if (port < 1 || port > 65535) throw new ProfileError(`port ${port} is out of range`);
  return { host: m[2]!.replace(/^\[|\]$/g, ''), port, security: secure ? 'ldaps' : options.plain ? 'plain' : 'starttls' };
}
