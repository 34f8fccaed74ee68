import type { EntityManager } from 'typeorm';
import { MAX_SESSIONS, localInstant, occurrences } from '../schedule/cadence';
import { calendarIndex, localDay, nonSchoolDaysBetween, splitBySchoolDays } from '../schedule/rules/non-school-day';
import { recordExpectedParticipants } from '../session/expected-record';

/** Local days whose calendar status a change may have flipped, both ends included. */
export interface DayRange {
  startsOn: string;
  endsOn: string;
}

export interface SessionMove {
  sessionId: string;
  conversationId: string;
}

/**
 * After the district calendar changed on `changed` days (the old and new ranges of every entry written), brings the
 * sessions of repeating conversations in line with it (schedule/rules/non-school-day.ts), for the future only:
 *
 * - a session still merely scheduled, ahead of now, that the cadence put on a day that is now a non-school day, and
 *   that has nothing recorded against it (attendance, evidence, notes, check-in/out, actions), is removed: it should
 *   never have existed, so it is not a cancellation and leaves nothing in any count;
 * - a day in `changed` that is a school day again gets the cadence's occurrences back, from now on, where the
 *   conversation has no session at that time (a cancelled one stays cancelled);
 * - held, cancelled and past sessions, sessions scheduled by hand at other times, and one-off conversations are
 *   never touched. Inactive conversations schedule nothing.
 *
 * Runs in the caller's transaction, with district_id in every statement. Returns what it removed and added.
 */
export async function rescheduleForCalendar(
  manager: EntityManager,
  districtId: string,
  timezone: string,
  changed: readonly DayRange[],
  now: Date = new Date(),
): Promise<{ removed: SessionMove[]; added: SessionMove[] }> {
  const today = localDay(now, timezone);
  const ranges = changed
    .filter((r) => r.endsOn >= today)
    .map((r) => ({ startsOn: r.startsOn < today ? today : r.startsOn, endsOn: r.endsOn }));
  if (ranges.length === 0) return { removed: [], added: [] };
  const first = ranges.reduce((m, r) => (r.startsOn < m ? r.startsOn : m), ranges[0].startsOn);
  const last = ranges.reduce((m, r) => (r.endsOn > m ? r.endsOn : m), ranges[0].endsOn);
  const changedDays = calendarIndex(ranges.map((r) => ({ ...r, name: '' })));
  const inChanged = (day: string) => changedDays(day) !== undefined;

  const conversations: { id: string; cadence: string; first_starts_at: string; schedule_until: string }[] =
    await manager.query(
      `SELECT id, cadence, first_starts_at, schedule_until::text AS schedule_until FROM learning_conversation
        WHERE district_id = $1 AND active AND cadence IS NOT NULL
          AND schedule_until >= $2::date AND left(first_starts_at, 10) <= $3`,
      [districtId, first, last],
    );
  if (conversations.length === 0) return { removed: [], added: [] };
  const calendar = calendarIndex(await nonSchoolDaysBetween(manager, districtId, first, last));
  const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const windowStart = new Date(Math.max(now.getTime(), localInstant(`${first}T00:00`, timezone).getTime()));

  const removeIds: SessionMove[] = [];
  const addRows: { conversationId: string; at: Date }[] = [];
  for (const c of conversations) {
    const lastDay = c.schedule_until < last ? c.schedule_until : last;
    const until = localInstant(`${dayAfter(lastDay)}T00:00`, timezone);
    if (until.getTime() <= windowStart.getTime()) continue;
    const series = occurrences({
      rrule: c.cadence,
      start: c.first_starts_at,
      timezone,
      from: windowStart,
      until,
      limit: MAX_SESSIONS,
    }).filter((at) => inChanged(localDay(at, timezone)));
    if (series.length === 0) continue;
    const { kept, skipped } = splitBySchoolDays(series, timezone, calendar);
    const existing: { id: string; scheduled_at: Date; status: string; recorded: boolean }[] = await manager.query(
      `SELECT s.id, s.scheduled_at, s.status,
              (s.notes IS NOT NULL OR s.check_in IS NOT NULL OR s.check_out IS NOT NULL
               OR EXISTS (SELECT 1 FROM session_attendance a WHERE a.district_id = s.district_id AND a.session_id = s.id)
               OR EXISTS (SELECT 1 FROM session_evidence e WHERE e.district_id = s.district_id AND e.session_id = s.id)
               OR EXISTS (SELECT 1 FROM action_item ai WHERE ai.district_id = s.district_id AND ai.session_id = s.id)
              ) AS recorded
         FROM conversation_session s
        WHERE s.district_id = $1 AND s.conversation_id = $2 AND s.scheduled_at >= $3 AND s.scheduled_at < $4`,
      [districtId, c.id, windowStart, until],
    );
    const byTime = new Map(existing.map((e) => [new Date(e.scheduled_at).getTime(), e]));
    for (const s of skipped) {
      const e = byTime.get(s.at.getTime());
      if (e && e.status === 'SCHEDULED' && !e.recorded) removeIds.push({ sessionId: e.id, conversationId: c.id });
    }
    for (const at of kept) if (!byTime.has(at.getTime())) addRows.push({ conversationId: c.id, at });
  }

  if (removeIds.length) {
    await manager.query(
      `DELETE FROM conversation_session WHERE district_id = $1 AND id = ANY($2::uuid[]) AND status = 'SCHEDULED'`,
      [districtId, removeIds.map((r) => r.sessionId)],
    );
  }
  let added: SessionMove[] = [];
  if (addRows.length) {
    const rows: { id: string; conversation_id: string }[] = await manager.query(
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, recording_consent)
       SELECT $1, x.conversation_id, x.at, 'SCHEDULED', false
         FROM unnest($2::uuid[], $3::timestamptz[]) AS x(conversation_id, at)
       RETURNING id, conversation_id`,
      [districtId, addRows.map((r) => r.conversationId), addRows.map((r) => r.at.toISOString())],
    );
    added = rows.map((r) => ({ sessionId: r.id, conversationId: r.conversation_id }));
    await recordExpectedParticipants(
      manager,
      districtId,
      added.map((a) => a.sessionId),
    );
  }
  return { removed: removeIds, added };
}
