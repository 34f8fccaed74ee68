import express, { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { NO_CLAIMS, withTenantTransaction } from '../../db/transaction';
import type { AppDeps } from '../../graphql/context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One-click unsubscribe (RFC 8058): `POST /mail/unsubscribe/<message id>` turns off that message's kind of mail for
 * its recipient (the id is random, and names one message; it reveals nothing). GET shows a page with the button, so
 * a link scanner that follows links changes nothing.
 */
export function mailRoutes(dataSource: DataSource, deps: AppDeps): Router {
  const router = Router();
  router.get('/mail/unsubscribe/:id', (_req: Request, res: Response) => {
    res
      .type('text/html')
      .send(
        '<!doctype html><html lang="en"><body><form method="post"><p>Stop this kind of mail from Throughline?</p><button type="submit">Unsubscribe</button></form></body></html>',
      );
  });
  router.post('/mail/unsubscribe/:id', express.urlencoded({ extended: false, limit: '1kb' }), async (req, res) => {
    const id = String(req.params.id);
    if (!UUID.test(id)) return void res.status(404).type('text/plain').send('Not found');
    try {
      const [{ district_id: districtId }] = await withTenantTransaction(dataSource, NO_CLAIMS, (m) =>
        m.query('SELECT mail_message_district($1) AS district_id', [id]),
      );
      if (!districtId) return void res.status(404).type('text/plain').send('Not found');
      // A digest stands for the kinds it carried: those are turned off (the digest itself is a way of receiving them).
      await withTenantTransaction(dataSource, { districtId }, (m) =>
        m.query(
          `INSERT INTO mail_preference (district_id, staff_member_id, kind, enabled)
           SELECT DISTINCT mm.district_id, mm.staff_member_id, k.kind, false
             FROM mail_message mm
             CROSS JOIN LATERAL (
               SELECT mm.kind WHERE mm.kind <> 'DAILY_DIGEST'
               UNION SELECT i.kind FROM mail_digest_item i WHERE i.district_id = mm.district_id AND i.message_id = mm.id) k
            WHERE mm.district_id = $1 AND mm.id = $2
           ON CONFLICT (district_id, staff_member_id, kind) DO UPDATE SET enabled = false, updated_at = now()`,
          [districtId, id],
        ),
      );
      res
        .type('text/plain')
        .send('You will no longer receive this kind of mail. Turn it back on in Throughline under your profile.');
    } catch (error) {
      deps.logger.error('unsubscribe failed', { error: (error as Error).message.slice(0, 200) });
      res.status(503).type('text/plain').send('Unavailable; try again later');
    }
  });
  return router;
}
