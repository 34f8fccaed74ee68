import path from 'node:path';
import express, { Router } from 'express';

/**
 * The built admin portal at `/`: hashed assets cached for a year, index.html never cached, source maps never
 * served, and a content security policy that allows nothing from elsewhere (the portal talks only to this
 * origin's /graphql). Responses are compressed by the app (server/app.ts).
 */
export function portalRoutes(dir: string): Router {
  const router = Router();
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
  ].join('; ');
  router.use((_req, res, next) => {
    res.setHeader('content-security-policy', csp);
    res.setHeader('x-frame-options', 'DENY');
    next();
  });
  // Source maps are built (for our own debugging) but never served: they would hand out the portal's sources.
  router.use((req, res, next) => {
    let requested = req.path;
    try {
      requested = decodeURIComponent(requested);
    } catch {
      // a malformed path is static's to refuse
    }
    if (/\.map\/*$/i.test(requested)) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    next();
  });
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.use(
    express.static(dir, {
      index: false,
      maxAge: 0,
      // index.html names the hashed assets of the current build: a browser must ask again every time.
      setHeaders: (res, file) => {
        if (file.endsWith('.html')) res.setHeader('cache-control', 'no-cache');
      },
    }),
  );
  // Client-side routes land on the app.
  router.get(/^\/(?!graphql|healthz|readyz|\.well-known).*/, (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path.join(dir, 'index.html'));
  });
  return router;
}
