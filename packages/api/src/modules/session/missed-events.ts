import type { DataSource } from 'typeorm';
import { EventType } from '@throughline/shared';
import { withTenantTransaction } from '../../db/transaction';
import type { JobHandler } from '../../jobs/queue';
import { emitEventWith, ref } from '../outbox/outbox';
import { existenceSettings } from './existence-settings';
import { missedSql } from './rules/missed';
import { dueAt } from './rules/due';

/**
 * `session.missed` depends on the clock, not on a write: a scheduled job (every 10 minutes, one instance at a time)
 * finds the sessions that became missed (rules/missed.ts, with each district's own grace period) and emits the event
 * once for each, keeping a marker (`session_missed_notice`) in the same transaction. Only sessions scheduled in the
 * last LOOKBACK_DAYS are looked at, so the first scan on an old database does not replay its history; at most
 * BATCH per district per run (the next run takes the rest).
 */
export const MISSED_SCAN_TASK = 'session.missed-scan';
const LOOKBACK_DAYS = 14;
const BATCH = 500;

/** Emits session.missed for one district's newly missed sessions; returns how many. */
export async function emitMissedSessions(dataSource: DataSource, districtId: string): Promise<number> {
  return withTenantTransaction(dataSource, { districtId }, async (m) => {
    const settings = await existenceSettings(m, districtId);
    const missed = missedSql({
      s: 's',
      durationMinutes: 'c.duration_minutes',
      logGraceHours: '$2::int',
      cancelNoticeHours: '0',
    });
    const rows: { id: string; conversation_id: string; scheduled_at: Date; duration_minutes: number }[] = await m.query(
      `WITH missed AS (
           SELECT s.district_id, s.id, s.conversation_id, s.scheduled_at, c.duration_minutes
             FROM conversation_session s
             JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
            WHERE s.district_id = $1 AND ${missed}
              AND s.scheduled_at > now() - make_interval(days => $3::int)
              AND NOT EXISTS (SELECT 1 FROM session_missed_notice n WHERE n.district_id = s.district_id AND n.session_id = s.id)
            ORDER BY s.scheduled_at
            LIMIT $4::int),
         marked AS (
           INSERT INTO session_missed_notice (district_id, session_id)
           SELECT district_id, id FROM missed
           ON CONFLICT DO NOTHING
           RETURNING session_id)
         SELECT missed.id, missed.conversation_id, missed.scheduled_at, missed.duration_minutes
           FROM missed JOIN marked ON marked.session_id = missed.id`,
      [districtId, settings.logGraceHours, LOOKBACK_DAYS, BATCH],
    );
    for (const r of rows) {
      await emitEventWith(
        m,
        EventType.SESSION_MISSED,
        { type: 'ConversationSession', id: r.id, districtId },
        {
          conversationId: ref('LearningConversation', r.conversation_id),
          scheduledAt: new Date(r.scheduled_at),
          missedAt: dueAt(new Date(r.scheduled_at), { durationMinutes: r.duration_minutes, ...settings }),
        },
      );
    }
    return rows.length;
  });
}

/** The scheduled scan over every district. */
export const scanMissedSessions: JobHandler = async (_payload, { deps, abortSignal }) => {
  const districts: { id: string }[] = await withTenantTransaction(
    deps.dataSource,
    { districtId: null, platformOperator: true },
    (m) => m.query(`SELECT id FROM district ORDER BY id`),
  );
  for (const d of districts) {
    if (abortSignal.aborted) return;
    await emitMissedSessions(deps.dataSource, d.id);
  }
};
