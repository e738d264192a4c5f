import type { ApiArgs, Channel } from '../../../shared/api/contract.ts';
import type { ApiFailure, ApiResults } from '../../../shared/api/views.ts';

/**
 * The renderer's only way out: calls of the typed contract. In the app they go through the
 * preload's bridge (Electron IPC); served by the loopback test harness, through same-origin HTTP.
 * Either way main validates the arguments and answers plain data or a failure to show.
 */
type Bridge = Record<string, (args: unknown) => Promise<{ ok: unknown } | ApiFailure>>;

declare global {
  interface Window {
    workbench?: Bridge;
  }
}

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

async function overHttp(channel: string, args: unknown): Promise<{ ok: unknown } | ApiFailure> {
  const res = await fetch(`api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
  return (await res.json()) as { ok: unknown } | ApiFailure;
}

export async function call<C extends Channel>(channel: C, args: ApiArgs<C>): Promise<ApiResults[C]> {
  const bridge = window.workbench;
  const answer = bridge ? await bridge[channel]!(args) : await overHttp(channel, args);
  if ('error' in answer) throw new ApiError(answer.error.code, answer.error.message);
  return answer.ok as ApiResults[C];
}
