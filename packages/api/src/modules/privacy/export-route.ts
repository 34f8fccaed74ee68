import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import type { AppDeps } from '../../graphql/context';
import { linkKey, verifyLink } from './export.service';

export const EXPORT_PATH = '/exports';

/**
 * `GET /exports/<id>?token=…`: the archive of a completed export, for whoever holds its signed link (the requester
 * got it from `districtExports`), until the link's expiry and the export's own (EXPORT_LINK_HOURS after it
 * completed). A tampered or malformed token → 403; an expired link or export → 410; no such export → 404. Each
 * download is audited (`district.export.download`, acted by the requester) before the first byte leaves. The bytes
 * are read a chunk (1 MiB) at a time: the archive is never held whole in memory.
 */
export function exportRoutes(dataSource: DataSource, deps: AppDeps): Router {
  const router = Router();
  let key: Promise<Buffer> | null = null;
  router.get(`${EXPORT_PATH}/:id`, async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    const exportId = String(req.params.id);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!/^[0-9a-f-]{36}$/.test(exportId)) return void res.status(404).type('text/plain').send('No such export');
    try {
      key ??= linkKey(dataSource, deps.sso?.secretsKey);
      const signedKey = await key.catch((error) => {
        key = null;
        throw error;
      });
      const expiredShape = /^(\d{1,12})\./.exec(token);
      const districtId = verifyLink(signedKey, exportId, token);
      if (!districtId) {
        // A genuine link past its time says so; anything else is refused alike.
        const genuine = expiredShape && verifyLink(signedKey, exportId, token, 0) !== null;
        return void res
          .status(genuine ? 410 : 403)
          .type('text/plain')
          .send(genuine ? 'This download link has expired' : 'Invalid download link');
      }
      const found = await withTenantTransaction(dataSource, { districtId }, async (m) => {
        const [row] = await m.query(
          `SELECT id, status, requested_by_kind, requested_by_id, byte_size, expires_at > now() AS live,
                  (SELECT slug FROM district WHERE id = $1) AS slug,
                  (SELECT count(*)::int FROM district_export_chunk c WHERE c.district_id = e.district_id AND c.export_id = e.id) AS chunks
             FROM district_export e WHERE district_id = $1 AND id = $2`,
          [districtId, exportId],
        );
        if (!row || row.status !== 'COMPLETED') return null;
        if (!row.live) return { gone: true as const };
        await m.query(
          `INSERT INTO audit_event (district_id, actor_kind, actor_id, action, entity_type, entity_id, request_id, client)
           VALUES ($1, $2, $3, 'district.export.download', 'DistrictExport', $4, $5, $6)`,
          [
            districtId,
            row.requested_by_kind,
            row.requested_by_id,
            exportId,
            String(res.getHeader('x-request-id') ?? '').slice(0, 100) || null,
            (req.get('user-agent') ?? '').slice(0, 200) || null,
          ],
        );
        return {
          gone: false as const,
          slug: String(row.slug),
          chunks: Number(row.chunks),
          bytes: String(row.byte_size),
        };
      });
      if (!found) return void res.status(404).type('text/plain').send('No such export');
      if (found.gone) return void res.status(410).type('text/plain').send('This export has expired');
      res.status(200);
      res.setHeader('content-type', 'application/zip');
      res.setHeader('content-length', found.bytes);
      res.setHeader(
        'content-disposition',
        `attachment; filename="throughline-${found.slug}-${exportId.slice(0, 8)}.zip"`,
      );
      for (let seq = 0; seq < found.chunks; seq += 1) {
        const [chunk] = await withTenantTransaction(dataSource, { districtId }, (m) =>
          m.query(`SELECT data FROM district_export_chunk WHERE district_id = $1 AND export_id = $2 AND seq = $3`, [
            districtId,
            exportId,
            seq,
          ]),
        );
        if (!chunk) throw new Error('an export chunk is missing');
        if (!res.write(chunk.data)) await new Promise((resolve) => res.once('drain', resolve));
        if (res.destroyed) return;
      }
      res.end();
    } catch (error) {
      deps.logger.error('export download failed', { error: (error as Error).message.slice(0, 200) });
      if (!res.headersSent) res.status(503).type('text/plain').send('The download is unavailable; try again later');
      else res.destroy();
    }
  });
  return router;
}
