import type { EntityManager } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import { eachActiveDistrict } from './each-district';
import type { JobHandler, MailSettings } from '../../jobs/queue';
import {
  SESSION_EVENT_COLUMNS,
  SESSION_EVENT_JOINS,
  sessionLink,
  type SessionEventRow,
} from '../calendar-feed/session-events';
import { ratingOpenSql } from '../session/rules/rating-window';
import { deliverReminder } from './deliver';
import { MailKind, type Recipient } from './messages';
import {
  actionMessage,
  logNudgeMessage,
  rateNudgeMessage,
  sessionReminderMessage,
  type Audience,
  type Draft,
} from './templates';

/**
 * Reminders and nudges, from a schedule in the worker (every 5 minutes, one instance at a time). Each is sent once
 * per round (deliver.ts: `sent_reminder` is keyed by kind + subject + person + round and inserted in the transaction
 * that queues the message), so two workers, or a run repeated after a crash, never send it twice. Nudges repeat
 * until what they ask for is done, and stop as soon as it is: each query selects only what is still undone.
 *
 * - SESSION_REMINDER: a scheduled session starts within the district's lead time (mail_setting.reminder_lead_hours,
 *   24 by default): its facilitator and expected participants, with the purpose, protocol, norms and evidence to bring.
 * - LOG_NUDGE: a session still only scheduled has ended (start + duration), within the last week: its facilitator,
 *   again every other day until it is logged or cancelled (round = whole 48-hour spans since it ended).
 * - RATE_NUDGE: a held session's rating window is open: attendees who have not rated it yet; once more on its last day.
 * - ACTION_DUE: an open action is due within 2 days (district's local date): its owner. ACTION_OVERDUE: past due,
 *   the day after and then weekly until it is done or dropped (round = whole weeks since the day after it was due).
 * Whether each goes, in which language, now, after quiet hours or in the daily digest: the person's options (deliver.ts).
 * A district with reminders off gets none.
 */

export const REMINDER_TASK = 'mail.reminders';
const BATCH = 500;

type SessionPerson = SessionEventRow & {
  staff_member_id: string;
  person_name: string;
  person_email: string;
  norms: string | null;
  round: number;
};

const PERSON = `p.id AS staff_member_id, p.given_name AS person_name, p.email AS person_email`;
/** The conversation's norms by name (library titles: nothing confidential), for the session reminder. */
const NORMS = `(SELECT string_agg(n.title, '; ' ORDER BY n.position, n.title) FROM conversation_norm cn
                 JOIN norm n ON n.district_id = cn.district_id AND n.id = cn.norm_id
                WHERE cn.district_id = c.district_id AND cn.conversation_id = c.id) AS norms`;

/** No sent_reminder yet for this kind, subject, person and round. */
const NOT_SENT = (kind: string, subject: string, round: string) =>
  `NOT EXISTS (SELECT 1 FROM sent_reminder r WHERE r.district_id = p.district_id AND r.kind = ${kind}
                AND r.subject_id = ${subject} AND r.staff_member_id = p.id AND r.round = ${round})`;

export async function sendReminders(m: EntityManager, districtId: string, settings: MailSettings): Promise<number> {
  const [setting] = await m.query(
    `SELECT reminders_enabled, reminder_lead_hours FROM mail_setting WHERE district_id = $1`,
    [districtId],
  );
  if (setting && !setting.reminders_enabled) return 0;
  const leadHours: number = setting?.reminder_lead_hours ?? 24;
  const [{ timezone }] = await m.query(`SELECT timezone FROM district WHERE id = $1`, [districtId]);
  let sent = 0;
  const deliver = async (
    kind: MailKind,
    subject: { type: string; id: string },
    round: number,
    recipient: Recipient,
    draft: (a: Audience) => Draft,
  ) => {
    if (await deliverReminder(m, { districtId, kind, subject, round, recipient, draft, publicUrl: settings.publicUrl }))
      sent += 1;
  };
  const who = (r: SessionPerson): Recipient => ({ id: r.staff_member_id, name: r.person_name, email: r.person_email });

  const upcoming: SessionPerson[] = await m.query(
    `SELECT ${SESSION_EVENT_COLUMNS}, ${PERSON}, ${NORMS}, 0 AS round
       FROM conversation_session s ${SESSION_EVENT_JOINS}
       JOIN staff_member p ON p.district_id = s.district_id
        AND (p.id = c.facilitator_id OR p.id IN (SELECT ep.staff_member_id FROM session_expected_participant ep
                                                 WHERE ep.district_id = s.district_id AND ep.session_id = s.id))
      WHERE s.district_id = $1 AND s.status = 'SCHEDULED'
        AND s.scheduled_at > now() AND s.scheduled_at <= now() + make_interval(hours => $2::int)
        AND ${NOT_SENT("'SESSION_REMINDER'", 's.id', '0')}
      ORDER BY s.scheduled_at LIMIT $3::int`,
    [districtId, leadHours, BATCH],
  );
  for (const r of upcoming)
    await deliver(MailKind.SESSION_REMINDER, { type: 'ConversationSession', id: r.id }, r.round, who(r), (a) =>
      sessionReminderMessage(r, a, sessionLink(settings.publicUrl, r.id)),
    );

  const ENDED = `s.scheduled_at + make_interval(mins => c.duration_minutes)`;
  const LOG_ROUND = `floor(extract(epoch FROM now() - ${ENDED}) / 172800)::int`;
  const unlogged: SessionPerson[] = await m.query(
    `SELECT ${SESSION_EVENT_COLUMNS}, ${PERSON}, NULL AS norms, ${LOG_ROUND} AS round
       FROM conversation_session s ${SESSION_EVENT_JOINS}
       JOIN staff_member p ON p.district_id = s.district_id AND p.id = c.facilitator_id
      WHERE s.district_id = $1 AND s.status = 'SCHEDULED'
        AND ${ENDED} < now() AND s.scheduled_at > now() - interval '7 days'
        AND ${NOT_SENT("'LOG_NUDGE'", 's.id', LOG_ROUND)}
      ORDER BY s.scheduled_at LIMIT $2::int`,
    [districtId, BATCH],
  );
  for (const r of unlogged)
    await deliver(MailKind.LOG_NUDGE, { type: 'ConversationSession', id: r.id }, r.round, who(r), (a) =>
      logNudgeMessage(r, a, sessionLink(settings.publicUrl, r.id)),
    );

  // The session's own recorded close time (rules/rating-window.ts), never today's setting.
  const RATE_ROUND = `CASE WHEN s.rating_closes_at < now() + interval '1 day' THEN 1 ELSE 0 END`;
  const toRate: (SessionPerson & { closes_at: Date })[] = await m.query(
    `SELECT ${SESSION_EVENT_COLUMNS}, ${PERSON}, NULL AS norms, s.rating_closes_at AS closes_at, ${RATE_ROUND} AS round
       FROM conversation_session s ${SESSION_EVENT_JOINS}
       JOIN session_attendance a ON a.district_id = s.district_id AND a.session_id = s.id
       JOIN staff_member p ON p.district_id = a.district_id AND p.id = a.staff_member_id
      WHERE s.district_id = $1 AND ${ratingOpenSql('s')}
        AND NOT EXISTS (SELECT 1 FROM quality_rating q WHERE q.district_id = s.district_id AND q.session_id = s.id AND q.rater_id = p.id)
        AND ${NOT_SENT("'RATE_NUDGE'", 's.id', RATE_ROUND)}
      ORDER BY s.held_at LIMIT $2::int`,
    [districtId, BATCH],
  );
  for (const r of toRate)
    await deliver(MailKind.RATE_NUDGE, { type: 'ConversationSession', id: r.id }, r.round, who(r), (a) =>
      rateNudgeMessage(r, a, sessionLink(settings.publicUrl, r.id), new Date(r.closes_at)),
    );

  const OVERDUE_ROUND = `CASE WHEN a.due_on < today.d THEN (today.d - a.due_on - 1) / 7 ELSE 0 END`;
  const actions: {
    id: string;
    due_on: string;
    overdue: boolean;
    round: number;
    title: string;
    staff_member_id: string;
    person_name: string;
    person_email: string;
  }[] = await m.query(
    `WITH today AS (SELECT (now() AT TIME ZONE $2)::date AS d)
       SELECT a.id, to_char(a.due_on, 'YYYY-MM-DD') AS due_on, a.due_on < today.d AS overdue, ${OVERDUE_ROUND} AS round,
              c.title, ${PERSON}
         FROM action_item a CROSS JOIN today
         JOIN conversation_session s ON s.district_id = a.district_id AND s.id = a.session_id
         JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
         JOIN staff_member p ON p.district_id = a.district_id AND p.id = a.owner_id
        WHERE a.district_id = $1 AND a.status IN ('OPEN', 'IN_PROGRESS') AND a.due_on <= today.d + 2
          AND ${NOT_SENT("CASE WHEN a.due_on < today.d THEN 'ACTION_OVERDUE' ELSE 'ACTION_DUE' END", 'a.id', OVERDUE_ROUND)}
        ORDER BY a.due_on LIMIT $3::int`,
    [districtId, timezone, BATCH],
  );
  for (const a of actions) {
    const link = settings.publicUrl ? `${settings.publicUrl}/#/actions` : null;
    await deliver(
      a.overdue ? MailKind.ACTION_OVERDUE : MailKind.ACTION_DUE,
      { type: 'ActionItem', id: a.id },
      a.round,
      { id: a.staff_member_id, name: a.person_name, email: a.person_email },
      (aud) => actionMessage(a.overdue ? 'OVERDUE' : 'DUE', a.due_on, a.title, aud, link),
    );
  }
  return sent;
}

export const runReminders: JobHandler = (_payload, { deps, abortSignal }) =>
  eachActiveDistrict(deps, abortSignal, (districtId) =>
    withTenantTransaction(deps.dataSource, { districtId }, (m) => sendReminders(m, districtId, deps.mail)),
  );
