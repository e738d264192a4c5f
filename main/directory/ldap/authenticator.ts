import type { Client } from 'ldapts';

/**
 * How a connection proves who it is. A simple bind with a password is the one built in; a bind
 * that needs no password typed (Kerberos through SASL GSSAPI, a smart card) is another
 * implementation of this, and everything above the connection (sources, runs, the app) takes it
 * as it is. The secret stays inside the authenticator: descriptors, logs and outputs only ever
 * see `method` and `principal`.
 */
export interface Authenticator {
  /** Recorded with the run: 'password', 'kerberos'… */
  readonly method: string;
  /** Who binds (user@domain, DOMAIN\user or a DN), as shown to people. */
  readonly principal: string;
  /** A simple bind with an empty password is an anonymous bind: an authenticator refuses it. */
  bind(client: Client): Promise<void>;
}

export class EmptyPassword extends Error {
  override name = 'EmptyPassword';
}

export function passwordAuthenticator(principal: string, password: string, allowEmpty = false): Authenticator {
  return {
    method: 'password',
    principal,
    bind: async (client) => {
      if (password === '' && !allowEmpty) throw new EmptyPassword('An empty password would be an anonymous bind: give the password.');
      await client.bind(principal, password);
    },
  };
}
