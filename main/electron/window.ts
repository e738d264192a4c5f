import type { BrowserWindow as ElectronBrowserWindow, BrowserWindowConstructorOptions } from 'electron';

type WindowClass = new (options: BrowserWindowConstructorOptions) => ElectronBrowserWindow;

/**
 * The one window, with every isolation Electron offers stated rather than defaulted. The options
 * are written out literally here so a static checker (electronegativity) sees them; the class is
 * passed in so tests can use a stand-in.
 */
export function createMainWindow(BrowserWindow: WindowClass, preloadPath: string): ElectronBrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 560,
    title: 'AD Readiness Workbench',
    show: false,
    backgroundColor: '#f4f6f9',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would otherwise try to open a link in a new window (denied anyway, see security.ts).
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: process.env.ADRW_DEVTOOLS === '1',
    },
  });
}
