import { Router } from 'express';
import type { DataSource } from 'typeorm';

/**
 * /healthz: the process answers. /readyz: the database answers and has every migration applied, and the instance is
 * not stopping (`draining`: SIGTERM received, so load balancers take it out while it still answers).
 */
export function healthRoutes(dataSource: DataSource, draining: () => boolean = () => false): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      await dataSource.query('SELECT 1');
      const pending = await dataSource.showMigrations();
      if (pending) {
        res.status(503).json({ status: 'unavailable', database: 'reachable', migrations: 'pending' });
        return;
      }
      res.json({ status: 'ready', database: 'reachable', migrations: 'applied' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}
