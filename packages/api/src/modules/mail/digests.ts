import type { EntityManager } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import { eachActiveDistrict } from './each-district';
import type { JobHandler, MailSettings } from '../../jobs/queue';
import { MailKind, queueMessage, recipientOptions } from './messages';
import { dailyDigestMessage } from './templates';

/**
 * The daily digest, for people who take their reminders in one message a day (their choice, else the district's
 * default). Reminders for them are kept as `mail_digest_item` lines (deliver.ts); every 15 minutes this task sends
 * each such person, once their local time has reached the district's digest hour, one message with what is waiting.
 * Once per local day: `sent_reminder` (DAILY_DIGEST, the person, round = the local date as YYYYMMDD) is inserted in
 * the transaction that queues the digest and marks its lines, so two workers never send it twice and a crash before
 * the commit leaves the lines waiting for the next run. Quiet hours still apply (the digest waits for their end).
 */

export const DIGEST_TASK = 'mail.digests';

export async function sendDigests(m: EntityManager, districtId: string, settings: MailSettings): Promise<number> {
  const due: { staff_member_id: string; given_name: string; email: string; day: number }[] = await m.query(
    `WITH waiting AS (SELECT DISTINCT staff_member_id FROM mail_digest_item WHERE district_id = $1 AND message_id IS NULL)
     SELECT p.id AS staff_member_id, p.given_name, p.email, to_char(l.local, 'YYYYMMDD')::int AS day
       FROM waiting w
       JOIN staff_member p ON p.district_id = $1 AND p.id = w.staff_member_id
       JOIN district d ON d.id = p.district_id
       LEFT JOIN mail_setting ms ON ms.district_id = p.district_id
       LEFT JOIN mail_profile mp ON mp.district_id = p.district_id AND mp.staff_member_id = p.id
       CROSS JOIN LATERAL (SELECT now() AT TIME ZONE coalesce(mp.timezone, d.timezone) AS local) l
      WHERE extract(hour FROM l.local) >= coalesce(ms.digest_hour, 7)
        AND NOT EXISTS (SELECT 1 FROM sent_reminder r WHERE r.district_id = p.district_id AND r.kind = 'DAILY_DIGEST'
                         AND r.subject_id = p.id AND r.staff_member_id = p.id
                         AND r.round = to_char(l.local, 'YYYYMMDD')::int)
      ORDER BY p.id`,
    [districtId],
  );
  let sent = 0;
  for (const person of due) {
    const claimed: unknown[] = await m.query(
      `INSERT INTO sent_reminder (district_id, kind, subject_id, staff_member_id, round) VALUES ($1, 'DAILY_DIGEST', $2, $2, $3)
       ON CONFLICT DO NOTHING RETURNING subject_id`,
      [districtId, person.staff_member_id, person.day],
    );
    if (claimed.length === 0) continue;
    const items: { id: string; line: string; link: string | null }[] = await m.query(
      `SELECT id, line, link FROM mail_digest_item WHERE district_id = $1 AND staff_member_id = $2 AND message_id IS NULL
        ORDER BY created_at, id FOR UPDATE`,
      [districtId, person.staff_member_id],
    );
    if (items.length === 0) continue;
    const options = await recipientOptions(m, districtId, person.staff_member_id, MailKind.DAILY_DIGEST);
    const recipient = { id: person.staff_member_id, name: person.given_name, email: person.email };
    const messageId = options.send
      ? await queueMessage(m, {
          districtId,
          kind: MailKind.DAILY_DIGEST,
          recipient,
          subject: { type: 'StaffMember', id: person.staff_member_id },
          draft: dailyDigestMessage(
            items.map((i) => ({ line: i.line, link: i.link })),
            { who: person.given_name, lang: options.lang, timezone: options.timezone },
          ),
          deferredUntil: options.quietUntil,
          publicUrl: settings.publicUrl,
        })
      : null;
    // Lines of someone who no longer takes mail (inactive, or the district turned digests off) are dropped with it.
    if (messageId)
      await m.query(`UPDATE mail_digest_item SET message_id = $3 WHERE district_id = $1 AND id = ANY($2::uuid[])`, [
        districtId,
        items.map((i) => i.id),
        messageId,
      ]);
    else
      await m.query(
        `DELETE FROM mail_digest_item WHERE district_id = $1 AND id = ANY($2::uuid[]) AND message_id IS NULL`,
        [districtId, items.map((i) => i.id)],
      );
    if (messageId) sent += 1;
  }
  return sent;
}

export const runDigests: JobHandler = (_payload, { deps, abortSignal }) =>
  eachActiveDistrict(deps, abortSignal, (districtId) =>
    withTenantTransaction(deps.dataSource, { districtId }, (m) => sendDigests(m, districtId, deps.mail)),
  );
