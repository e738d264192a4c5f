import { EventEmitter } from 'node:events';
import { tempDir } from '../../temp-dirs.ts';

/**
 * A stand-in for the 'electron' module (its binary cannot be downloaded here). It records what the
 * shell asks of Electron, so tests can check the window, the session guards and the IPC wiring.
 */

export const recorded = {
  sandboxEnabled: false,
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
  ipcHandlers: new Map<string, (event: unknown, args: unknown) => unknown>(),
  windows: [] as FakeBrowserWindow[],
  session: undefined as unknown as FakeSession,
};

class FakeWebRequest {
  beforeRequest?: { filter: { urls: string[] }; listener: (d: unknown, cb: (r: { cancel: boolean }) => void) => void };
  headersReceived?: (d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void;
  onBeforeRequest(filter: { urls: string[] }, listener: (d: unknown, cb: (r: { cancel: boolean }) => void) => void): void {
    this.beforeRequest = { filter, listener };
  }
  onHeadersReceived(listener: (d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void): void {
    this.headersReceived = listener;
  }
}

export class FakeSession {
  permissionRequest?: (c: unknown, p: string, cb: (granted: boolean) => void) => void;
  permissionCheck?: () => boolean;
  devicePermission?: () => boolean;
  webRequest = new FakeWebRequest();
  setPermissionRequestHandler(h: FakeSession['permissionRequest']): void {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheck']): void {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: FakeSession['devicePermission']): void {
    this.devicePermission = h;
  }
}
recorded.session = new FakeSession();

export class FakeWebContents extends EventEmitter {
  windowOpenHandler?: (d: { url: string }) => { action: string };
  setWindowOpenHandler(h: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = h;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly options: unknown;
  readonly webContents = new FakeWebContents();
  loadedUrl?: string;
  constructor(options: unknown) {
    super();
    this.options = options;
    recorded.windows.push(this);
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return recorded.windows[0] ?? null;
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
}

const userData = tempDir('electron');
let ready: () => void;
const whenReadyPromise = new Promise<void>((resolve) => (ready = resolve));

class FakeApp extends EventEmitter {
  enableSandbox(): void {
    recorded.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected path ${name}`);
    return userData;
  }
  whenReady(): Promise<void> {
    return whenReadyPromise;
  }
  quit(): void {}
  exit(): void {}
  /** Tests call this to let the shell start. */
  fireReady(): void {
    ready();
  }
}

export const app = new FakeApp();
export const BrowserWindow = FakeBrowserWindow;
export const session = { defaultSession: recorded.session };
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privilegedSchemes.push(...schemes),
  handle: (scheme: string, handler: (req: { url: string }) => Promise<Response>) => recorded.protocolHandlers.set(scheme, handler),
};
export const ipcMain = {
  handle: (channel: string, handler: (event: unknown, args: unknown) => unknown) => {
    if (recorded.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
    recorded.ipcHandlers.set(channel, handler);
  },
};
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (s: string) => Buffer.from(s),
  decryptString: (b: Buffer) => b.toString(),
};
export const dialog = { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) };
export const contextBridge = { exposeInMainWorld: () => undefined };
export const ipcRenderer = { invoke: async () => undefined };
export default { app, BrowserWindow, session, protocol, ipcMain, safeStorage, dialog, contextBridge, ipcRenderer };
