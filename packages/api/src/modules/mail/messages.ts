import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import { addJob, type JobHandler, type MailSettings } from '../../jobs/queue';
import type { Rendered } from './templates';

/**
 * The one way mail leaves: `queueMessage` records a `mail_message` (the delivery log, and the outbox without SMTP)
 * and adds a `mail.send` job in the same transaction; `mail.send` delivers it through SMTP (nodemailer, SMTP_URL),
 * or, with no SMTP_URL, keeps it in the outbox for the portal. A failed SMTP attempt is retried by the queue with
 * exponential backoff (graphile-worker: about 3 s, 7 s, 20 s, 55 s … up to SEND_ATTEMPTS), then FAILED. Nothing of a
 * message's content is ever logged, and once sent through SMTP its body is cleared from the log.
 */

export const SEND_TASK = 'mail.send';
export const SEND_ATTEMPTS = 12;

export const MailKind = {
  INVITATION: 'INVITATION',
  SESSION_REMINDER: 'SESSION_REMINDER',
  LOG_NUDGE: 'LOG_NUDGE',
  RATE_NUDGE: 'RATE_NUDGE',
  ACTION_DUE: 'ACTION_DUE',
  ACTION_OVERDUE: 'ACTION_OVERDUE',
} as const;
export type MailKind = (typeof MailKind)[keyof typeof MailKind];
export const MAIL_KINDS = Object.values(MailKind);

export interface Recipient {
  id: string;
  name: string;
  email: string;
}

export interface QueuedMessage {
  districtId: string;
  kind: MailKind;
  recipient: Recipient;
  subject: { type: string; id: string };
  rendered: Rendered;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/** Whether the person takes this kind of mail: active, and not opted out. */
export async function wantsMail(
  m: EntityManager,
  districtId: string,
  staffId: string,
  kind: MailKind,
): Promise<boolean> {
  const [row] = await m.query(
    `SELECT p.active AND coalesce((SELECT enabled FROM mail_preference mp
                                    WHERE mp.district_id = p.district_id AND mp.staff_member_id = p.id AND mp.kind = $3), true) AS ok
       FROM staff_member p WHERE p.district_id = $1 AND p.id = $2`,
    [districtId, staffId, kind],
  );
  return Boolean(row?.ok);
}

/** Records a message and its send job in the caller's transaction. */
export async function queueMessage(m: EntityManager, msg: QueuedMessage): Promise<string> {
  const [row]: { id: string }[] = await m.query(
    `INSERT INTO mail_message (district_id, staff_member_id, kind, subject_type, subject_id, to_address, subject,
       body_text, body_html, calendar, calendar_method)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      msg.districtId,
      msg.recipient.id,
      msg.kind,
      msg.subject.type,
      msg.subject.id,
      msg.recipient.email,
      msg.rendered.subject.slice(0, 300),
      msg.rendered.text,
      msg.rendered.html,
      msg.calendar?.content ?? null,
      msg.calendar?.method ?? null,
    ],
  );
  await addJob(m, SEND_TASK, { districtId: msg.districtId, messageId: row.id }, { maxAttempts: SEND_ATTEMPTS });
  return row.id;
}

interface StoredMessage {
  id: string;
  state: string;
  to_address: string;
  subject: string;
  body_text: string | null;
  body_html: string | null;
  calendar: string | null;
  calendar_method: 'REQUEST' | 'CANCEL' | null;
}

/** The one-click unsubscribe URL of a message (RFC 8058), when the public origin is known. */
export function unsubscribeUrl(settings: MailSettings, messageId: string): string | null {
  return settings.publicUrl ? `${settings.publicUrl}/mail/unsubscribe/${messageId}` : null;
}

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let disabledSaid = false;

export const sendMessage: JobHandler = async (payload, run) => {
  const p = (payload ?? {}) as Record<string, unknown>;
  if (
    typeof p.districtId !== 'string' ||
    !UUID.test(p.districtId) ||
    typeof p.messageId !== 'string' ||
    !UUID.test(p.messageId)
  )
    throw new Error('mail.send without districtId or messageId');
  const districtId = p.districtId;
  const messageId = p.messageId;
  const { dataSource, logger, mail } = run.deps;
  const message = await withTenantTransaction(dataSource, { districtId }, async (m) => {
    const [row]: StoredMessage[] = await m.query(
      `SELECT id, state, to_address, subject, body_text, body_html, calendar, calendar_method
         FROM mail_message WHERE district_id = $1 AND id = $2`,
      [districtId, messageId],
    );
    return row ?? null;
  });
  if (!message || message.state !== 'PENDING') return;
  if (!mail.smtpUrl) {
    if (!disabledSaid) logger.info('mail is disabled (no SMTP_URL): messages are kept in the outbox the portal shows');
    disabledSaid = true;
    await withTenantTransaction(dataSource, { districtId }, (m) =>
      m.query(`UPDATE mail_message SET state = 'OUTBOX' WHERE district_id = $1 AND id = $2 AND state = 'PENDING'`, [
        districtId,
        messageId,
      ]),
    );
    return;
  }
  const unsubscribe = unsubscribeUrl(mail, messageId);
  let error: string | null = null;
  try {
    await transportFor(mail.smtpUrl).sendMail({
      from: mail.from,
      to: message.to_address,
      subject: message.subject,
      text: message.body_text ?? '',
      html: message.body_html ?? undefined,
      headers: unsubscribe
        ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : {},
      ...(message.calendar && message.calendar_method
        ? { icalEvent: { method: message.calendar_method, filename: 'invite.ics', content: message.calendar } }
        : {}),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    error = `SMTP delivery failed${code && /^[A-Z_]{2,40}$/.test(code) ? ` (${code})` : ''}`;
  }
  const last = run.attempts >= SEND_ATTEMPTS;
  await withTenantTransaction(dataSource, { districtId }, (m) =>
    error
      ? m.query(
          `UPDATE mail_message SET attempt_count = attempt_count + 1, last_error = $3, state = CASE WHEN $4 THEN 'FAILED' ELSE state END
            WHERE district_id = $1 AND id = $2 AND state = 'PENDING'`,
          [districtId, messageId, error, last],
        )
      : m.query(
          `UPDATE mail_message SET attempt_count = attempt_count + 1, last_error = NULL, state = 'SENT', sent_at = now(),
                  body_text = NULL, body_html = NULL, calendar = NULL
            WHERE district_id = $1 AND id = $2 AND state = 'PENDING'`,
          [districtId, messageId],
        ),
  );
  // The queue retries with backoff; the error names no recipient and no content.
  if (error && !last) throw new Error(`${error}; it will be retried`);
};
