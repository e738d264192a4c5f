import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/api/channels.ts';
import { API } from '../../../shared/api/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../../main/app/renderer-files.ts';
import { serveAppRequest } from '../../../main/electron/app-protocol.ts';
import { isTrustedSender } from '../../../main/electron/ipc.ts';
import { electronKeyring } from '../../../main/electron/keyring.ts';
import { BLOCKED_URLS, guardWebContents } from '../../../main/electron/security.ts';
import { createMainWindow } from '../../../main/electron/window.ts';
import { buildApi, exposeApi } from '../../../preload/expose-api.ts';
import { FakeBrowserWindow, FakeWebContents, recorded } from './electron-stand-in.ts';

vi.mock('electron', () => import('./electron-stand-in.ts'));

const appFrame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } as never });

describe('the window', () => {
  it('is sandboxed and isolated, with no Node in the page', () => {
    const window = createMainWindow(FakeBrowserWindow as never, '/x/preload.cjs') as unknown as FakeBrowserWindow;
    recorded.windows.length = 0;
    const prefs = (window.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs).toMatchObject({
      preload: '/x/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('has a strict CSP with no remote origin, the same in the header and the page', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|ws:|\*|unsafe-|data: *;.*script/);
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    // frame-ancestors has no effect in a meta tag; everything else must match the header.
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });
});

describe('navigation, windows and permissions', () => {
  it('refuses navigation away from app://, new windows and webviews', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never);
    const event = () => ({ preventDefault: vi.fn() });
    const away = event();
    contents.emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const file = event();
    contents.emit('will-navigate', file, 'file:///etc/passwd');
    expect(file.preventDefault).toHaveBeenCalled();
    const inside = event();
    contents.emit('will-navigate', inside, 'app://workbench/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const redirect = event();
    contents.emit('will-redirect', redirect, 'http://127.0.0.1/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = event();
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });
});

describe('the app:// protocol', () => {
  it('serves the built renderer with the policy, and nothing outside it', async () => {
    const ok = await serveAppRequest('app://workbench/index.html');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(ok.headers.get('content-type')).toContain('text/html');
    for (const url of ['app://workbench/../../package.json', 'app://workbench/%2e%2e/%2e%2e/package.json', 'app://workbench/..%2f..%2fpackage.json', 'app://other/index.html', 'app://workbench/%00']) {
      expect((await serveAppRequest(url)).status, url).toBe(404);
    }
  });
});

describe('IPC', () => {
  it('answers only the app\'s own top-level page', () => {
    expect(isTrustedSender(appFrame('app://workbench/index.html'))).toBe(true);
    expect(isTrustedSender(appFrame('https://workbench/index.html'))).toBe(false);
    expect(isTrustedSender(appFrame('app://workbench/x', { url: 'app://workbench/' }))).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never)).toBe(false);
  });

  it('the preload exposes one frozen function per channel and nothing else', async () => {
    const invoke = vi.fn(async () => 'answer');
    const api = buildApi({ invoke });
    expect(Object.keys(api).sort()).toEqual([...CHANNELS].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(await api['runs.list']!({ engagementId: 1 })).toBe('answer');
    expect(invoke).toHaveBeenCalledWith('runs.list', { engagementId: 1 });
    const exposed: [string, unknown][] = [];
    exposeApi({ exposeInMainWorld: (k, v) => exposed.push([k, v]) }, { invoke });
    expect(exposed.map(([k]) => k)).toEqual(['workbench']);
    expect(Object.values(exposed[0]![1] as object).every((f) => typeof f === 'function')).toBe(true);
  });

  it('the channel list and the schemas name the same channels', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(API).sort());
  });
});

describe('secrets', () => {
  it('treats Linux\'s basic_text fallback as no keyring', () => {
    const storage = (backend: string) => ({ isEncryptionAvailable: () => true, getSelectedStorageBackend: () => backend }) as never;
    expect(electronKeyring(storage('basic_text'), 'linux').isAvailable()).toBe(false);
    expect(electronKeyring(storage('gnome_libsecret'), 'linux').isAvailable()).toBe(true);
    expect(electronKeyring(storage('unknown'), 'win32').isAvailable()).toBe(true);
  });
});

describe('the shell started against the stand-in', () => {
  it('enables the sandbox, guards the session, registers app:// and every channel, and loads one window', async () => {
    const electron = await import('./electron-stand-in.ts');
    await import('../../../main/electron/main.ts');
    electron.app.fireReady();
    await vi.waitFor(() => expect(recorded.windows[0]?.loadedUrl).toBe('app://workbench/index.html'));
    expect(recorded.sandboxEnabled).toBe(true);
    expect(recorded.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(recorded.protocolHandlers.has('app')).toBe(true);
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(recorded.windows).toHaveLength(1);
    expect((recorded.windows[0]!.options as { webPreferences: { sandbox: boolean } }).webPreferences.sandbox).toBe(true);

    const s = recorded.session;
    const granted = vi.fn();
    s.permissionRequest!(null, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(s.permissionCheck!()).toBe(false);
    expect(s.webRequest.beforeRequest!.filter.urls).toEqual(BLOCKED_URLS);
    expect(BLOCKED_URLS).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const cb = vi.fn();
    s.webRequest.beforeRequest!.listener({ url: 'https://example.com' }, cb);
    expect(cb).toHaveBeenCalledWith({ cancel: true });

    // Each registered channel validates before its handler: from the app's page, a bad argument is refused by name.
    const handler = recorded.ipcHandlers.get('runs.dashboard')!;
    expect(await handler(appFrame('app://workbench/index.html'), { assessmentId: 'x' })).toMatchObject({ error: { code: 'invalid-argument', message: expect.stringContaining('assessmentId') } });
    expect(await handler(appFrame('https://evil.example/'), { assessmentId: 1 })).toMatchObject({ error: { message: expect.stringContaining('refused') } });
    const info = (await recorded.ipcHandlers.get('app.info')!(appFrame('app://workbench/'), {})) as { ok: { secretStorage: string } };
    expect(info.ok.secretStorage).toBe('memory-only');
    // A page may not send a channel outside the contract: none is registered for it.
    expect(recorded.ipcHandlers.has('shell.openExternal')).toBe(false);
  });
});

describe('packaging', () => {
  it('states every Electron fuse in electron-builder.yml, and publishes nothing', async () => {
    const { FuseV1Options } = await import('@electron/fuses');
    const yml = readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8');
    const block = /^electronFuses:.*\n((?: {2}.*\n)+)/m.exec(yml)![1]!;
    const stated = [...block.matchAll(/^ {2}(\w+): (true|false)/gm)].map((m) => m[1]);
    const fuses = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k))).map((k) => k[0]!.toLowerCase() + k.slice(1));
    expect(stated.sort()).toEqual(fuses.sort());
    expect(yml).toMatch(/^publish: null/m);
    expect(yml).toMatch(/runAsNode: false/);
  });
});
