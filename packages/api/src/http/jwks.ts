import { Router } from 'express';
import type { KeySet } from '../auth/keys';

/** The public keys that verify access tokens, for integrators and other services. */
export function jwksRoutes(keys: KeySet): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=300');
    res.json(keys.jwks);
  });
  return router;
}
