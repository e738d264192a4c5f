import { API, type Channel } from '../../shared/api/contract.ts';
import type { ApiFailure } from '../../shared/api/views.ts';
import { NotFound } from '../store/engagements.ts';
import type { ApiHandlers } from './context.ts';

/**
 * The single door into the handlers, whatever the transport: an unknown channel or an argument
 * that fails its schema never reaches a handler. Failures come back as plain data with a message a
 * person can act on. The log gets only the channel and the error's name: messages may hold data.
 */
export type Dispatch = (channel: string, args: unknown) => Promise<{ ok: unknown } | ApiFailure>;

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(API, name);
}

export function createDispatch(handlers: ApiHandlers, log: (message: string) => void = () => undefined): Dispatch {
  return async (channel, args) => {
    if (!isChannel(channel)) return { error: { code: 'invalid-argument', message: `unknown channel "${channel}"` } };
    const parsed = API[channel].safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { error: { code: 'invalid-argument', message: `${channel}: ${issue.path.join('.') || 'arguments'}: ${issue.message}` } };
    }
    try {
      const handler = handlers[channel] as (a: unknown) => unknown;
      return { ok: await handler(parsed.data) };
    } catch (err) {
      if (err instanceof NotFound) return { error: { code: 'not-found', message: err.message } };
      const message = err instanceof Error ? err.message : String(err);
      log(`${channel} failed: ${err instanceof Error ? err.name : 'error'}`);
      return { error: { code: 'failed', message } };
    }
  };
}
