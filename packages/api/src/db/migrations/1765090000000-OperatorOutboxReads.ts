import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform operator reads a district's mail outbox (issue 13; docs/calendars-and-mail.md), and each such read is
 * recorded in the district's read audit, which until now named only staff readers.
 *
 * `confidential_read`: a reader is a person of the district (`reader_id`, as before) or the platform operator
 * (`reader_operator_id`), exactly one of the two. No foreign key to `platform_operator`: the audit outlives the
 * operator's account, as `audit_event.actor_id` does. `record_type` also takes `MailMessage` (one row per message
 * an operator was shown).
 */
export class OperatorOutboxReads1765090000000 implements MigrationInterface {
  name = 'OperatorOutboxReads1765090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE confidential_read ALTER COLUMN reader_id DROP NOT NULL`);
    await q.query(`ALTER TABLE confidential_read ADD COLUMN reader_operator_id uuid`);
    await q.query(
      `ALTER TABLE confidential_read ADD CONSTRAINT confidential_read_one_reader
         CHECK ((reader_id IS NULL) <> (reader_operator_id IS NULL))`,
    );
    await q.query(`ALTER TABLE confidential_read DROP CONSTRAINT confidential_read_record_type_check`);
    await q.query(
      `ALTER TABLE confidential_read ADD CONSTRAINT confidential_read_record_type_check
         CHECK (record_type IN ('ConversationSession', 'Reflection', 'ActionItem', 'MailMessage'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM confidential_read WHERE reader_operator_id IS NOT NULL OR record_type = 'MailMessage'`);
    await q.query(`ALTER TABLE confidential_read DROP CONSTRAINT confidential_read_record_type_check`);
    await q.query(
      `ALTER TABLE confidential_read ADD CONSTRAINT confidential_read_record_type_check
         CHECK (record_type IN ('ConversationSession', 'Reflection', 'ActionItem'))`,
    );
    await q.query(`ALTER TABLE confidential_read DROP CONSTRAINT confidential_read_one_reader`);
    await q.query(`ALTER TABLE confidential_read DROP COLUMN reader_operator_id`);
    await q.query(`ALTER TABLE confidential_read ALTER COLUMN reader_id SET NOT NULL`);
  }
}
