import type { EntityManager } from 'typeorm';
import { localInstant } from '../schedule/cadence';

/**
 * A district's time zone changes from `from` to `to`: sessions keep their local wall-clock time. Every session not
 * yet held whose time is still ahead (scheduled or cancelled, at or after now) moves to the same local day and time
 * in the new zone, a 15:30 staying 15:30, which is where its conversation's cadence, evaluated in the new zone,
 * puts it; a cancelled occurrence moves with the rest so that a later reschedule still finds it taken. The move is
 * made in place (same ids, versions bumped), so nothing recorded against a session is lost. Held sessions and the
 * past stay exactly where they were: they happened, or were due, at that instant.
 *
 * Wall-clock times are resolved by the cadence engine (schedule/cadence.ts), as scheduling does. Returns how many
 * sessions moved: none when both zones tell the same time.
 */
export async function keepLocalTimes(
  manager: EntityManager,
  districtId: string,
  from: string,
  to: string,
): Promise<number> {
  if (from === to) return 0;
  const rows: { id: string; wall: string; at: Date }[] = await manager.query(
    `SELECT id, scheduled_at AS at, to_char(scheduled_at AT TIME ZONE $2, 'YYYY-MM-DD"T"HH24:MI') AS wall
       FROM conversation_session
      WHERE district_id = $1 AND status <> 'HELD' AND scheduled_at >= now()`,
    [districtId, from],
  );
  const moves = rows
    .map((r) => {
      const before = new Date(r.at).getTime();
      // Seconds and milliseconds (a session scheduled by hand at an odd instant) are kept as they were.
      return { id: r.id, before, after: localInstant(r.wall, to).getTime() + (before % 60_000) };
    })
    .filter((m) => m.after !== m.before);
  if (moves.length === 0) return 0;
  await manager.query(
    `UPDATE conversation_session s
        SET scheduled_at = m.at, version = s.version + 1, updated_at = now()
       FROM unnest($2::uuid[], $3::timestamptz[]) AS m(id, at)
      WHERE s.district_id = $1 AND s.id = m.id`,
    [districtId, moves.map((m) => m.id), moves.map((m) => new Date(m.after).toISOString())],
  );
  return moves.length;
}
