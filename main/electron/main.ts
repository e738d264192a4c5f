import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { closeAppContext, openAppContext } from '../app/app-context.ts';
import { dataFolderOf, rememberDataFolder } from '../app/data-folder.ts';
import { createDispatch } from '../handlers/dispatch.ts';
import { createHandlers } from '../handlers/index.ts';
import { APP_SCHEME, registerAppProtocol } from './app-protocol.ts';
import { registerApi } from './ipc.ts';
import { electronKeyring } from './keyring.ts';
import { APP_ORIGIN, guardWebContents, hardenSession } from './security.ts';
import { createMainWindow } from './window.ts';

/** The desktop entry point: thin wiring of Electron to the same handlers the tests drive. */

const PRELOAD = fileURLToPath(new URL('../../dist/preload/preload.cjs', import.meta.url));

app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME]);
// One instance per user: two processes writing one workspace would only confuse a person.
if (!app.requestSingleInstanceLock()) app.quit();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  registerAppProtocol(protocol);
  const userData = app.getPath('userData');
  const ctx = openAppContext(dataFolderOf(userData), electronKeyring(safeStorage), {
    pickExportFile: async () => {
      const picked = await dialog.showOpenDialog({ title: 'Choose a directory export', properties: ['openFile'], filters: [{ name: 'Directory exports', extensions: ['ldif', 'ldf', 'csv'] }] });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    pickReportFolder: async (suggested) => {
      const picked = await dialog.showOpenDialog({ title: 'Choose a folder for the reports', defaultPath: suggested, properties: ['openDirectory', 'createDirectory'] });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    pickDataFolder: async (current) => {
      const picked = await dialog.showOpenDialog({ title: 'Choose the data folder', defaultPath: current, properties: ['openDirectory', 'createDirectory'] });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    useDataFolder: (folder) => {
      rememberDataFolder(userData, folder);
      // After the answer reaches the window: then start again on the new folder.
      setTimeout(() => {
        app.relaunch();
        app.exit(0);
      }, 300);
    },
  });
  registerApi(ipcMain, createDispatch(createHandlers(ctx), (m) => console.error(m)));

  const window = createMainWindow(BrowserWindow, PRELOAD);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void closeAppContext(ctx));
}

app.whenReady().then(start, (err: unknown) => {
  console.error(err);
  app.exit(1);
});
