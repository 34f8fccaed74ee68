import type { EntityManager } from 'typeorm';
import { DIGESTIBLE_KINDS, MailKind, queueMessage, recipientOptions, type Recipient } from './messages';
import type { Audience, Draft } from './templates';

/**
 * One reminder or nudge to one person, sent once per round: their options decide whether it goes at all (active,
 * the district's default for the kind, their choice), in which language and zone it is written, and whether it goes
 * now (or at the end of their quiet hours) or waits for their daily digest. `sent_reminder` (kind + subject + person +
 * round) is inserted in the same transaction, so concurrent workers and repeated runs never send it twice.
 */
export async function deliverReminder(
  m: EntityManager,
  r: {
    districtId: string;
    kind: MailKind;
    subject: { type: string; id: string };
    /** Nudges repeat until done: each round once (0 for a one-off). */
    round?: number;
    recipient: Recipient;
    draft: (audience: Audience) => Draft;
    publicUrl: string | null;
  },
): Promise<boolean> {
  const options = await recipientOptions(m, r.districtId, r.recipient.id, r.kind);
  if (!options.send) return false;
  const claimed: unknown[] = await m.query(
    `INSERT INTO sent_reminder (district_id, kind, subject_id, staff_member_id, round) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING subject_id`,
    [r.districtId, r.kind, r.subject.id, r.recipient.id, r.round ?? 0],
  );
  if (claimed.length === 0) return false;
  const draft = r.draft({ who: r.recipient.name, lang: options.lang, timezone: options.timezone });
  if (options.digest && DIGESTIBLE_KINDS.includes(r.kind)) {
    await m.query(
      `INSERT INTO mail_digest_item (district_id, staff_member_id, kind, subject_type, subject_id, line, link)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.districtId, r.recipient.id, r.kind, r.subject.type, r.subject.id, draft.subject.slice(0, 600), draft.link],
    );
    return true;
  }
  await queueMessage(m, {
    districtId: r.districtId,
    kind: r.kind,
    recipient: r.recipient,
    subject: r.subject,
    draft,
    deferredUntil: options.quietUntil,
    publicUrl: r.publicUrl,
  });
  return true;
}
