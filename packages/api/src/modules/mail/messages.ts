import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import { addJob, type JobHandler } from '../../jobs/queue';
import { finish, type Draft, type Lang } from './templates';
import { mailLinkKey, signUnsubscribe, TOKEN_SLOT } from './unsubscribe-token';

/**
 * The one way mail leaves: `queueMessage` records a `mail_message` (the delivery log, and the outbox without SMTP)
 * and adds a `mail.send` job in the same transaction; `mail.send` delivers it through SMTP (nodemailer, SMTP_URL),
 * or, with no SMTP_URL, keeps it in the outbox for the portal. A failed SMTP attempt is retried by the queue with
 * exponential backoff (graphile-worker: about 3 s, 7 s, 20 s, 55 s … up to SEND_ATTEMPTS), then FAILED. Nothing of a
 * message's content is ever logged, and once sent through SMTP its body is cleared from the log.
 *
 * A message due inside the recipient's quiet hours waits for their end (`deferred_until`, the job's run time). A
 * district sends at most `mail_setting.hourly_limit` messages an hour through SMTP (the rest wait for the next
 * hour's room), and a district with `outbox_only` (the demo districts, until asked) keeps its mail in the outbox.
 */

export const SEND_TASK = 'mail.send';
export const SEND_ATTEMPTS = 12;
/** Messages a district sends through SMTP in an hour unless it says otherwise (mail_setting.hourly_limit). */
export const DEFAULT_HOURLY_LIMIT = 500;

export const MailKind = {
  INVITATION: 'INVITATION',
  SESSION_REMINDER: 'SESSION_REMINDER',
  LOG_NUDGE: 'LOG_NUDGE',
  RATE_NUDGE: 'RATE_NUDGE',
  ACTION_DUE: 'ACTION_DUE',
  ACTION_OVERDUE: 'ACTION_OVERDUE',
  DAILY_DIGEST: 'DAILY_DIGEST',
  /** The school leader's weekly digest of their schools (weekly-digest.ts). */
  WEEKLY_DIGEST: 'WEEKLY_DIGEST',
} as const;
export type MailKind = (typeof MailKind)[keyof typeof MailKind];
export const MAIL_KINDS = Object.values(MailKind);
/** Kinds a person may take in their daily digest instead of one message each. */
export const DIGESTIBLE_KINDS: readonly MailKind[] = [
  MailKind.SESSION_REMINDER,
  MailKind.LOG_NUDGE,
  MailKind.RATE_NUDGE,
  MailKind.ACTION_DUE,
  MailKind.ACTION_OVERDUE,
];

/** A district's default for a kind: ON (unless a person turns it off), OPT_IN (only if they turn it on), OFF. */
export const KindMode = { ON: 'ON', OPT_IN: 'OPT_IN', OFF: 'OFF' } as const;
export type KindMode = (typeof KindMode)[keyof typeof KindMode];

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
  draft: Draft;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Held back until then (the end of the recipient's quiet hours). */
  deferredUntil?: Date | null;
  /** The public origin (PUBLIC_URL) for the unsubscribe link in the body; null: none. */
  publicUrl: string | null;
}

/** What a recipient gets of one kind, and how: from their preferences over the district's defaults. */
export interface RecipientOptions {
  /** Active, the district has not turned the kind off, and the person takes it (their choice, else the default). */
  send: boolean;
  lang: Lang;
  /** The zone times are written and quiet hours read in: the person's, else the district's. */
  timezone: string;
  /** Reminders gathered into one message a day instead of single ones (the person's choice, else the district's). */
  digest: boolean;
  /** Inside quiet hours: when they end (the message waits until then); null otherwise. */
  quietUntil: Date | null;
}

/**
 * The recipient's options for a kind of mail, at `at` (now by default). Quiet hours are local wall times in the
 * person's zone (else the district's); a span that crosses midnight (21:00–07:00) counts across it.
 */
export async function recipientOptions(
  m: EntityManager,
  districtId: string,
  staffId: string,
  kind: MailKind,
  at: Date | null = null,
): Promise<RecipientOptions> {
  const [row] = await m.query(
    `WITH x AS (
       SELECT p.active,
              coalesce(k.mode, 'ON') AS mode,
              pr.enabled AS chosen,
              coalesce(mp.language, ms.language, 'en') AS lang,
              coalesce(mp.timezone, d.timezone) AS zone,
              coalesce(mp.digest, ms.digest_default, false) AND coalesce(kd.mode, 'ON') <> 'OFF' AS digest,
              CASE WHEN mp.own_quiet_hours THEN mp.quiet_start ELSE ms.quiet_start END AS qs,
              CASE WHEN mp.own_quiet_hours THEN mp.quiet_end ELSE ms.quiet_end END AS qe,
              coalesce($4::timestamptz, now()) AS at
         FROM staff_member p
         JOIN district d ON d.id = p.district_id
         LEFT JOIN mail_setting ms ON ms.district_id = p.district_id
         LEFT JOIN mail_profile mp ON mp.district_id = p.district_id AND mp.staff_member_id = p.id
         LEFT JOIN mail_kind_setting k ON k.district_id = p.district_id AND k.kind = $3
         LEFT JOIN mail_kind_setting kd ON kd.district_id = p.district_id AND kd.kind = 'DAILY_DIGEST'
         LEFT JOIN mail_preference pr ON pr.district_id = p.district_id AND pr.staff_member_id = p.id AND pr.kind = $3
        WHERE p.district_id = $1 AND p.id = $2),
     l AS (SELECT x.*, (x.at AT TIME ZONE x.zone) AS local FROM x)
     SELECT active AND mode <> 'OFF' AND coalesce(chosen, mode = 'ON') AS send, lang, zone, digest,
            CASE WHEN qs IS NOT NULL
                  AND CASE WHEN qs < qe THEN local::time >= qs AND local::time < qe
                           ELSE local::time >= qs OR local::time < qe END
                 THEN (CASE WHEN local::time < qe THEN local::date + qe ELSE local::date + 1 + qe END) AT TIME ZONE zone
            END AS quiet_until
       FROM l`,
    [districtId, staffId, kind, at],
  );
  if (!row) return { send: false, lang: 'en', timezone: 'UTC', digest: false, quietUntil: null };
  return {
    send: Boolean(row.send),
    lang: row.lang === 'es' ? 'es' : 'en',
    timezone: row.zone,
    digest: Boolean(row.digest),
    quietUntil: row.quiet_until ? new Date(row.quiet_until) : null,
  };
}

/** Whether the person takes this kind of mail: active, not turned off by the district, and not opted out. */
export async function wantsMail(
  m: EntityManager,
  districtId: string,
  staffId: string,
  kind: MailKind,
): Promise<boolean> {
  return (await recipientOptions(m, districtId, staffId, kind)).send;
}

/** Records a message and its send job in the caller's transaction (the job waits for the end of quiet hours). */
export async function queueMessage(m: EntityManager, msg: QueuedMessage): Promise<string> {
  const id = randomUUID();
  // The signed link is made as the message is sent (sendMessage): the stored body holds a slot, never the token.
  const rendered = finish(msg.draft, unsubscribeUrl(msg.publicUrl, TOKEN_SLOT));
  await m.query(
    `INSERT INTO mail_message (id, district_id, staff_member_id, kind, subject_type, subject_id, to_address, subject,
       body_text, body_html, calendar, calendar_method, deferred_until, language)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      id,
      msg.districtId,
      msg.recipient.id,
      msg.kind,
      msg.subject.type,
      msg.subject.id,
      msg.recipient.email,
      rendered.subject.slice(0, 300),
      rendered.text,
      rendered.html,
      msg.calendar?.content ?? null,
      msg.calendar?.method ?? null,
      msg.deferredUntil ?? null,
      msg.draft.lang,
    ],
  );
  await addJob(
    m,
    SEND_TASK,
    { districtId: msg.districtId, messageId: id },
    { maxAttempts: SEND_ATTEMPTS, runAt: msg.deferredUntil ?? undefined },
  );
  return id;
}

interface StoredMessage {
  id: string;
  state: string;
  staff_member_id: string;
  kind: MailKind;
  /** A digest's carried kinds (what its unsubscribe link stops). */
  digest_kinds: MailKind[] | null;
  to_address: string;
  subject: string;
  body_text: string | null;
  body_html: string | null;
  calendar: string | null;
  calendar_method: 'REQUEST' | 'CANCEL' | null;
}

/** The one-click unsubscribe URL (RFC 8058) with a signed token (unsubscribe-token.ts), when the public origin is known. */
export function unsubscribeUrl(publicUrl: string | null, token: string): string | null {
  return publicUrl ? `${publicUrl}/mail/unsubscribe/${token}` : null;
}

/** The kinds a message's unsubscribe link stops: its own, or for the daily digest the kinds it carried. */
function unsubscribeKinds(message: StoredMessage): MailKind[] {
  return message.kind === MailKind.DAILY_DIGEST ? [...(message.digest_kinds ?? [])].sort() : [message.kind];
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
  const decision = await withTenantTransaction(dataSource, { districtId }, async (m) => {
    const [row]: (StoredMessage & { claimed_recently: boolean })[] = await m.query(
      `SELECT id, state, staff_member_id, kind, to_address, subject, body_text, body_html, calendar, calendar_method,
              coalesce(claimed_at > now() - interval '1 hour', false) AS claimed_recently,
              (SELECT array_agg(DISTINCT i.kind) FROM mail_digest_item i
                WHERE i.district_id = mm.district_id AND i.message_id = mm.id) AS digest_kinds
         FROM mail_message mm WHERE district_id = $1 AND id = $2 FOR UPDATE OF mm`,
      [districtId, messageId],
    );
    if (!row || row.state !== 'PENDING') return { kind: 'done' as const };
    const [setting] = await m.query(`SELECT outbox_only, hourly_limit FROM mail_setting WHERE district_id = $1`, [
      districtId,
    ]);
    if (!mail.smtpUrl || setting?.outbox_only) {
      await m.query(`UPDATE mail_message SET state = 'OUTBOX' WHERE district_id = $1 AND id = $2`, [
        districtId,
        messageId,
      ]);
      return { kind: 'outbox' as const, mailKind: row.kind };
    }
    if (!row.claimed_recently) {
      // The district's hourly bound, counted under a per-district lock so concurrent workers share it.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('mail-rate:' || $1::text))`, [districtId]);
      const [{ n, room_at: roomAt }] = await m.query(
        `SELECT count(*)::int AS n, min(claimed_at) + interval '1 hour' AS room_at FROM mail_message
          WHERE district_id = $1 AND claimed_at > now() - interval '1 hour'`,
        [districtId],
      );
      if (n >= (setting?.hourly_limit ?? DEFAULT_HOURLY_LIMIT)) {
        await addJob(
          m,
          SEND_TASK,
          { districtId, messageId },
          { maxAttempts: SEND_ATTEMPTS, runAt: new Date(roomAt), jobKey: `${SEND_TASK}:${messageId}` },
        );
        return { kind: 'later' as const, mailKind: row.kind };
      }
      await m.query(`UPDATE mail_message SET claimed_at = now() WHERE district_id = $1 AND id = $2`, [
        districtId,
        messageId,
      ]);
    }
    return { kind: 'send' as const, message: row };
  });
  if (decision.kind === 'outbox' && !mail.smtpUrl && !disabledSaid) {
    logger.info('mail is disabled (no SMTP_URL): messages are kept in the outbox the portal shows');
    disabledSaid = true;
  }
  if (decision.kind === 'outbox') run.deps.outcomes?.mail(kindLabel(decision.mailKind), 'outbox');
  if (decision.kind === 'later') run.deps.outcomes?.mail(kindLabel(decision.mailKind), 'deferred');
  if (decision.kind !== 'send' || !mail.smtpUrl) return;
  const { message } = decision;
  const smtpUrl = mail.smtpUrl;
  const kinds = unsubscribeKinds(message);
  const unsubscribe =
    mail.publicUrl && kinds.length > 0
      ? unsubscribeUrl(
          mail.publicUrl,
          signUnsubscribe(await mailLinkKey(dataSource), { districtId, staffMemberId: message.staff_member_id, kinds }),
        )
      : null;
  // The slot the stored body holds becomes the signed link's token.
  const withLink = (body: string | null) =>
    body === null ? null : unsubscribe ? body.split(TOKEN_SLOT).join(unsubscribe.split('/').pop()!) : body;
  let error: string | null = null;
  try {
    await transportFor(smtpUrl).sendMail({
      from: mail.from,
      to: message.to_address,
      subject: message.subject,
      text: withLink(message.body_text) ?? '',
      html: withLink(message.body_html) ?? undefined,
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
  run.deps.outcomes?.mail(kindLabel(message.kind), error ? (last ? 'gave_up' : 'retry') : 'delivered');
  // The queue retries with backoff; the error names no recipient and no content.
  if (error && !last) throw new Error(`${error}; it will be retried`);
};

/** A mail kind as a metrics label: one of MAIL_KINDS, never anything a row could make up. */
function kindLabel(kind: string): string {
  return (MAIL_KINDS as readonly string[]).includes(kind) ? kind : 'other';
}
