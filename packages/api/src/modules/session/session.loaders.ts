import { Permission } from '@throughline/shared';
import type DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import { groupBy } from '../../graphql/loaders';
import { managerOf } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';
import { confidentialAccess } from './confidentiality';
import { AttendanceEntity, EvidenceEntity } from './session.entity';
import { Evidence, type MyRating, QualityStatus, SessionQuality } from './session.type';
import { sessionService } from './session.service';
import { sessionClockLoader } from './session-clock.loader';
import { Session, SESSION_COLUMNS, type SessionRow, type SessionSecret } from './session.type';
import { conversationService } from '../conversation/conversation.service';
import { scopeOf } from '../../auth/scope';
import { attendanceCountsSql } from './rules/attendance';
import { isRatingClosed } from './rules/rating-window';
import { isQualityPublished, mayReadSelfRatings, sessionQualityCtes } from './rules/quality';
import { grantOf, requireStaff } from '../../auth/guard';

/** Per-request batch loaders of the session module: one query per kind, whatever the number of sessions. */
export const sessionLoaders = {
  confidential: (ctx: RequestContext): DataLoader<string, boolean> =>
    ctx.loaders.loader('session.confidential', (ids) => confidentialAccess(ctx, ids)),

  attendees: (ctx: RequestContext): DataLoader<string, string[]> =>
    ctx.loaders.loader('session.attendees', async (ids) => {
      const rows = await (
        await managerOf(ctx)
      )
        .createQueryBuilder(AttendanceEntity, 'a')
        .where('a.session_id = ANY(:ids)', { ids: [...ids] })
        .getMany();
      return groupBy(ids, rows, (r) => r.sessionId).map((g) => g.map((r) => r.staffMemberId));
    }),

  clock: sessionClockLoader,

  /** Of each held session, how many people were expected and how many of them attended (rules/attendance.ts). */
  attendance: (ctx: RequestContext): DataLoader<string, { expected: number; attended: number } | null> =>
    ctx.loaders.loader('session.attendance', async (ids) => {
      const rows: { id: string; expected: number; attended: number }[] = await (
        await managerOf(ctx)
      ).query(
        `WITH held AS (SELECT s.id, s.district_id, s.conversation_id FROM conversation_session s
                        WHERE s.id = ANY($1) AND s.status = 'HELD')
         SELECT * FROM (${attendanceCountsSql('held')}) counts`,
        [[...ids]],
      );
      const byId = new Map(rows.map((r) => [r.id, { expected: r.expected, attended: r.attended }]));
      return ids.map((id) => byId.get(id) ?? null);
    }),

  evidence: (ctx: RequestContext): DataLoader<string, Evidence[]> =>
    ctx.loaders.loader('session.evidence', async (ids) => {
      const rows = await (
        await managerOf(ctx)
      )
        .createQueryBuilder(EvidenceEntity, 'e')
        .where('e.session_id = ANY(:ids)', { ids: [...ids] })
        .orderBy('e.collected_on', 'DESC')
        .getMany();
      return groupBy(ids, rows, (r) => r.sessionId).map((g) => g.map(Evidence.from));
    }),

  /**
   * Each held session's quality (rules/quality.ts): its status, and its figures once published; null for a session
   * not held. The facilitator's self-rating is filled in only for the facilitator and for readers whose
   * ANALYTICS_READ reaches beyond their own records (rules/quality.ts: mayReadSelfRatings). Read against the facts
   * recorded on each session (its facilitator, rating close and minimum), not the district's settings now.
   */
  quality: (ctx: RequestContext): DataLoader<string, SessionQuality | null> =>
    ctx.loaders.loader('session.quality', async (ids) => {
      const staff = requireStaff(ctx);
      const manager = await managerOf(ctx);
      const [sql, values] = manager.connection.driver.escapeQueryWithParameters(
        `WITH asked AS (SELECT unnest(CAST(:ids AS uuid[])) AS id), ${sessionQualityCtes('asked')}
         SELECT (SELECT coalesce(json_agg(q), '[]'::json) FROM q_quality q) AS sessions,
                (SELECT coalesce(json_agg(x ORDER BY x.position, x.name), '[]'::json) FROM (
                   SELECT k.session_id, k.criterion_id, rc.name, rc.position, k.mean, k.raters
                     FROM q_criterion k
                     JOIN rubric_criterion rc ON rc.district_id = :districtId AND rc.id = k.criterion_id
                    WHERE k.shown) x) AS criteria`,
        { ids: [...ids], districtId: staff.districtId },
      );
      const [{ sessions, criteria }]: {
        sessions: {
          session_id: string;
          facilitator_id: string;
          held_at: string;
          closes_at: string;
          min_raters: number;
          raters: number;
          overall: number | null;
          self_mean: number | null;
        }[];
        criteria: { session_id: string; criterion_id: string; name: string; mean: number; raters: number }[];
      }[] = await manager.query(sql, values);
      const analytics = grantOf(ctx, Permission.ANALYTICS_READ);
      const now = new Date();
      const byId = new Map(sessions.map((q) => [q.session_id, q]));
      const criteriaOf = groupBy(ids, criteria, (k) => k.session_id);
      return ids.map((id, i) => {
        const q = byId.get(id);
        if (!q) return null;
        const facts = { status: 'HELD' as const, ratingClosesAt: new Date(q.closes_at), minRaters: q.min_raters };
        const published = isQualityPublished(facts, q.raters, now);
        const closed = isRatingClosed(facts, now);
        const mayReadSelf = q.facilitator_id === staff.staffMemberId || mayReadSelfRatings(analytics);
        return Object.assign(new SessionQuality(), {
          status: published ? QualityStatus.PUBLISHED : closed ? QualityStatus.WITHHELD : QualityStatus.RATING_OPEN,
          ratingClosesAt: facts.ratingClosesAt,
          minRaters: facts.minRaters,
          overall: published ? q.overall : null,
          raterCount: published ? q.raters : null,
          criteria: published
            ? criteriaOf[i].map((k) => ({
                criterionId: toGlobalId('RubricCriterion', k.criterion_id),
                criterionName: k.name,
                mean: k.mean,
                raterCount: k.raters,
              }))
            : [],
          selfRating: closed && mayReadSelf ? q.self_mean : null,
        });
      });
    }),

  myRatings: (ctx: RequestContext): DataLoader<string, MyRating[]> =>
    ctx.loaders.loader('session.myRatings', async (ids) => {
      const self = ctx.principal?.kind === 'staff' ? ctx.principal.staffMemberId : null;
      if (!self) return ids.map(() => []);
      const rows: { session_id: string; criterion_id: string; name: string; score: number; updated_at: Date }[] =
        await (
          await managerOf(ctx)
        ).query(
          `SELECT r.session_id, r.criterion_id, rc.name, r.score, r.updated_at
           FROM quality_rating r JOIN rubric_criterion rc ON rc.district_id = r.district_id AND rc.id = r.criterion_id
          WHERE r.session_id = ANY($1) AND r.rater_id = $2 ORDER BY rc.position`,
          [[...ids], self],
        );
      return groupBy(ids, rows, (r) => r.session_id).map((g) =>
        g.map((r) => ({
          criterionId: toGlobalId('RubricCriterion', r.criterion_id),
          criterionName: r.name,
          score: r.score,
          updatedAt: r.updated_at,
        })),
      );
    }),

  /**
   * The most recent past sessions (held, missed or cancelled) of each conversation, up to `limit`, among those the
   * caller may read: one statement, one index range per conversation (`LATERAL … ORDER BY scheduled_at DESC LIMIT n`
   * over (district_id, conversation_id, scheduled_at)), selecting the columns a session is built from and never its
   * confidential text (loaded apart, only when asked: `secret`).
   */
  recentByConversation: (ctx: RequestContext, limit: number): DataLoader<string, Session[]> =>
    ctx.loaders.loader(`session.recent.${limit}`, async (ids) => {
      const scope = scopeOf(ctx, Permission.SESSION_READ);
      const conversations = (await conversationService.scopedQuery(ctx, scope)).select('c.id');
      const manager = await managerOf(ctx);
      const [sql, values] = manager.connection.driver.escapeQueryWithParameters(
        `SELECT ${SESSION_COLUMNS}
           FROM unnest(CAST(:convIds AS uuid[])) AS k(conversation_id)
           CROSS JOIN LATERAL (SELECT k.conversation_id IN (${conversations.getQuery()}) AS visible) v
           CROSS JOIN LATERAL (
             SELECT ${SESSION_COLUMNS} FROM conversation_session s
              WHERE s.district_id = :districtId AND s.conversation_id = k.conversation_id AND s.scheduled_at < now()
                AND (v.visible OR EXISTS (SELECT 1 FROM session_attendance sa WHERE sa.district_id = s.district_id
                                            AND sa.session_id = s.id AND sa.staff_member_id = :self))
              ORDER BY s.scheduled_at DESC
              LIMIT :limit) s`,
        {
          ...conversations.getParameters(),
          convIds: [...ids],
          districtId: scope.districtId,
          self: scope.selfId,
          limit,
        },
      );
      const rows: SessionRow[] = await manager.query(sql, values);
      return groupBy(ids, rows, (r) => r.conversation_id).map((g) => g.map(Session.fromRow));
    }),

  /** The confidential text of sessions read without it; the resolver decides who may see it (confidentiality.ts). */
  secret: (ctx: RequestContext): DataLoader<string, SessionSecret> =>
    ctx.loaders.loader('session.secret', async (ids) => {
      const rows: (SessionSecret & { id: string })[] = await (
        await managerOf(ctx)
      ).query(
        `SELECT s.id, s.notes, s.check_in AS "checkIn", s.check_out AS "checkOut"
           FROM conversation_session s WHERE s.id = ANY($1)`,
        [[...ids]],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? { notes: null, checkIn: null, checkOut: null });
    }),

  upcomingByConversation: (ctx: RequestContext, limit: number): DataLoader<string, Session[]> =>
    ctx.loaders.loader(`session.upcoming.${limit}`, async (ids) => {
      const qb = await sessionService.scopedQuery(ctx);
      const rows = await qb
        .andWhere('s.conversation_id = ANY(:convIds) AND s.scheduled_at >= now()', { convIds: [...ids] })
        .andWhere(
          `s.id IN (SELECT r.id FROM (SELECT x.id, row_number() OVER (PARTITION BY x.conversation_id ORDER BY x.scheduled_at) AS n
                      FROM conversation_session x WHERE x.conversation_id = ANY(:convIds) AND x.scheduled_at >= now() AND x.status = 'SCHEDULED') r WHERE r.n <= :limit)`,
          { limit },
        )
        .orderBy('s.scheduled_at', 'ASC')
        .getMany();
      return groupBy(ids, rows, (r) => r.conversationId).map((g) => g.map(Session.from));
    }),
};
