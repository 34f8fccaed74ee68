import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE, protectTenantTable } from './rls';

/**
 * Calendar feeds, mail and reminders (issue 13; docs/calendars-and-mail.md).
 *
 * - `conversation_session.ical_sequence` / `ical_changed_at`: the iCalendar SEQUENCE of a session and when it last
 *   changed for a calendar. A BEFORE UPDATE trigger bumps both when its time or status changes; an AFTER UPDATE
 *   trigger on `learning_conversation` bumps the recent and upcoming sessions of a conversation whose title, purpose,
 *   setting, duration, protocol or evidence to bring changed. Feeds and invitations use the same UID and SEQUENCE.
 * - `calendar_feed`: private feed URLs (a person's own sessions, a school's, a conversation's). Only the SHA-256 of
 *   the token is kept; revoking sets `revoked_at`. `calendar_feed_district(hash)` (SECURITY DEFINER) finds the
 *   district of a live token, so the unauthenticated feed route can then read under that district's RLS.
 *   `content_hash`/`content_modified_at` remember the last body served, for ETag and Last-Modified.
 * - `mail_setting`: a district's switches (invitations, reminders) and the lead time of the reminder before a session.
 * - `mail_preference`: a person's opt-outs, one row per kind.
 * - `mail_message`: the delivery log and, without SMTP, the outbox the portal shows. Bodies are rendered from our own
 *   templates out of non-confidential fields only; once sent through SMTP they are cleared.
 * - `session_invitation`: what each person was last sent for a session (SEQUENCE, cancelled), so invitations,
 *   updates and cancellations are sent once each; no key to the session, whose removal is what a cancellation reports.
 * - `sent_reminder`: one row per reminder sent (kind + subject + person): each is sent once, across every worker.
 * - An AFTER INSERT trigger on `outbox_event` adds a `mail.event` job for the event types mail follows.
 */
export class CalendarsAndMail1764930000000 implements MigrationInterface {
  name = 'CalendarsAndMail1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE conversation_session
        ADD COLUMN ical_sequence integer NOT NULL DEFAULT 0,
        ADD COLUMN ical_changed_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE FUNCTION conversation_session_ical_bump() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        IF NEW.scheduled_at IS DISTINCT FROM OLD.scheduled_at OR NEW.status IS DISTINCT FROM OLD.status THEN
          NEW.ical_sequence := OLD.ical_sequence + 1;
          NEW.ical_changed_at := clock_timestamp();
        END IF;
        RETURN NEW;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER conversation_session_ical_bump BEFORE UPDATE OF scheduled_at, status ON conversation_session
        FOR EACH ROW EXECUTE FUNCTION conversation_session_ical_bump()`);
    await q.query(`
      CREATE FUNCTION learning_conversation_ical_bump() RETURNS trigger
        LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        IF NEW.title IS DISTINCT FROM OLD.title OR NEW.purpose IS DISTINCT FROM OLD.purpose
           OR NEW.setting IS DISTINCT FROM OLD.setting OR NEW.duration_minutes IS DISTINCT FROM OLD.duration_minutes
           OR NEW.protocol IS DISTINCT FROM OLD.protocol OR NEW.evidence_to_bring IS DISTINCT FROM OLD.evidence_to_bring
        THEN
          UPDATE conversation_session
             SET ical_sequence = ical_sequence + 1, ical_changed_at = clock_timestamp()
           WHERE district_id = NEW.district_id AND conversation_id = NEW.id
             AND scheduled_at > now() - interval '70 days';
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER learning_conversation_ical_bump AFTER UPDATE ON learning_conversation
        FOR EACH ROW EXECUTE FUNCTION learning_conversation_ical_bump()`);

    await q.query(`
      CREATE TABLE calendar_feed (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        kind text NOT NULL CHECK (kind IN ('PERSON', 'SCHOOL', 'CONVERSATION')),
        staff_member_id uuid NOT NULL,
        school_id uuid,
        conversation_id uuid,
        token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        content_hash text CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        content_modified_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        PRIMARY KEY (id),
        CONSTRAINT calendar_feed_tenant_key UNIQUE (district_id, id),
        CONSTRAINT calendar_feed_token_key UNIQUE (token_hash),
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id),
        FOREIGN KEY (district_id, school_id) REFERENCES school (district_id, id),
        FOREIGN KEY (district_id, conversation_id) REFERENCES learning_conversation (district_id, id),
        CHECK ((kind = 'SCHOOL') = (school_id IS NOT NULL) AND (kind = 'CONVERSATION') = (conversation_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX calendar_feed_live_idx ON calendar_feed
        (district_id, staff_member_id, kind, coalesce(school_id, conversation_id, '00000000-0000-0000-0000-000000000000'))
        WHERE revoked_at IS NULL`);
    await protectTenantTable(q, 'calendar_feed', 'SELECT, INSERT, UPDATE');
    await q.query(`
      CREATE FUNCTION calendar_feed_district(p_token_hash text) RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT district_id FROM calendar_feed WHERE token_hash = p_token_hash AND revoked_at IS NULL
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION calendar_feed_district(text) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION calendar_feed_district(text) TO ${APP_GROUP_ROLE}`);

    await q.query(`
      CREATE TABLE mail_setting (
        district_id uuid NOT NULL REFERENCES district(id),
        invitations_enabled boolean NOT NULL DEFAULT true,
        reminders_enabled boolean NOT NULL DEFAULT true,
        reminder_lead_hours smallint NOT NULL DEFAULT 24 CHECK (reminder_lead_hours BETWEEN 1 AND 168),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id)
      )`);
    await protectTenantTable(q, 'mail_setting', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE mail_preference (
        district_id uuid NOT NULL REFERENCES district(id),
        staff_member_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('INVITATION', 'SESSION_REMINDER', 'LOG_NUDGE', 'RATE_NUDGE', 'ACTION_DUE', 'ACTION_OVERDUE')),
        enabled boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, staff_member_id, kind),
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id)
      )`);
    await protectTenantTable(q, 'mail_preference', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE mail_message (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        staff_member_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('INVITATION', 'SESSION_REMINDER', 'LOG_NUDGE', 'RATE_NUDGE', 'ACTION_DUE', 'ACTION_OVERDUE')),
        subject_type text NOT NULL CHECK (subject_type ~ '^[A-Za-z]{1,60}$'),
        subject_id uuid NOT NULL,
        to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
        body_text text CHECK (length(body_text) <= 20000),
        body_html text CHECK (length(body_html) <= 60000),
        calendar text CHECK (length(calendar) <= 60000),
        calendar_method text CHECK (calendar_method IN ('REQUEST', 'CANCEL')),
        state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'SENT', 'OUTBOX', 'FAILED')),
        attempt_count integer NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),
        last_error text CHECK (length(last_error) <= 300),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (id),
        CONSTRAINT mail_message_tenant_key UNIQUE (district_id, id),
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id)
      )`);
    await q.query(`CREATE INDEX mail_message_time_idx ON mail_message (district_id, created_at DESC)`);
    await q.query(
      `CREATE INDEX mail_message_person_idx ON mail_message (district_id, staff_member_id, created_at DESC)`,
    );
    await protectTenantTable(q, 'mail_message', 'SELECT, INSERT, UPDATE');
    // One-click unsubscribe (RFC 8058) names a message by its (random) id: which district it is in, nothing else.
    await q.query(`
      CREATE FUNCTION mail_message_district(p_id uuid) RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT district_id FROM mail_message WHERE id = p_id
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION mail_message_district(uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION mail_message_district(uuid) TO ${APP_GROUP_ROLE}`);

    await q.query(`
      CREATE TABLE session_invitation (
        district_id uuid NOT NULL REFERENCES district(id),
        session_id uuid NOT NULL,
        staff_member_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        sequence integer NOT NULL CHECK (sequence >= 0),
        cancelled boolean NOT NULL DEFAULT false,
        scheduled_at timestamptz NOT NULL,
        duration_minutes smallint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, session_id, staff_member_id),
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id),
        FOREIGN KEY (district_id, conversation_id) REFERENCES learning_conversation (district_id, id)
      )`);
    await q.query(
      `CREATE INDEX session_invitation_conversation_idx ON session_invitation (district_id, conversation_id)`,
    );
    await protectTenantTable(q, 'session_invitation', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE sent_reminder (
        district_id uuid NOT NULL REFERENCES district(id),
        kind text NOT NULL CHECK (kind IN ('SESSION_REMINDER', 'LOG_NUDGE', 'RATE_NUDGE', 'ACTION_DUE', 'ACTION_OVERDUE')),
        subject_id uuid NOT NULL,
        staff_member_id uuid NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, kind, subject_id, staff_member_id),
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id)
      )`);
    await protectTenantTable(q, 'sent_reminder', 'SELECT, INSERT');

    await q.query(`
      CREATE FUNCTION outbox_event_mail() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        IF NEW.type IN ('session.scheduled', 'session.rescheduled', 'session.cancelled', 'conversation.updated') THEN
          PERFORM graphile_worker.add_job(
            'mail.event',
            json_build_object('districtId', NEW.district_id, 'eventId', NEW.id),
            max_attempts => 25);
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION outbox_event_mail() FROM PUBLIC`);
    await q.query(`
      CREATE TRIGGER outbox_event_mail AFTER INSERT ON outbox_event
        FOR EACH ROW EXECUTE FUNCTION outbox_event_mail()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS outbox_event_mail ON outbox_event`);
    await q.query(`DROP FUNCTION IF EXISTS outbox_event_mail()`);
    for (const table of [
      'sent_reminder',
      'session_invitation',
      'mail_message',
      'mail_preference',
      'mail_setting',
      'calendar_feed',
    ])
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    await q.query(`DROP FUNCTION IF EXISTS mail_message_district(uuid)`);
    await q.query(`DROP FUNCTION IF EXISTS calendar_feed_district(text)`);
    await q.query(`DROP TRIGGER IF EXISTS learning_conversation_ical_bump ON learning_conversation`);
    await q.query(`DROP FUNCTION IF EXISTS learning_conversation_ical_bump()`);
    await q.query(`DROP TRIGGER IF EXISTS conversation_session_ical_bump ON conversation_session`);
    await q.query(`DROP FUNCTION IF EXISTS conversation_session_ical_bump()`);
    await q.query(
      `ALTER TABLE conversation_session DROP COLUMN IF EXISTS ical_sequence, DROP COLUMN IF EXISTS ical_changed_at`,
    );
  }
}
