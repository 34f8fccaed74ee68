import type { DataSource } from 'typeorm';
import { schoolYearToDate } from '../../packages/admin/src/dashboard/schoolYear';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { recordExpectedParticipants } from '../../packages/api/src/modules/session/expected-record';
import { DEFAULT_EXISTENCE_SETTINGS } from '../../packages/api/src/modules/session/existence-settings';

let made = 0;

/**
 * A session of the demo coach's first conversation, scheduled a little more than an hour ago (so it can be logged),
 * inserted by the owner; returns the `sessionLog` input that logs it as held with the coach attending. Each call is
 * a minute earlier than the last, so no two collide.
 */
export async function insertLoggableDemoSession(owner: DataSource): Promise<Record<string, unknown>> {
  const row = await insertDemoSession(
    owner,
    `f.email = 'coach@northfield.example'`,
    `date_trunc('minute', now()) - make_interval(mins => 60 + $1::int)`,
  );
  return {
    id: toGlobalId('ConversationSession', row.id),
    version: row.version,
    heldAt: new Date().toISOString(),
    durationMinutes: 30,
    attendeeIds: [toGlobalId('StaffMember', row.facilitator_id)],
  };
}

/**
 * Inserts a scheduled session of the first Northfield conversation matching `where` (over `c`, its facilitator `f`,
 * its district's settings `ds`; `$2` onwards are `params`) at `at` (SQL; `$1` is a minute count that grows with
 * every call, so no two inserted sessions collide), with its expected participants recorded as the API records them.
 */
async function insertDemoSession(
  owner: DataSource,
  where: string,
  at: string,
  params: unknown[] = [],
): Promise<{ id: string; version: number; scheduled_at: Date; facilitator_id: string }> {
  const [row] = await owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status)
     SELECT c.district_id, c.id, ${at}, 'SCHEDULED'
       FROM learning_conversation c JOIN district d ON d.id = c.district_id
       JOIN staff_member f ON f.district_id = c.district_id AND f.id = c.facilitator_id
       LEFT JOIN district_setting ds ON ds.district_id = c.district_id
      WHERE d.slug = 'northfield' AND ${where}
      ORDER BY c.id LIMIT 1
     RETURNING id, district_id, version, scheduled_at, facilitator_id`,
    [++made, ...params],
  );
  if (!row) throw new Error(`Northfield has no conversation where ${where}`);
  await recordExpectedParticipants(owner, row.district_id, [row.id]);
  return row;
}

/** A session inserted by the owner, as the API names it (global ids). */
export interface DemoSessionFixture {
  id: string;
  version: number;
  scheduledAt: string;
  facilitatorId: string;
}

/**
 * A missed session of the Northfield demo conversation titled `title`, inserted by the owner: scheduled its usual
 * length, the district's grace period to log it and an hour (a minute more each call, so no two collide) before now,
 * so it is missed already but only just. The demo's history is drawn relative to today, so whether it holds a recent
 * missed session varies; logged with its scheduled time as the held time, this one stays open for rating for all but
 * the first two days of the rating window. Its expected participants are recorded as the API records them for a
 * session it schedules.
 */
export async function insertMissedDemoSession(owner: DataSource, title: string): Promise<DemoSessionFixture> {
  const row = await insertDemoSession(
    owner,
    'c.title = $2',
    `date_trunc('minute', now())
       - make_interval(hours => coalesce(ds.log_grace_hours, $3::int), mins => c.duration_minutes + 60 + $1::int)`,
    [title, DEFAULT_EXISTENCE_SETTINGS.logGraceHours],
  );
  return {
    id: toGlobalId('ConversationSession', row.id),
    version: row.version,
    scheduledAt: new Date(row.scheduled_at).toISOString(),
    facilitatorId: toGlobalId('StaffMember', row.facilitator_id),
  };
}

/**
 * For tests that expect a session from insertMissedDemoSession in the school year's lists and numbers. Missed just
 * now, it was scheduled longer ago than the district's grace to log it (48 hours by default): in a school year's first
 * days, in the year before. Northfield's school year then starts on the first of that session's month (a district
 * setting, read by the API and the portal alike; the year as the dashboard takes it); otherwise nothing changes.
 */
export async function keepInSchoolYear(owner: DataSource, session: DemoSessionFixture): Promise<void> {
  const [district] = await owner.query(
    `SELECT timezone, academic_year_start_month AS start FROM district WHERE slug = 'northfield'`,
  );
  const dayIn = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: district.timezone }).format(at);
  const day = dayIn(new Date(session.scheduledAt));
  if (day < schoolYearToDate(district.start, dayIn(new Date())).from) {
    await owner.query(`UPDATE district SET academic_year_start_month = $1 WHERE slug = 'northfield'`, [
      Number(day.slice(5, 7)),
    ]);
  }
}
