import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentType, rendererFile, SECURITY_HEADERS } from '../app/renderer-files.ts';

/**
 * The renderer comes from app://workbench/, not file://: a file:// page could read any local
 * file it names, while this handler serves only the built renderer folder, with the app's CSP.
 */
export const APP_SCHEME = { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false } };

export async function serveAppRequest(url: string, root?: string): Promise<Response> {
  const { host, pathname } = new URL(url);
  const file = host === 'workbench' ? rendererFile(pathname, root) : undefined;
  if (!file) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
  return new Response(await readFile(file), { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentType(file) } });
}

export function registerAppProtocol(protocol: Protocol): void {
  protocol.handle('app', (request) => serveAppRequest(request.url));
}
