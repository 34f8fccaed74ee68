import express, { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import type { AppDeps } from '../../graphql/context';
import { MAIL_KINDS, MailKind } from './messages';
import { mailLinkKey, verifyUnsubscribe, type UnsubscribeClaims } from './unsubscribe-token';

/** Kinds an unsubscribe link may stop (the daily digest is a way of receiving the others). */
const STOPPABLE: readonly string[] = MAIL_KINDS.filter((k) => k !== MailKind.DAILY_DIGEST);

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

const NOT_FOUND = page(
  'This link does not work',
  '<p>This unsubscribe link is not valid, or it has expired. Nothing was changed.</p><p>You can choose which mail you get in Throughline, under your profile.</p>',
);

const words = (kinds: string[]) => kinds.map((k) => k.toLowerCase().replace(/_/g, ' ')).join(', ');

/**
 * One-click unsubscribe (RFC 8058) with a signed token (unsubscribe-token.ts): `POST /mail/unsubscribe/<token>` (the
 * mail client's `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, or the page's button) turns off the token's kinds
 * of mail for the one person it names, in the one district it names. `GET` only shows a page with that button, so a
 * link scanner that follows links changes nothing. A tampered, expired or unknown token (or a person no longer in that
 * district) answers 404 with a page in plain words, writes nothing, and logs nothing but a code.
 */
export function mailRoutes(dataSource: DataSource, deps: AppDeps): Router {
  const router = Router();

  const check = async (req: Request, res: Response): Promise<UnsubscribeClaims | null> => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-robots-tag', 'noindex');
    const verdict = verifyUnsubscribe(await mailLinkKey(dataSource), String(req.params.token));
    const kinds = 'claims' in verdict ? verdict.claims.kinds : [];
    const refused =
      'refused' in verdict ? verdict.refused : kinds.some((k) => !STOPPABLE.includes(k)) ? 'UNKNOWN_KIND' : null;
    if (refused) {
      deps.logger.info('unsubscribe link refused', { code: refused });
      res.status(404).type('text/html').send(NOT_FOUND);
      return null;
    }
    return 'claims' in verdict ? verdict.claims : null;
  };

  router.get('/mail/unsubscribe/:token', async (req: Request, res: Response) => {
    try {
      const claims = await check(req, res);
      if (!claims) return;
      const [there] = await withTenantTransaction(dataSource, { districtId: claims.districtId }, (m) =>
        m.query(`SELECT 1 FROM staff_member WHERE district_id = $1 AND id = $2`, [
          claims.districtId,
          claims.staffMemberId,
        ]),
      );
      if (!there) {
        deps.logger.info('unsubscribe link refused', { code: 'NO_SUCH_PERSON' });
        return void res.status(404).type('text/html').send(NOT_FOUND);
      }
      res
        .type('text/html')
        .send(
          page(
            'Stop this mail?',
            `<form method="post"><p>Stop these messages from Throughline: ${words(claims.kinds)}.</p><button type="submit">Unsubscribe</button></form>`,
          ),
        );
    } catch (error) {
      deps.logger.error('unsubscribe page failed', { error: (error as Error).name });
      res.status(503).type('text/plain').send('Unavailable; try again later');
    }
  });

  router.post('/mail/unsubscribe/:token', express.urlencoded({ extended: false, limit: '1kb' }), async (req, res) => {
    try {
      const claims = await check(req, res);
      if (!claims) return;
      // Scoped to the token's district by the claims (row-level security) and by the statement: the person must
      // be there, or nothing is written.
      const written: unknown[] = await withTenantTransaction(dataSource, { districtId: claims.districtId }, (m) =>
        m.query(
          `INSERT INTO mail_preference (district_id, staff_member_id, kind, enabled)
           SELECT p.district_id, p.id, k.kind, false
             FROM staff_member p CROSS JOIN unnest($3::text[]) AS k(kind)
            WHERE p.district_id = $1 AND p.id = $2
           ON CONFLICT (district_id, staff_member_id, kind) DO UPDATE SET enabled = false, updated_at = now()
           RETURNING kind`,
          [claims.districtId, claims.staffMemberId, claims.kinds],
        ),
      );
      if (written.length === 0) {
        deps.logger.info('unsubscribe link refused', { code: 'NO_SUCH_PERSON' });
        return void res.status(404).type('text/html').send(NOT_FOUND);
      }
      res
        .type('text/html')
        .send(
          page(
            'Unsubscribed',
            `<p>You will no longer receive these messages: ${words(claims.kinds)}.</p><p>Turn them back on in Throughline, under your profile.</p>`,
          ),
        );
    } catch (error) {
      deps.logger.error('unsubscribe failed', { error: (error as Error).name });
      res.status(503).type('text/plain').send('Unavailable; try again later');
    }
  });
  return router;
}
