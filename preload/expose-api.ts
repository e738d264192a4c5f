import { CHANNELS } from '../shared/api/channels.ts';

/**
 * What the renderer may call: one function per contract channel, frozen, under
 * `window.workbench`. It never hands out ipcRenderer itself, nor a way to name another channel.
 * Electron's contextBridge and ipcRenderer are passed in by the entry that bundles this file.
 */
export interface Bridge {
  exposeInMainWorld(key: string, api: unknown): void;
}
export interface Invoker {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export function buildApi(ipc: Invoker): Readonly<Record<string, (args: unknown) => Promise<unknown>>> {
  const api: Record<string, (args: unknown) => Promise<unknown>> = {};
  for (const channel of CHANNELS) api[channel] = (args: unknown) => ipc.invoke(channel, args);
  return Object.freeze(api);
}

export function exposeApi(bridge: Bridge, ipc: Invoker): void {
  bridge.exposeInMainWorld('workbench', buildApi(ipc));
}
