import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * Privacy operations a district can sign (issue 16; docs/privacy.md), first part: the read audit.
 *
 * `confidential_read`: one row per read of confidential text (session notes, check-in/out, a shared reflection's
 * answers, an action's evidence or a verifier's note) by someone other than its author: who read, which record and
 * field, whose text (author_id), when, in which request. Never the text. Append-only for the API role (SELECT,
 * INSERT); written once per request, as its transaction ends (modules/audit/read-audit.ts).
 */
export class PrivacyOps1764950000000 implements MigrationInterface {
  name = 'PrivacyOps1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE confidential_read (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        read_at timestamptz NOT NULL DEFAULT now(),
        reader_id uuid NOT NULL,
        author_id uuid,
        record_type text NOT NULL CHECK (record_type IN ('ConversationSession', 'Reflection', 'ActionItem')),
        record_id uuid NOT NULL,
        field text NOT NULL CHECK (field ~ '^[A-Za-z]{1,60}$'),
        request_id text CHECK (length(request_id) <= 100),
        PRIMARY KEY (id),
        CONSTRAINT confidential_read_district_id_key UNIQUE (district_id, id),
        CONSTRAINT confidential_read_reader_fkey FOREIGN KEY (district_id, reader_id) REFERENCES staff_member (district_id, id)
      )`);
    await q.query(`CREATE INDEX confidential_read_time_idx ON confidential_read (district_id, read_at DESC, id)`);
    await q.query(
      `CREATE INDEX confidential_read_author_idx ON confidential_read (district_id, author_id, read_at DESC)`,
    );
    await q.query(
      `CREATE INDEX confidential_read_record_idx ON confidential_read (district_id, record_type, record_id)`,
    );
    await protectTenantTable(q, 'confidential_read', 'SELECT, INSERT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS confidential_read`);
  }
}
