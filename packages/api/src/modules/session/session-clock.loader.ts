import type DataLoader from 'dataloader';
import { managerOf, type RequestContext } from '../../graphql/context';
import { DEFAULT_EXISTENCE_SETTINGS, type SessionClock } from './existence-settings';

/**
 * What each session's state is read with besides its own facts (see rules/state.ts): its conversation's usual
 * duration and its district's settings.
 */
export const sessionClockLoader = (ctx: RequestContext): DataLoader<string, SessionClock> =>
  ctx.loaders.loader('session.clock', async (ids) => {
    const rows: {
      id: string;
      duration_minutes: number;
      log_grace_hours: number | null;
      cancel_notice_hours: number | null;
    }[] = await (
      await managerOf(ctx)
    ).query(
      `SELECT s.id, c.duration_minutes, ds.log_grace_hours, ds.cancel_notice_hours
           FROM conversation_session s
           JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
           LEFT JOIN district_setting ds ON ds.district_id = s.district_id
          WHERE s.id = ANY($1)`,
      [[...ids]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const r = byId.get(id);
      // A session read in this transaction has its conversation; DataLoader rejects the load with an Error.
      if (!r) return new Error(`No session ${id}`) as unknown as SessionClock;
      return {
        durationMinutes: Number(r.duration_minutes),
        logGraceHours: r.log_grace_hours ?? DEFAULT_EXISTENCE_SETTINGS.logGraceHours,
        cancelNoticeHours: r.cancel_notice_hours ?? DEFAULT_EXISTENCE_SETTINGS.cancelNoticeHours,
      };
    });
  });
