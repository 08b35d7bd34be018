import type { NextFunction, Request, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';

// The portal (apps/web) is a static build in dist/web, served by this process so `npm start` stays one process.
// Everything it loads comes from this origin, so the policy allows 'self' only: no CDN, fonts or analytics.
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Paths the API answers itself: never a portal page, whatever the browser accepts.
const API_PATHS = /^\/(graphql|ide-assets|health)(\/|$)/;
// Vite names them by content hash: a changed file gets a new name, so they may be kept for good.
const HASHED = /^\/assets\//;

/** dist/web beside the repository's package.json, both when run from source (ts-node) and from dist/. */
export function defaultPortalDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist/web');
}

/**
 * Serves the built portal: its files (pre-compressed .gz when the browser takes gzip), and index.html for
 * any other page address a browser asks for (client-side routes), with a strict CSP. Anything else, and
 * every API path, goes on to the API.
 */
export function portal(root: string) {
  const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  const send = (req: Request, res: Response, next: NextFunction, file: string, urlPath: string) => {
    res.set({
      'Content-Security-Policy': PORTAL_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'Cache-Control': HASHED.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache',
      Vary: 'Accept-Encoding',
    });
    // Set before sendFile, which keeps a type already set: the .gz is sent as what it compresses.
    res.type(extname(file));
    const gzipped = `${file}.gz`;
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip' && isFile(gzipped)) {
      res.set('Content-Encoding', 'gzip');
      return res.sendFile(gzipped, (error) => error && next(error));
    }
    res.sendFile(file, (error) => error && next(error));
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = normalize(join(root, path));
    if (file.startsWith(root + sep) && !file.endsWith('.gz') && isFile(file)) return send(req, res, next, file, req.path);
    // A page address (no file extension) asked for by a browser: the client routes it.
    const index = join(root, 'index.html');
    if (!extname(req.path) && req.accepts(['html', 'json']) === 'html' && isFile(index)) return send(req, res, next, index, '/index.html');
    next();
  };
}
