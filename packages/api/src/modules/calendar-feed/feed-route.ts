import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import { NO_CLAIMS, withTenantTransaction } from '../../db/transaction';
import { currentSql } from '../../db/effective-dated';
import type { AppDeps } from '../../graphql/context';
import { FEED_TOKEN, feedTokenHash } from './feed.service';
import {
  calendarText,
  SESSION_EVENT_COLUMNS,
  SESSION_EVENT_JOINS,
  sessionCalendar,
  type SessionEventRow,
} from './session-events';

/**
 * `GET /calendar/<token>.ics`: a private iCalendar feed. No bearer token: the feed's token is the credential (its
 * SHA-256 finds the feed through `calendar_feed_district`, then everything is read under that district's RLS).
 * Unknown, revoked, or no longer allowed (owner inactive, a school feed's owner no longer leads the school) → 404,
 * all alike. Sessions from 8 weeks back to the conversations' horizon. ETag is the body's SHA-256; Last-Modified is
 * when the body last changed (kept on the feed row), so If-None-Match and If-Modified-Since answer 304.
 * Rate-limited per client address (per instance): FEED_REQUESTS_PER_MINUTE.
 */

export const FEED_REQUESTS_PER_MINUTE = 60;
const WEEKS_BACK = 8;
const EVENTS_MAX = 5_000;

interface FeedRow {
  id: string;
  district_id: string;
  kind: 'PERSON' | 'SCHOOL' | 'CONVERSATION';
  staff_member_id: string;
  school_id: string | null;
  conversation_id: string | null;
  content_hash: string | null;
  content_modified_at: Date | null;
  timezone: string;
  owner_active: boolean;
  label: string;
}

/** A fixed-window counter per address; a second instance counts its own (a feed poll is cheap either way). */
function limiter(perMinute: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return (key: string): boolean => {
    const now = Date.now();
    const w = windows.get(key);
    if (!w || now - w.start >= 60_000) {
      if (windows.size > 10_000) windows.clear();
      windows.set(key, { start: now, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= perMinute;
  };
}

async function loadFeed(m: EntityManager, districtId: string, hash: string): Promise<FeedRow | null> {
  const [row]: FeedRow[] = await m.query(
    `SELECT f.id, f.district_id, f.kind, f.staff_member_id, f.school_id, f.conversation_id, f.content_hash,
            f.content_modified_at, d.timezone, p.active AS owner_active,
            CASE f.kind WHEN 'PERSON' THEN p.given_name || ' ' || p.family_name
                        WHEN 'SCHOOL' THEN (SELECT name FROM school WHERE district_id = f.district_id AND id = f.school_id)
                        ELSE (SELECT title FROM learning_conversation WHERE district_id = f.district_id AND id = f.conversation_id) END AS label
       FROM calendar_feed f
       JOIN district d ON d.id = f.district_id
       JOIN staff_member p ON p.district_id = f.district_id AND p.id = f.staff_member_id
      WHERE f.district_id = $1 AND f.token_hash = $2 AND f.revoked_at IS NULL`,
    [districtId, hash],
  );
  return row ?? null;
}

/** Whether the owner may still read what the feed shows (read fresh on every request). */
async function stillAllowed(m: EntityManager, feed: FeedRow): Promise<boolean> {
  if (!feed.owner_active) return false;
  if (feed.kind === 'PERSON') return true;
  if (feed.kind === 'SCHOOL') {
    const [ok] = await m.query(
      `SELECT 1 FROM role_assignment ra
        WHERE ra.district_id = $1 AND ra.staff_member_id = $2 AND ${currentSql('ra')}
          AND (ra.role = 'DISTRICT_ADMIN' OR (ra.role = 'SCHOOL_LEADER' AND ra.school_id = $3))`,
      [feed.district_id, feed.staff_member_id, feed.school_id],
    );
    return Boolean(ok);
  }
  // A conversation: its facilitator, someone expected at its sessions or named on it, a leader of its school, an admin.
  const [ok] = await m.query(
    `SELECT 1 FROM learning_conversation c
      WHERE c.district_id = $1 AND c.id = $3
        AND (c.facilitator_id = $2
          OR EXISTS (SELECT 1 FROM conversation_participant cp WHERE cp.district_id = c.district_id AND cp.conversation_id = c.id AND cp.staff_member_id = $2)
          OR EXISTS (SELECT 1 FROM session_expected_participant ep JOIN conversation_session s ON s.district_id = ep.district_id AND s.id = ep.session_id
                      WHERE ep.district_id = c.district_id AND s.conversation_id = c.id AND ep.staff_member_id = $2)
          OR EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.district_id = c.district_id AND ra.staff_member_id = $2 AND ${currentSql('ra')}
                      AND (ra.role = 'DISTRICT_ADMIN' OR (ra.role = 'SCHOOL_LEADER' AND ra.school_id = c.school_id))))`,
    [feed.district_id, feed.staff_member_id, feed.conversation_id],
  );
  return Boolean(ok);
}

/** The sessions of a feed: whom, which, from 8 weeks back, in order. */
async function feedSessions(m: EntityManager, feed: FeedRow): Promise<SessionEventRow[]> {
  const which =
    feed.kind === 'PERSON'
      ? `(c.facilitator_id = $2 OR EXISTS (SELECT 1 FROM session_expected_participant ep
           WHERE ep.district_id = s.district_id AND ep.session_id = s.id AND ep.staff_member_id = $2))`
      : feed.kind === 'SCHOOL'
        ? `c.school_id = $2`
        : `s.conversation_id = $2`;
  const target = feed.kind === 'PERSON' ? feed.staff_member_id : (feed.school_id ?? feed.conversation_id);
  return m.query(
    `SELECT ${SESSION_EVENT_COLUMNS}
       FROM conversation_session s ${SESSION_EVENT_JOINS}
      WHERE s.district_id = $1 AND s.scheduled_at >= now() - make_interval(weeks => $3::int) AND ${which}
      ORDER BY s.scheduled_at, s.id
      LIMIT $4::int`,
    [feed.district_id, target, WEEKS_BACK, EVENTS_MAX],
  );
}

function notFound(res: Response): void {
  res.status(404).type('text/plain').send('No such calendar feed');
}

/** The feed routes; PUBLIC_URL (else the request's origin) builds the links into the portal. */
export function calendarFeedRoutes(dataSource: DataSource, deps: AppDeps): Router {
  const router = Router();
  const allow = limiter(FEED_REQUESTS_PER_MINUTE);
  router.get('/calendar/:file', async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'private, no-cache');
    if (!allow(req.ip ?? 'unknown')) {
      res.setHeader('retry-after', '60');
      res.status(429).type('text/plain').send('Too many requests');
      return;
    }
    const match = /^([A-Za-z0-9_-]{43})\.ics$/.exec(String(req.params.file));
    if (!match || !FEED_TOKEN.test(match[1])) return notFound(res);
    const hash = feedTokenHash(match[1]);
    try {
      const [{ district_id: districtId }] = await withTenantTransaction(dataSource, NO_CLAIMS, (m) =>
        m.query('SELECT calendar_feed_district($1) AS district_id', [hash]),
      );
      if (!districtId) return notFound(res);
      const publicUrl = deps.sso?.publicUrl ?? `${req.protocol}://${req.get('host')}`;
      const served = await withTenantTransaction(dataSource, { districtId }, async (m) => {
        const feed = await loadFeed(m, districtId, hash);
        if (!feed || !(await stillAllowed(m, feed))) return null;
        const rows = await feedSessions(m, feed);
        const name = feed.kind === 'PERSON' ? `Throughline: ${feed.label}` : `Throughline: ${feed.label}`;
        const body = calendarText(sessionCalendar(rows, { name, timezone: feed.timezone, publicUrl }));
        const contentHash = createHash('sha256').update(body).digest('hex');
        let modified = feed.content_modified_at ? new Date(feed.content_modified_at) : null;
        if (feed.content_hash !== contentHash || !modified) {
          // TypeORM answers an UPDATE … RETURNING with [rows, affected].
          const [[u]]: [{ content_modified_at: Date }[], number] = await m.query(
            `UPDATE calendar_feed SET content_hash = $3, content_modified_at = date_trunc('second', now())
              WHERE district_id = $1 AND id = $2 RETURNING content_modified_at`,
            [districtId, feed.id, contentHash],
          );
          modified = new Date(u.content_modified_at);
        }
        return { body, etag: `"${contentHash.slice(0, 32)}"`, modified };
      });
      if (!served) return notFound(res);
      res.setHeader('etag', served.etag);
      res.setHeader('last-modified', served.modified.toUTCString());
      const ifNoneMatch = req.get('if-none-match');
      const ifModifiedSince = req.get('if-modified-since');
      const notModified = ifNoneMatch
        ? ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === served.etag || t.trim() === '*')
        : ifModifiedSince
          ? !Number.isNaN(Date.parse(ifModifiedSince)) && served.modified.getTime() <= Date.parse(ifModifiedSince)
          : false;
      if (notModified) {
        res.status(304).end();
        return;
      }
      res.status(200).type('text/calendar; charset=utf-8').send(served.body);
    } catch (error) {
      deps.logger.error('calendar feed failed', { error: (error as Error).message.slice(0, 200) });
      res.status(503).type('text/plain').send('The calendar feed is unavailable; try again later');
    }
  });
  return router;
}
