import path from 'node:path';
import express, { Router } from 'express';

/**
 * The built admin portal at `/`: hashed assets cached for a year, index.html never cached, and a content security
 * policy that allows nothing from elsewhere (the portal talks only to this origin's /graphql).
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
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  // Client-side routes land on the app.
  router.get(/^\/(?!graphql|healthz|readyz|\.well-known).*/, (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path.join(dir, 'index.html'));
  });
  return router;
}
