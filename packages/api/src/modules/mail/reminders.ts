import type { EntityManager } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import type { JobHandler, MailSettings } from '../../jobs/queue';
import {
  SESSION_EVENT_COLUMNS,
  SESSION_EVENT_JOINS,
  sessionLink,
  type SessionEventRow,
} from '../calendar-feed/session-events';
import { ratingOpenSql } from '../session/rules/rating-window';
import { MailKind, queueMessage, wantsMail, type Recipient } from './messages';
import { actionMessage, logNudgeMessage, rateNudgeMessage, sessionReminderMessage, type Rendered } from './templates';

/**
 * Reminders and nudges, from a schedule in the worker (every 5 minutes, one instance at a time). Each is sent once:
 * `sent_reminder` is keyed by kind + subject + person, and a reminder is queued only in the transaction that inserts
 * its row (ON CONFLICT DO NOTHING), so two workers, or a run repeated after a crash, never send it twice.
 *
 * - SESSION_REMINDER: a scheduled session starts within the district's lead time (mail_setting.reminder_lead_hours,
 *   24 by default): its facilitator and expected participants, with the evidence to bring.
 * - LOG_NUDGE: a session still only scheduled has ended (start + duration), within the last week: its facilitator.
 * - RATE_NUDGE: a held session's rating window is open: attendees who have not rated it yet.
 * - ACTION_DUE: an open action is due within 2 days (district's local date): its owner. ACTION_OVERDUE: past due.
 * People inactive or opted out get nothing; a district with reminders off gets none.
 */

export const REMINDER_TASK = 'mail.reminders';
const BATCH = 500;

type Kind = Exclude<MailKind, 'INVITATION'>;

async function claim(
  m: EntityManager,
  districtId: string,
  kind: Kind,
  subjectId: string,
  staffId: string,
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `INSERT INTO sent_reminder (district_id, kind, subject_id, staff_member_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING subject_id`,
    [districtId, kind, subjectId, staffId],
  );
  return rows.length > 0;
}

type SessionPerson = SessionEventRow & { staff_member_id: string; person_name: string; person_email: string };

const PERSON = `p.id AS staff_member_id, p.given_name AS person_name, p.email AS person_email`;

export async function sendReminders(m: EntityManager, districtId: string, settings: MailSettings): Promise<number> {
  const [setting] = await m.query(
    `SELECT reminders_enabled, reminder_lead_hours FROM mail_setting WHERE district_id = $1`,
    [districtId],
  );
  if (setting && !setting.reminders_enabled) return 0;
  const leadHours: number = setting?.reminder_lead_hours ?? 24;
  const [{ timezone }] = await m.query(`SELECT timezone FROM district WHERE id = $1`, [districtId]);
  let sent = 0;
  const deliver = async (kind: Kind, subject: { type: string; id: string }, person: Recipient, rendered: Rendered) => {
    if (!(await wantsMail(m, districtId, person.id, kind))) return;
    if (!(await claim(m, districtId, kind, subject.id, person.id))) return;
    await queueMessage(m, { districtId, kind, recipient: person, subject, rendered });
    sent += 1;
  };
  const who = (r: SessionPerson): Recipient => ({ id: r.staff_member_id, name: r.person_name, email: r.person_email });

  const upcoming: SessionPerson[] = await m.query(
    `SELECT ${SESSION_EVENT_COLUMNS}, ${PERSON}
       FROM conversation_session s ${SESSION_EVENT_JOINS}
       JOIN staff_member p ON p.district_id = s.district_id
        AND (p.id = c.facilitator_id OR p.id IN (SELECT ep.staff_member_id FROM session_expected_participant ep
                                                 WHERE ep.district_id = s.district_id AND ep.session_id = s.id))
      WHERE s.district_id = $1 AND s.status = 'SCHEDULED'
        AND s.scheduled_at > now() AND s.scheduled_at <= now() + make_interval(hours => $2::int)
        AND NOT EXISTS (SELECT 1 FROM sent_reminder r WHERE r.district_id = s.district_id AND r.kind = 'SESSION_REMINDER'
                         AND r.subject_id = s.id AND r.staff_member_id = p.id)
      ORDER BY s.scheduled_at LIMIT $3::int`,
    [districtId, leadHours, BATCH],
  );
  for (const r of upcoming)
    await deliver(
      'SESSION_REMINDER',
      { type: 'ConversationSession', id: r.id },
      who(r),
      sessionReminderMessage(r, r.person_name, timezone, sessionLink(settings.publicUrl, r.id)),
    );

  const unlogged: SessionPerson[] = await m.query(
    `SELECT ${SESSION_EVENT_COLUMNS}, ${PERSON}
       FROM conversation_session s ${SESSION_EVENT_JOINS}
       JOIN staff_member p ON p.district_id = s.district_id AND p.id = c.facilitator_id
      WHERE s.district_id = $1 AND s.status = 'SCHEDULED'
        AND s.scheduled_at + make_interval(mins => c.duration_minutes) < now()
        AND s.scheduled_at > now() - interval '7 days'
        AND NOT EXISTS (SELECT 1 FROM sent_reminder r WHERE r.district_id = s.district_id AND r.kind = 'LOG_NUDGE'
                         AND r.subject_id = s.id AND r.staff_member_id = p.id)
      ORDER BY s.scheduled_at LIMIT $2::int`,
    [districtId, BATCH],
  );
  for (const r of unlogged)
    await deliver(
      'LOG_NUDGE',
      { type: 'ConversationSession', id: r.id },
      who(r),
      logNudgeMessage(r, r.person_name, timezone, sessionLink(settings.publicUrl, r.id)),
    );

  // The session's own recorded close time (rules/rating-window.ts), never today's setting.
  const toRate: (SessionPerson & { closes_at: Date })[] = await m.query(
    `SELECT ${SESSION_EVENT_COLUMNS}, ${PERSON}, s.rating_closes_at AS closes_at
       FROM conversation_session s ${SESSION_EVENT_JOINS}
       JOIN session_attendance a ON a.district_id = s.district_id AND a.session_id = s.id
       JOIN staff_member p ON p.district_id = a.district_id AND p.id = a.staff_member_id
      WHERE s.district_id = $1 AND ${ratingOpenSql('s')}
        AND NOT EXISTS (SELECT 1 FROM quality_rating q WHERE q.district_id = s.district_id AND q.session_id = s.id AND q.rater_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM sent_reminder r WHERE r.district_id = s.district_id AND r.kind = 'RATE_NUDGE'
                         AND r.subject_id = s.id AND r.staff_member_id = p.id)
      ORDER BY s.held_at LIMIT $2::int`,
    [districtId, BATCH],
  );
  for (const r of toRate)
    await deliver(
      'RATE_NUDGE',
      { type: 'ConversationSession', id: r.id },
      who(r),
      rateNudgeMessage(r, r.person_name, timezone, sessionLink(settings.publicUrl, r.id), new Date(r.closes_at)),
    );

  const actions: {
    id: string;
    due_on: string;
    overdue: boolean;
    title: string;
    staff_member_id: string;
    person_name: string;
    person_email: string;
  }[] = await m.query(
    `WITH today AS (SELECT (now() AT TIME ZONE $2)::date AS d)
       SELECT a.id, to_char(a.due_on, 'YYYY-MM-DD') AS due_on, a.due_on < today.d AS overdue, c.title, ${PERSON}
         FROM action_item a CROSS JOIN today
         JOIN conversation_session s ON s.district_id = a.district_id AND s.id = a.session_id
         JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
         JOIN staff_member p ON p.district_id = a.district_id AND p.id = a.owner_id
        WHERE a.district_id = $1 AND a.status IN ('OPEN', 'IN_PROGRESS') AND a.due_on <= today.d + 2
          AND NOT EXISTS (SELECT 1 FROM sent_reminder r WHERE r.district_id = a.district_id AND r.subject_id = a.id
                           AND r.staff_member_id = p.id AND r.kind = CASE WHEN a.due_on < today.d THEN 'ACTION_OVERDUE' ELSE 'ACTION_DUE' END)
        ORDER BY a.due_on LIMIT $3::int`,
    [districtId, timezone, BATCH],
  );
  for (const a of actions) {
    const link = settings.publicUrl ? `${settings.publicUrl}/#/actions` : null;
    await deliver(
      a.overdue ? 'ACTION_OVERDUE' : 'ACTION_DUE',
      { type: 'ActionItem', id: a.id },
      { id: a.staff_member_id, name: a.person_name, email: a.person_email },
      actionMessage(a.overdue ? 'OVERDUE' : 'DUE', a.due_on, a.title, a.person_name, link),
    );
  }
  return sent;
}

export const runReminders: JobHandler = async (_payload, { deps, abortSignal }) => {
  const districts: { id: string }[] = await withTenantTransaction(
    deps.dataSource,
    { districtId: null, platformOperator: true },
    (m) => m.query(`SELECT id FROM district WHERE status = 'ACTIVE' ORDER BY id`),
  );
  for (const d of districts) {
    if (abortSignal.aborted) return;
    await withTenantTransaction(deps.dataSource, { districtId: d.id }, (m) => sendReminders(m, d.id, deps.mail));
  }
};
