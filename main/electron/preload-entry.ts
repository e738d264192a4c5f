import { contextBridge, ipcRenderer } from 'electron';
import { exposeApi } from '../../preload/expose-api.ts';

// Bundled to dist/preload/preload.cjs (a sandboxed preload can require only 'electron').
exposeApi(contextBridge, ipcRenderer);
