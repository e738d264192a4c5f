import type { ApiArgs, Channel } from '../shared/api/contract.ts';
import type { ApiResults } from '../shared/api/views.ts';
import { openAppContext } from '../main/app/app-context.ts';
import type { HandlerContext } from '../main/handlers/context.ts';
import { createDispatch } from '../main/handlers/dispatch.ts';
import { createHandlers } from '../main/handlers/index.ts';
import { NO_KEYRING } from '../main/handlers/secret-vault.ts';
import { tempDir } from './temp-dirs.ts';

/** The app's handlers over a real workspace in a fresh data folder, called as the renderer calls them. */
export function appUnderTest(name: string): { ctx: HandlerContext; call: <C extends Channel>(channel: C, args: ApiArgs<C>) => Promise<ApiResults[C]>; dispatch: ReturnType<typeof createDispatch> } {
  const ctx = openAppContext(tempDir(name), NO_KEYRING);
  const dispatch = createDispatch(createHandlers(ctx));
  const call = async <C extends Channel>(channel: C, args: ApiArgs<C>): Promise<ApiResults[C]> => {
    const r = await dispatch(channel, args);
    if ('error' in r) throw new Error(r.error.message);
    return r.ok as ApiResults[C];
  };
  return { ctx, call, dispatch };
}
