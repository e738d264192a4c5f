import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAppContext, openAppContext } from '../../main/app/app-context.ts';
import { contentType, rendererFile, SECURITY_HEADERS } from '../../main/app/renderer-files.ts';
import type { HandlerContext } from '../../main/handlers/context.ts';
import { createDispatch } from '../../main/handlers/dispatch.ts';
import { createHandlers } from '../../main/handlers/index.ts';
import { NO_KEYRING } from '../../main/handlers/secret-vault.ts';

/**
 * Tests only: the built renderer and the app's real handlers behind a loopback HTTP server, so
 * Chromium can drive the whole interface without the Electron binary. It listens on 127.0.0.1
 * alone, and answers only same-origin POSTs to /api/<channel> through the same dispatch (schema
 * validation included) that Electron's IPC uses.
 */
export interface Harness {
  url: string;
  ctx: HandlerContext;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

export async function startHarness(dataFolder: string): Promise<Harness> {
  const ctx = openAppContext(dataFolder, NO_KEYRING);
  const dispatch = createDispatch(createHandlers(ctx));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json') {
        res.writeHead(405).end();
        return;
      }
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
        if (body.length > MAX_BODY) req.destroy();
      });
      req.on('end', () => {
        let args: unknown;
        try {
          args = JSON.parse(body || '{}');
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'invalid-argument', message: 'the body is not JSON' } }));
          return;
        }
        void dispatch(url.pathname.slice('/api/'.length), args).then((answer) => {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        });
      });
      return;
    }
    const file = req.method === 'GET' ? rendererFile(url.pathname) : undefined;
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': contentType(file) });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    ctx,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeAppContext(ctx);
    },
  };
}
