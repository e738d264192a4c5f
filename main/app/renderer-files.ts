import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How the built renderer is served, shared by the app's app:// protocol and the test harness so
 * both send the same files under the same policy.
 */

export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/** No remote origin anywhere; 'self' is app:// in the app and the loopback harness in tests. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a request path names inside the renderer folder, or undefined. `..`, encoded
 * separators and absolute paths can never leave the folder.
 */
export function rendererFile(urlPath: string, root = RENDERER_DIR): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = normalize(decoded === '/' || decoded === '' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const base = resolve(root);
  const full = resolve(join(base, relative));
  if (full !== base && !full.startsWith(base + sep)) return undefined;
  return existsSync(full) && statSync(full).isFile() ? full : undefined;
}
