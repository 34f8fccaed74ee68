import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * Privacy operations a district can sign (issue 16; docs/privacy.md "Consent register"), last part: the consent
 * register of learning-partnership conversations with learners.
 *
 * - `learner_consent`: one row per learner who agreed to a session's conversation being recorded: the label the
 *   teacher chose for them (learners are pseudonymous), a student id only where the district allows it, the guardian
 *   who agreed too (their relationship, never a name), the scope of use (one value today: to remember and reflect),
 *   when, who recorded it, where the recording is kept (a reference: Throughline stores no audio), and when and by
 *   whom it was withdrawn. A withdrawal clears the recording reference and purges the session's text derived from the
 *   conversation (`texts_purged` counts it); the row stays, so the register says who agreed and when they withdrew.
 *   One open consent per label and session. The label, student id and recording reference are confidential: read
 *   under the conversation's boundary (export: confidential-columns.ts).
 * - `consent_setting`: whether the district requires a guardian's consent too (by default it does) and whether
 *   student ids may be recorded (by default not).
 * - `retention_run.consents_purged`: consents whose label, student id and recording reference the retention job purged with
 *   the confidential text.
 */
export class LearnerConsent1765050000000 implements MigrationInterface {
  name = 'LearnerConsent1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE learner_consent (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        session_id uuid NOT NULL,
        learner_label text NOT NULL CHECK (length(learner_label) BETWEEN 1 AND 60),
        student_id text CHECK (length(student_id) BETWEEN 1 AND 64),
        guardian_relationship text CHECK (length(guardian_relationship) BETWEEN 1 AND 40),
        scope text NOT NULL DEFAULT 'REMEMBER_AND_REFLECT' CHECK (scope IN ('REMEMBER_AND_REFLECT')),
        consented_at timestamptz NOT NULL,
        recording_reference text CHECK (length(recording_reference) BETWEEN 1 AND 500),
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        withdrawn_by uuid,
        texts_purged integer CHECK (texts_purged >= 0),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        UNIQUE (district_id, id),
        FOREIGN KEY (district_id, session_id) REFERENCES conversation_session (district_id, id),
        FOREIGN KEY (district_id, recorded_by) REFERENCES staff_member (district_id, id),
        FOREIGN KEY (district_id, withdrawn_by) REFERENCES staff_member (district_id, id),
        CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL)),
        CHECK (withdrawn_at IS NULL OR recording_reference IS NULL)
      )`);
    await q.query(`CREATE INDEX learner_consent_session_idx ON learner_consent (district_id, session_id)`);
    // One open consent per learner and session; labels the retention job purged (all alike) are left out of it.
    await q.query(
      `CREATE UNIQUE INDEX learner_consent_open_idx ON learner_consent (district_id, session_id, lower(learner_label))
        WHERE withdrawn_at IS NULL AND learner_label <> '[purged under the district retention policy]'`,
    );
    await protectTenantTable(q, 'learner_consent', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE consent_setting (
        district_id uuid NOT NULL REFERENCES district(id),
        guardian_required boolean NOT NULL DEFAULT true,
        student_ids_allowed boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id)
      )`);
    await protectTenantTable(q, 'consent_setting', 'SELECT, INSERT, UPDATE');

    await q.query(`ALTER TABLE retention_run ADD COLUMN consents_purged integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE retention_run DROP COLUMN IF EXISTS consents_purged`);
    await q.query(`DROP TABLE IF EXISTS consent_setting`);
    await q.query(`DROP TABLE IF EXISTS learner_consent`);
  }
}
