import type { EntityManager } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import { eachActiveDistrict } from './each-district';
import type { JobHandler, MailSettings } from '../../jobs/queue';
import {
  calendarText,
  SESSION_EVENT_COLUMNS,
  SESSION_EVENT_JOINS,
  sessionCalendar,
  sessionLink,
  type SessionEventRow,
} from '../calendar-feed/session-events';
import { MailKind, queueMessage, recipientOptions } from './messages';
import { invitationMessage, type InvitationKind } from './templates';

/**
 * Invitations, updates and cancellations (iTIP, RFC 5546), one per session and person, with the feed's UID and
 * SEQUENCE. Per-session events rather than one RRULE series: sessions skip non-school days, are cancelled, moved and
 * logged one by one, and a series with many EXDATE/RECURRENCE-ID exceptions is where Google Calendar and Outlook
 * disagree most; a single event per session is rendered the same everywhere, and its update or cancellation touches
 * that session only (docs/calendars-and-mail.md).
 *
 * `syncConversation` reconciles what each person was last sent (`session_invitation`) with the conversation's
 * upcoming sessions inside the invitation horizon: a new (session, person) → REQUEST; a higher SEQUENCE → REQUEST
 * (an update) or CANCEL when the session was cancelled; a session that is gone, or a person no longer expected →
 * CANCEL with SEQUENCE + 1. It runs on every outbox event about the conversation (mail.event) and daily for sessions
 * entering the horizon; it is idempotent, under a per-conversation lock.
 */

export const EVENT_TASK = 'mail.event';
export const INVITATION_SCAN_TASK = 'mail.invitation-scan';
/** How far ahead sessions are invited (the daily scan invites the next as they come into range). */
export const INVITATION_HORIZON_DAYS = 28;

interface Wanted extends SessionEventRow {
  staff_member_id: string;
  person_name: string;
  person_email: string;
  sent_sequence: number | null;
  sent_cancelled: boolean | null;
}

async function districtZone(m: EntityManager, districtId: string): Promise<string> {
  const [d] = await m.query(`SELECT timezone FROM district WHERE id = $1`, [districtId]);
  return d.timezone;
}

async function invitationsOn(m: EntityManager, districtId: string): Promise<boolean> {
  const [s] = await m.query(`SELECT invitations_enabled FROM mail_setting WHERE district_id = $1`, [districtId]);
  return s ? Boolean(s.invitations_enabled) : true;
}

export async function syncConversation(
  m: EntityManager,
  districtId: string,
  conversationId: string,
  settings: MailSettings,
  /** How far ahead sessions are invited (INVITATION_HORIZON_DAYS; a longer one for a conversation planned far out). */
  horizonDays: number = INVITATION_HORIZON_DAYS,
): Promise<number> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('mail-invitations:' || $1::text))`, [conversationId]);
  if (!(await invitationsOn(m, districtId))) return 0;
  const timezone = await districtZone(m, districtId);
  // Who should hold which session, and what they were last sent.
  const wanted: Wanted[] = await m.query(
    `WITH people AS (
       SELECT s.id AS session_id, c.facilitator_id AS staff_member_id
         FROM conversation_session s JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
        WHERE s.district_id = $1 AND s.conversation_id = $2
       UNION
       SELECT ep.session_id, ep.staff_member_id
         FROM session_expected_participant ep JOIN conversation_session s ON s.district_id = ep.district_id AND s.id = ep.session_id
        WHERE ep.district_id = $1 AND s.conversation_id = $2)
     SELECT ${SESSION_EVENT_COLUMNS}, p.id AS staff_member_id, p.given_name AS person_name, p.email AS person_email,
            si.sequence AS sent_sequence, si.cancelled AS sent_cancelled
       FROM conversation_session s ${SESSION_EVENT_JOINS}
       JOIN people pp ON pp.session_id = s.id
       JOIN staff_member p ON p.district_id = s.district_id AND p.id = pp.staff_member_id
       LEFT JOIN session_invitation si ON si.district_id = s.district_id AND si.session_id = s.id AND si.staff_member_id = p.id
      WHERE s.district_id = $1 AND s.conversation_id = $2 AND s.scheduled_at > now()
        AND (s.scheduled_at < now() + make_interval(days => $3::int) OR si.session_id IS NOT NULL)
      ORDER BY s.scheduled_at, p.id`,
    [districtId, conversationId, horizonDays],
  );
  let sent = 0;
  /** Whether the person takes invitations; if so, the message is queued (after their quiet hours, in their language). */
  const send = async (
    row: SessionEventRow,
    person: { id: string; name: string; email: string },
    kind: InvitationKind,
    sequence: number,
  ): Promise<void> => {
    const options = await recipientOptions(m, districtId, person.id, MailKind.INVITATION);
    if (!options.send) return;
    const method = kind === 'CANCEL' ? 'CANCEL' : 'REQUEST';
    const content = calendarText(
      sessionCalendar([row], {
        name: row.title,
        timezone,
        publicUrl: settings.publicUrl,
        method,
        attendee: { name: person.name, email: person.email },
        cancelled: kind === 'CANCEL',
        sequence,
      }),
    );
    await queueMessage(m, {
      districtId,
      kind: MailKind.INVITATION,
      recipient: person,
      subject: { type: 'ConversationSession', id: row.id },
      draft: invitationMessage(
        kind,
        row,
        { who: person.name, lang: options.lang, timezone: options.timezone },
        sessionLink(settings.publicUrl, row.id),
      ),
      calendar: { method, content },
      deferredUntil: options.quietUntil,
      publicUrl: settings.publicUrl,
    });
    sent += 1;
  };
  const record = (row: SessionEventRow, staffId: string, sequence: number, cancelled: boolean) =>
    m.query(
      `INSERT INTO session_invitation (district_id, session_id, staff_member_id, conversation_id, sequence, cancelled, scheduled_at, duration_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (district_id, session_id, staff_member_id) DO UPDATE
         SET sequence = EXCLUDED.sequence, cancelled = EXCLUDED.cancelled, scheduled_at = EXCLUDED.scheduled_at,
             duration_minutes = EXCLUDED.duration_minutes, updated_at = now()`,
      [districtId, row.id, staffId, conversationId, sequence, cancelled, row.scheduled_at, row.duration_minutes],
    );
  const live = new Set<string>();
  for (const w of wanted) {
    live.add(`${w.id}/${w.staff_member_id}`);
    const person = { id: w.staff_member_id, name: w.person_name, email: w.person_email };
    const cancelled = w.status === 'CANCELLED';
    if (w.sent_sequence === null) {
      if (cancelled || !(await recipientOptions(m, districtId, person.id, MailKind.INVITATION)).send) continue;
      await send(w, person, 'NEW', w.ical_sequence);
      await record(w, person.id, w.ical_sequence, false);
    } else if (w.sent_cancelled) {
      continue;
    } else if (w.ical_sequence > w.sent_sequence) {
      await send(w, person, cancelled ? 'CANCEL' : 'UPDATE', w.ical_sequence);
      await record(w, person.id, w.ical_sequence, cancelled);
    }
  }
  // Invitations whose session is gone, or whose person is no longer expected: cancel them.
  const stale: (SessionEventRow & {
    staff_member_id: string;
    person_name: string;
    person_email: string;
    sent: number;
  })[] = await m.query(
    `SELECT si.session_id AS id, si.scheduled_at, 'CANCELLED' AS status, si.sequence AS sent, si.sequence AS ical_sequence,
              now() AS ical_changed_at, si.duration_minutes, c.title, c.purpose, c.setting, c.protocol, c.evidence_to_bring,
              f.given_name || ' ' || f.family_name AS facilitator_name, f.email AS facilitator_email,
              p.id AS staff_member_id, p.given_name AS person_name, p.email AS person_email
         FROM session_invitation si
         JOIN learning_conversation c ON c.district_id = si.district_id AND c.id = si.conversation_id
         JOIN staff_member f ON f.district_id = c.district_id AND f.id = c.facilitator_id
         JOIN staff_member p ON p.district_id = si.district_id AND p.id = si.staff_member_id
        WHERE si.district_id = $1 AND si.conversation_id = $2 AND NOT si.cancelled AND si.scheduled_at > now()`,
    [districtId, conversationId],
  );
  for (const s of stale) {
    if (live.has(`${s.id}/${s.staff_member_id}`)) continue;
    const person = { id: s.staff_member_id, name: s.person_name, email: s.person_email };
    await send(s, person, 'CANCEL', s.sent + 1);
    await record(s, person.id, s.sent + 1, true);
  }
  return sent;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An outbox event about a session or a conversation: reconcile that conversation's invitations. */
export const onMailEvent: JobHandler = async (payload, { deps }) => {
  const p = (payload ?? {}) as Record<string, unknown>;
  if (
    typeof p.districtId !== 'string' ||
    !UUID.test(p.districtId) ||
    typeof p.eventId !== 'string' ||
    !UUID.test(p.eventId)
  )
    throw new Error('mail.event without districtId or eventId');
  const districtId = p.districtId;
  await withTenantTransaction(deps.dataSource, { districtId }, async (m) => {
    const [event] = await m.query(
      `SELECT e.subject_type, e.subject_id,
              CASE e.subject_type WHEN 'LearningConversation' THEN e.subject_id
                ELSE (SELECT s.conversation_id FROM conversation_session s WHERE s.district_id = e.district_id AND s.id = e.subject_id) END
                AS conversation_id
         FROM outbox_event e WHERE e.district_id = $1 AND e.id = $2`,
      [districtId, p.eventId],
    );
    if (!event?.conversation_id) return;
    await syncConversation(m, districtId, event.conversation_id, deps.mail);
  });
};

/** Daily (and at start): sessions coming into the invitation horizon. */
export const scanInvitations: JobHandler = (_payload, { deps, abortSignal }) =>
  eachActiveDistrict(deps, abortSignal, async (districtId) => {
    const conversations: { id: string }[] = await withTenantTransaction(deps.dataSource, { districtId }, (m) =>
      m.query(
        `SELECT DISTINCT conversation_id AS id FROM conversation_session
          WHERE district_id = $1 AND status = 'SCHEDULED' AND scheduled_at > now()
            AND scheduled_at < now() + make_interval(days => $2::int)`,
        [districtId, INVITATION_HORIZON_DAYS],
      ),
    );
    for (const c of conversations) {
      if (abortSignal.aborted) return;
      await withTenantTransaction(deps.dataSource, { districtId }, (m) =>
        syncConversation(m, districtId, c.id, deps.mail),
      );
    }
  });
