import type { EntityManager } from 'typeorm';
import { MAX_SESSIONS, occurrences } from '../schedule/cadence';
import { skipNonSchoolDays } from '../schedule/rules/non-school-day';
import type { ConversationEntity } from '../conversation/conversation.entity';
import { SessionEntity } from './session.entity';
import { recordExpectedParticipants } from './expected-record';

/** The instant local midnight after `date` begins in the zone: the end of a scheduling horizon. */
async function endOfDay(manager: EntityManager, date: string, timezone: string): Promise<Date> {
  const [{ t }] = await manager.query(`SELECT ((($1::date + 1)::timestamp) AT TIME ZONE $2) AS t`, [date, timezone]);
  return t;
}

/**
 * (Re)schedules a conversation's sessions from `from` to the end of its horizon. Sessions before `from`, and any
 * session that was held or cancelled, are kept as they are; future sessions still merely scheduled are replaced.
 * Occurrences whose start is already past are not scheduled unless `includePast` asks for them explicitly: a session
 * added after its time would only ever count as missed (rules/missed.ts), or be logged to look held. Returns how
 * many were added and removed. A cadence's occurrences on the district's non-school days are not scheduled
 * (schedule/rules/non-school-day.ts).
 */
export async function scheduleSessions(
  manager: EntityManager,
  conversation: ConversationEntity,
  timezone: string,
  requestedFrom: Date,
  options: { includePast?: boolean } = {},
): Promise<{ added: number; removed: number }> {
  const from = options.includePast ? requestedFrom : new Date(Math.max(requestedFrom.getTime(), Date.now()));
  const removed = await manager
    .createQueryBuilder()
    .delete()
    .from(SessionEntity)
    .where(`district_id = :d AND conversation_id = :c AND status = 'SCHEDULED' AND scheduled_at >= :from`, {
      d: conversation.districtId,
      c: conversation.id,
      from,
    })
    .execute();
  if (!conversation.active) return { added: 0, removed: removed.affected ?? 0 };
  const until = await endOfDay(manager, conversation.scheduleUntil, timezone);
  const series = occurrences({
    rrule: conversation.cadence,
    start: conversation.firstStartsAt,
    timezone,
    from,
    until,
    // A series past the cap is refused when it is saved (exceedsSessionCap); this only bounds the work.
    limit: MAX_SESSIONS,
  });
  // A cadence skips the district's non-school days (schedule/rules/non-school-day.ts); a one-off keeps its date.
  const wanted = conversation.cadence
    ? (await skipNonSchoolDays(manager, conversation.districtId, timezone, series)).kept
    : series;
  const kept: { scheduled_at: Date }[] = await manager.query(
    `SELECT scheduled_at FROM conversation_session WHERE district_id = $1 AND conversation_id = $2 AND scheduled_at >= $3`,
    [conversation.districtId, conversation.id, from],
  );
  const taken = new Set(kept.map((k) => new Date(k.scheduled_at).getTime()));
  const rows = wanted
    .filter((t) => !taken.has(t.getTime()))
    .map((scheduledAt) => ({
      districtId: conversation.districtId,
      conversationId: conversation.id,
      scheduledAt,
      status: 'SCHEDULED' as const,
      // Who facilitates it is recorded now (changed later only while it is upcoming: expected-record.ts).
      facilitatorId: conversation.facilitatorId,
    }));
  if (rows.length) {
    const inserted = await manager.insert(SessionEntity, rows);
    // Who is expected at each new session, fixed now (rules/expected.ts).
    await recordExpectedParticipants(
      manager,
      conversation.districtId,
      inserted.identifiers.map((i) => String(i.id)),
    );
  }
  return { added: rows.length, removed: removed.affected ?? 0 };
}
