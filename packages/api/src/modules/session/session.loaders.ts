import { MIN_RATERS_FOR_AGGREGATE } from '@throughline/shared';
import type DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import { groupBy } from '../../graphql/loaders';
import { managerOf } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';
import { confidentialAccess } from './confidentiality';
import { AttendanceEntity, EvidenceEntity } from './session.entity';
import { Evidence, type MyRating, type SessionQuality } from './session.type';
import { sessionService } from './session.service';
import { Session } from './session.type';

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

  /** Means per criterion and overall, for sessions where at least three people rated; null elsewhere. */
  quality: (ctx: RequestContext): DataLoader<string, SessionQuality | null> =>
    ctx.loaders.loader('session.quality', async (ids) => {
      const rows: {
        session_id: string;
        criterion_id: string;
        name: string;
        mean: string;
        raters: number;
        session_raters: number;
        overall: string;
      }[] = await (
        await managerOf(ctx)
      ).query(
        `SELECT r.session_id, r.criterion_id, rc.name, avg(r.score)::float8 AS mean, count(DISTINCT r.rater_id)::int AS raters,
                  (SELECT count(DISTINCT x.rater_id)::int FROM quality_rating x WHERE x.district_id = r.district_id AND x.session_id = r.session_id) AS session_raters,
                  (SELECT avg(x.score)::float8 FROM quality_rating x WHERE x.district_id = r.district_id AND x.session_id = r.session_id) AS overall
             FROM quality_rating r JOIN rubric_criterion rc ON rc.district_id = r.district_id AND rc.id = r.criterion_id
            WHERE r.session_id = ANY($1)
            GROUP BY r.district_id, r.session_id, r.criterion_id, rc.name, rc.position
            ORDER BY rc.position`,
        [[...ids]],
      );
      return groupBy(ids, rows, (r) => r.session_id).map((g) =>
        g.length === 0 || g[0].session_raters < MIN_RATERS_FOR_AGGREGATE
          ? null
          : {
              overall: Number(g[0].overall),
              raterCount: g[0].session_raters,
              criteria: g
                .filter((r) => r.raters >= MIN_RATERS_FOR_AGGREGATE)
                .map((r) => ({
                  criterionId: toGlobalId('RubricCriterion', r.criterion_id),
                  criterionName: r.name,
                  mean: Number(r.mean),
                  raterCount: r.raters,
                })),
            },
      );
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

  /** The most recent past sessions (held, missed or cancelled) of each conversation, up to `limit`. */
  recentByConversation: (ctx: RequestContext, limit: number): DataLoader<string, Session[]> =>
    ctx.loaders.loader(`session.recent.${limit}`, async (ids) => {
      const qb = await sessionService.scopedQuery(ctx);
      const rows = await qb
        .andWhere('s.conversation_id = ANY(:convIds) AND s.scheduled_at < now()', { convIds: [...ids] })
        .andWhere(
          `s.id IN (SELECT r.id FROM (SELECT x.id, row_number() OVER (PARTITION BY x.conversation_id ORDER BY x.scheduled_at DESC) AS n
                      FROM conversation_session x WHERE x.conversation_id = ANY(:convIds) AND x.scheduled_at < now()) r WHERE r.n <= :limit)`,
          { limit },
        )
        .orderBy('s.scheduled_at', 'DESC')
        .getMany();
      return groupBy(ids, rows, (r) => r.conversationId).map((g) => g.map(Session.from));
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
