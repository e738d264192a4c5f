import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../../shared/api/channels.ts';
import type { ApiFailure } from '../../shared/api/views.ts';
import type { Dispatch } from '../handlers/dispatch.ts';
import { isAppUrl } from './security.ts';

/**
 * Every contract channel, registered once. A message is answered only when it comes from the
 * app's own top-level page (never a subframe or another origin); its arguments are then validated
 * by the dispatch before a handler runs.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

const UNTRUSTED: ApiFailure = { error: { code: 'invalid-argument', message: 'refused: the message did not come from the workbench window' } };

export function registerApi(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, args: unknown) => (isTrustedSender(event) ? dispatch(channel, args) : UNTRUSTED));
  }
}
