import type { Session, WebContents } from 'electron';

/**
 * The renderer shows customer directory data and sits beside AD credentials, so it gets nothing
 * it does not need: no navigation away from the app, no new windows, no permissions (camera,
 * notifications, clipboard reads…), no webviews, and no network at all. LDAP runs in main. The
 * CSP comes with every app:// response (app-protocol.ts) and in the page itself.
 */

export const APP_ORIGIN = 'app://workbench';

/** Requests the renderer's session refuses outright: the app's own files come over app://. */
export const BLOCKED_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

export function isAppUrl(url: string): boolean {
  try {
    // Node's URL gives non-special schemes an opaque origin, so compare scheme and host.
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'workbench';
  } catch {
    return false;
  }
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: BLOCKED_URLS }, (_details, callback) => callback({ cancel: true }));
}

export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links never open a browser or a new window: a customer's data never leaves through a URL.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
