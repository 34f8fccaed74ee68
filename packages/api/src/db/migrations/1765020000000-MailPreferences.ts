import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

const KINDS_BEFORE = `'INVITATION', 'SESSION_REMINDER', 'LOG_NUDGE', 'RATE_NUDGE', 'ACTION_DUE', 'ACTION_OVERDUE'`;
const KINDS = `${KINDS_BEFORE}, 'DAILY_DIGEST', 'WEEKLY_DIGEST'`;
const REMINDER_KINDS = `'SESSION_REMINDER', 'LOG_NUDGE', 'RATE_NUDGE', 'ACTION_DUE', 'ACTION_OVERDUE', 'DAILY_DIGEST', 'WEEKLY_DIGEST'`;

/** Quiet hours: none, or a start and a different end. */
const QUIET_PAIR = `(quiet_start IS NULL AND quiet_end IS NULL) OR (quiet_start IS NOT NULL AND quiet_end IS NOT NULL AND quiet_start <> quiet_end)`;

const MAIL_EVENTS = `'session.scheduled', 'session.rescheduled', 'session.cancelled', 'conversation.updated'`;

/** The outbox trigger that hands mail the events it follows (first in 1764930000000). */
const mailTrigger = (types: string) => `
  CREATE OR REPLACE FUNCTION outbox_event_mail() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  BEGIN
    IF NEW.type IN (${types}) THEN
      PERFORM graphile_worker.add_job(
        'mail.event',
        json_build_object('districtId', NEW.district_id, 'eventId', NEW.id),
        max_attempts => 25);
    END IF;
    RETURN NULL;
  END
  $$`;

/**
 * Mail as people want it (issue 13; docs/calendars-and-mail.md): district defaults, personal preferences, quiet hours,
 * the daily digest, Spanish, nudges repeated until done, a per-district send rate, and demo districts kept quiet.
 *
 * - `mail_setting`: the district's quiet hours (local times in the district's zone; both or neither), whether people
 *   get a daily digest instead of single reminders unless they say otherwise, the digest's local hour, the default
 *   language of messages, the most messages the district sends through SMTP in an hour, and `outbox_only` (messages
 *   stay in the outbox even when SMTP is configured: the demo districts' default, until someone asks for delivery).
 * - `mail_kind_setting`: the district's default for each kind: ON (unless a person turns it off), OPT_IN (only for
 *   those who turn it on), OFF (nobody gets it).
 * - `mail_profile`: a person's language, time zone (null: the district's), quiet hours (their own, or the district's)
 *   and digest choice (null: the district's default).
 * - `mail_message.deferred_until`: held back to the end of the recipient's quiet hours; `language`; `claimed_at`,
 *   when a worker took it towards SMTP (what the per-district hourly bound counts).
 * - `mail_digest_item`: a reminder kept for the recipient's daily digest (one line, non-confidential by construction,
 *   rendered in their language) and the digest message that carried it.
 * - `sent_reminder.round`: nudges repeat until done (an overdue action weekly, an unlogged session every other day);
 *   each round is sent once, across every worker. Digests use it too (the local date or week).
 * - Mail follows `conversation.created` too: a newly planned conversation's invitations go out at once.
 * - New kinds: DAILY_DIGEST, and WEEKLY_DIGEST, kept for the school leader's weekly digest (not sent yet).
 */
export class MailPreferences1765020000000 implements MigrationInterface {
  name = 'MailPreferences1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE mail_setting
        ADD COLUMN quiet_start time,
        ADD COLUMN quiet_end time,
        ADD COLUMN digest_default boolean NOT NULL DEFAULT false,
        ADD COLUMN digest_hour smallint NOT NULL DEFAULT 7 CHECK (digest_hour BETWEEN 0 AND 23),
        ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
        ADD COLUMN hourly_limit integer NOT NULL DEFAULT 500 CHECK (hourly_limit BETWEEN 1 AND 100000),
        ADD COLUMN outbox_only boolean NOT NULL DEFAULT false,
        ADD CHECK (${QUIET_PAIR})`);

    await q.query(`
      CREATE TABLE mail_kind_setting (
        district_id uuid NOT NULL REFERENCES district(id),
        kind text NOT NULL CHECK (kind IN (${KINDS})),
        mode text NOT NULL CHECK (mode IN ('ON', 'OPT_IN', 'OFF')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, kind)
      )`);
    await protectTenantTable(q, 'mail_kind_setting', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE mail_profile (
        district_id uuid NOT NULL REFERENCES district(id),
        staff_member_id uuid NOT NULL,
        language text CHECK (language IN ('en', 'es')),
        timezone text CHECK (length(timezone) BETWEEN 1 AND 64),
        own_quiet_hours boolean NOT NULL DEFAULT false,
        quiet_start time,
        quiet_end time,
        digest boolean,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, staff_member_id),
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id),
        CHECK (${QUIET_PAIR}),
        CHECK (own_quiet_hours OR quiet_start IS NULL)
      )`);
    await protectTenantTable(q, 'mail_profile', 'SELECT, INSERT, UPDATE');

    // The kind checks, widened (dropped by their generated names, added again unnamed).
    await q.query(`ALTER TABLE mail_message DROP CONSTRAINT mail_message_kind_check`);
    await q.query(`ALTER TABLE mail_message ADD CHECK (kind IN (${KINDS}))`);
    await q.query(`ALTER TABLE mail_preference DROP CONSTRAINT mail_preference_kind_check`);
    await q.query(`ALTER TABLE mail_preference ADD CHECK (kind IN (${KINDS}))`);
    await q.query(`ALTER TABLE sent_reminder DROP CONSTRAINT sent_reminder_kind_check`);
    await q.query(`ALTER TABLE sent_reminder ADD CHECK (kind IN (${REMINDER_KINDS}))`);

    await q.query(`
      ALTER TABLE mail_message
        ADD COLUMN deferred_until timestamptz,
        ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
        ADD COLUMN claimed_at timestamptz`);
    await q.query(
      `CREATE INDEX mail_message_claimed_idx ON mail_message (district_id, claimed_at) WHERE claimed_at IS NOT NULL`,
    );

    await q.query(`ALTER TABLE sent_reminder ADD COLUMN round integer NOT NULL DEFAULT 0 CHECK (round >= 0)`);
    await q.query(`ALTER TABLE sent_reminder DROP CONSTRAINT sent_reminder_pkey`);
    await q.query(`ALTER TABLE sent_reminder ADD PRIMARY KEY (district_id, kind, subject_id, staff_member_id, round)`);

    await q.query(`
      CREATE TABLE mail_digest_item (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        staff_member_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN (${KINDS_BEFORE})),
        subject_type text NOT NULL CHECK (subject_type ~ '^[A-Za-z]{1,60}$'),
        subject_id uuid NOT NULL,
        line text NOT NULL CHECK (length(line) BETWEEN 1 AND 600),
        link text CHECK (length(link) <= 600),
        created_at timestamptz NOT NULL DEFAULT now(),
        message_id uuid,
        PRIMARY KEY (id),
        CONSTRAINT mail_digest_item_tenant_key UNIQUE (district_id, id),
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id),
        FOREIGN KEY (district_id, message_id) REFERENCES mail_message (district_id, id)
      )`);
    await q.query(
      `CREATE INDEX mail_digest_item_waiting_idx ON mail_digest_item (district_id, staff_member_id) WHERE message_id IS NULL`,
    );
    await protectTenantTable(q, 'mail_digest_item', 'SELECT, INSERT, UPDATE, DELETE');
    await q.query(mailTrigger(`'conversation.created', ${MAIL_EVENTS}`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(mailTrigger(MAIL_EVENTS));
    await q.query(`DROP TABLE IF EXISTS mail_digest_item`);
    await q.query(`DELETE FROM sent_reminder WHERE round > 0 OR kind IN ('DAILY_DIGEST', 'WEEKLY_DIGEST')`);
    await q.query(`ALTER TABLE sent_reminder DROP CONSTRAINT sent_reminder_pkey`);
    await q.query(`ALTER TABLE sent_reminder ADD PRIMARY KEY (district_id, kind, subject_id, staff_member_id)`);
    await q.query(`ALTER TABLE sent_reminder DROP COLUMN round`);
    await q.query(`ALTER TABLE mail_message DROP COLUMN deferred_until, DROP COLUMN language, DROP COLUMN claimed_at`);
    await q.query(`DELETE FROM mail_message WHERE kind IN ('DAILY_DIGEST', 'WEEKLY_DIGEST')`);
    await q.query(`DELETE FROM mail_preference WHERE kind IN ('DAILY_DIGEST', 'WEEKLY_DIGEST')`);
    await q.query(`DROP TABLE IF EXISTS mail_profile`);
    await q.query(`DROP TABLE IF EXISTS mail_kind_setting`);
    await q.query(`
      ALTER TABLE mail_setting DROP COLUMN quiet_start, DROP COLUMN quiet_end, DROP COLUMN digest_default,
        DROP COLUMN digest_hour, DROP COLUMN language, DROP COLUMN hourly_limit, DROP COLUMN outbox_only`);
  }
}
