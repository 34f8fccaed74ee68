import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * The improvement domain: district libraries, strategies, learning conversations and their mapping to strategies,
 * sessions with attendance and evidence, quality ratings, action items, reflections, health thresholds.
 * Same pattern as the foundation: district_id on every row, composite keys, RLS forced, per-district uniques.
 */
export class ImprovementDomain1764100000000 implements MigrationInterface {
  name = 'ImprovementDomain1764100000000';

  async up(q: QueryRunner): Promise<void> {
    const tenantKey = (table: string) => `CONSTRAINT ${table}_district_id_key UNIQUE (district_id, id)`;
    const ts = `version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()`;

    // District settings: how recent evidence must be, and the thresholds of strategy health.
    await q.query(`
      CREATE TABLE district_setting (
        district_id uuid PRIMARY KEY REFERENCES district(id),
        recent_evidence_days smallint NOT NULL DEFAULT 30 CHECK (recent_evidence_days BETWEEN 1 AND 365),
        on_track_held_rate numeric(4,3) NOT NULL DEFAULT 0.800 CHECK (on_track_held_rate BETWEEN 0 AND 1),
        at_risk_held_rate numeric(4,3) NOT NULL DEFAULT 0.600 CHECK (at_risk_held_rate BETWEEN 0 AND 1),
        on_track_quality numeric(3,2) NOT NULL DEFAULT 3.00 CHECK (on_track_quality BETWEEN 1 AND 4),
        at_risk_quality numeric(3,2) NOT NULL DEFAULT 2.50 CHECK (at_risk_quality BETWEEN 1 AND 4),
        on_track_follow_through numeric(4,3) NOT NULL DEFAULT 0.700 CHECK (on_track_follow_through BETWEEN 0 AND 1),
        at_risk_follow_through numeric(4,3) NOT NULL DEFAULT 0.500 CHECK (at_risk_follow_through BETWEEN 0 AND 1),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (at_risk_held_rate <= on_track_held_rate AND at_risk_quality <= on_track_quality AND at_risk_follow_through <= on_track_follow_through)
      )`);
    await protectTenantTable(q, 'district_setting', 'SELECT, INSERT, UPDATE');

    // Libraries
    const library = async (table: string, columns: string, unique: string) => {
      await q.query(`
        CREATE TABLE ${table} (
          id uuid NOT NULL DEFAULT gen_random_uuid(),
          district_id uuid NOT NULL REFERENCES district(id),
          ${columns},
          position integer NOT NULL DEFAULT 0,
          active boolean NOT NULL DEFAULT true,
          ${ts},
          PRIMARY KEY (id),
          ${tenantKey(table)},
          CONSTRAINT ${table}_name_key UNIQUE (district_id, ${unique})
        )`);
      await q.query(`CREATE INDEX ${table}_list_idx ON ${table} (district_id, active, position, id)`);
      await protectTenantTable(q, table, 'SELECT, INSERT, UPDATE');
    };
    await library(
      'norm',
      `title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200), description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000)`,
      'title',
    );
    await library(
      'rubric_criterion',
      `name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200), description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000)`,
      'name',
    );
    await library(
      'question_bank_item',
      `text text NOT NULL CHECK (length(text) BETWEEN 1 AND 500), purpose text NOT NULL DEFAULT '' CHECK (length(purpose) <= 200)`,
      'text',
    );
    await library('reflection_prompt', `text text NOT NULL CHECK (length(text) BETWEEN 1 AND 500)`, 'text');
    await library(
      'skill',
      `name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200), description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000)`,
      'name',
    );

    await q.query(`
      CREATE TABLE skill_training (
        district_id uuid NOT NULL REFERENCES district(id),
        skill_id uuid NOT NULL,
        staff_member_id uuid NOT NULL,
        trained_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, skill_id, staff_member_id),
        FOREIGN KEY (district_id, skill_id) REFERENCES skill (district_id, id),
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id)
      )`);
    await q.query(`CREATE INDEX skill_training_staff_idx ON skill_training (district_id, staff_member_id)`);
    await protectTenantTable(q, 'skill_training');

    // Strategies
    await q.query(`
      CREATE TABLE improvement_strategy (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        school_id uuid,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        goal text NOT NULL CHECK (length(goal) BETWEEN 1 AND 2000),
        kind text NOT NULL CHECK (kind IN ('CURRICULUM', 'DATA_TEAMS', 'LEARNING_WALKS', 'COACHING', 'PLC', 'OTHER')),
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'ACTIVE', 'COMPLETED', 'ARCHIVED')),
        starts_on date NOT NULL,
        ends_on date,
        owner_id uuid NOT NULL,
        success_measures text NOT NULL DEFAULT '' CHECK (length(success_measures) <= 2000),
        ${ts},
        PRIMARY KEY (id),
        ${tenantKey('improvement_strategy')},
        FOREIGN KEY (district_id, school_id) REFERENCES school (district_id, id),
        FOREIGN KEY (district_id, owner_id) REFERENCES staff_member (district_id, id),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
      )`);
    await q.query(
      `CREATE INDEX improvement_strategy_school_idx ON improvement_strategy (district_id, school_id, status)`,
    );
    await q.query(
      `CREATE INDEX improvement_strategy_title_idx ON improvement_strategy (district_id, lower(title), id)`,
    );
    await protectTenantTable(q, 'improvement_strategy', 'SELECT, INSERT, UPDATE');

    // Learning conversations
    await q.query(`
      CREATE TABLE learning_conversation (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        school_id uuid,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        type text NOT NULL CHECK (type IN ('JOINT_PLANNING', 'POST_OBSERVATION_DEBRIEF', 'COACHING', 'MENTORING', 'DATA_TEAM', 'PLC',
          'LEARNING_WALK_DEBRIEF', 'PERFORMANCE_REVIEW', 'LEARNING_PARTNERSHIP', 'INTER_PROFESSIONAL', 'ONLINE_DISCUSSION', 'OTHER')),
        purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
        cadence text CHECK (length(cadence) <= 500),
        first_starts_at text NOT NULL CHECK (first_starts_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$'),
        duration_minutes smallint NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
        setting text NOT NULL DEFAULT '' CHECK (length(setting) <= 200),
        facilitator_id uuid NOT NULL,
        protocol text NOT NULL DEFAULT 'NONE' CHECK (protocol IN ('CHECK_IN_CHECK_OUT', 'DOUBLE_LOOP_REVIEW', 'COACHING_CYCLE', 'LEARNING_PARTNERSHIP', 'NONE')),
        evidence_to_bring text NOT NULL DEFAULT '' CHECK (length(evidence_to_bring) <= 2000),
        skill_focus_id uuid,
        confidentiality text NOT NULL DEFAULT 'PARTICIPANTS' CHECK (confidentiality IN ('PARTICIPANTS', 'SCHOOL_LEADERS', 'DISTRICT')),
        schedule_until date NOT NULL,
        active boolean NOT NULL DEFAULT true,
        ${ts},
        PRIMARY KEY (id),
        ${tenantKey('learning_conversation')},
        FOREIGN KEY (district_id, school_id) REFERENCES school (district_id, id),
        FOREIGN KEY (district_id, facilitator_id) REFERENCES staff_member (district_id, id),
        FOREIGN KEY (district_id, skill_focus_id) REFERENCES skill (district_id, id)
      )`);
    await q.query(
      `CREATE INDEX learning_conversation_school_idx ON learning_conversation (district_id, school_id, type)`,
    );
    await q.query(
      `CREATE INDEX learning_conversation_facilitator_idx ON learning_conversation (district_id, facilitator_id)`,
    );
    await q.query(
      `CREATE INDEX learning_conversation_title_idx ON learning_conversation (district_id, lower(title), id)`,
    );
    await protectTenantTable(q, 'learning_conversation', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE conversation_participant (
        district_id uuid NOT NULL REFERENCES district(id),
        conversation_id uuid NOT NULL,
        staff_member_id uuid NOT NULL,
        PRIMARY KEY (district_id, conversation_id, staff_member_id),
        FOREIGN KEY (district_id, conversation_id) REFERENCES learning_conversation (district_id, id) ON DELETE CASCADE,
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id)
      )`);
    await q.query(
      `CREATE INDEX conversation_participant_staff_idx ON conversation_participant (district_id, staff_member_id)`,
    );
    await protectTenantTable(q, 'conversation_participant');

    await q.query(`
      CREATE TABLE conversation_participant_role (
        district_id uuid NOT NULL REFERENCES district(id),
        conversation_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('DISTRICT_ADMIN', 'SCHOOL_LEADER', 'COACH', 'TEACHER')),
        PRIMARY KEY (district_id, conversation_id, role),
        FOREIGN KEY (district_id, conversation_id) REFERENCES learning_conversation (district_id, id) ON DELETE CASCADE
      )`);
    await protectTenantTable(q, 'conversation_participant_role');

    await q.query(`
      CREATE TABLE conversation_norm (
        district_id uuid NOT NULL REFERENCES district(id),
        conversation_id uuid NOT NULL,
        norm_id uuid NOT NULL,
        PRIMARY KEY (district_id, conversation_id, norm_id),
        FOREIGN KEY (district_id, conversation_id) REFERENCES learning_conversation (district_id, id) ON DELETE CASCADE,
        FOREIGN KEY (district_id, norm_id) REFERENCES norm (district_id, id)
      )`);
    await protectTenantTable(q, 'conversation_norm');

    await q.query(`
      CREATE TABLE conversation_mapping (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        strategy_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        dimension text NOT NULL CHECK (dimension IN ('BELIEF', 'ATTITUDE', 'SKILL', 'PRACTICE')),
        expected_change text NOT NULL CHECK (length(expected_change) BETWEEN 1 AND 1000),
        ${ts},
        PRIMARY KEY (id),
        ${tenantKey('conversation_mapping')},
        CONSTRAINT conversation_mapping_pair_key UNIQUE (district_id, strategy_id, conversation_id),
        FOREIGN KEY (district_id, strategy_id) REFERENCES improvement_strategy (district_id, id),
        FOREIGN KEY (district_id, conversation_id) REFERENCES learning_conversation (district_id, id)
      )`);
    await q.query(
      `CREATE INDEX conversation_mapping_conversation_idx ON conversation_mapping (district_id, conversation_id)`,
    );
    await protectTenantTable(q, 'conversation_mapping');

    // Sessions
    await q.query(`
      CREATE TABLE conversation_session (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        conversation_id uuid NOT NULL,
        scheduled_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'HELD', 'CANCELLED')),
        held_at timestamptz,
        duration_minutes smallint CHECK (duration_minutes BETWEEN 1 AND 600),
        cancel_reason text CHECK (length(cancel_reason) <= 500),
        notes text CHECK (length(notes) <= 20000),
        check_in text CHECK (length(check_in) <= 2000),
        check_out text CHECK (length(check_out) <= 2000),
        recording_consent boolean NOT NULL DEFAULT false,
        ${ts},
        PRIMARY KEY (id),
        ${tenantKey('conversation_session')},
        FOREIGN KEY (district_id, conversation_id) REFERENCES learning_conversation (district_id, id),
        CHECK (status <> 'HELD' OR (held_at IS NOT NULL AND duration_minutes IS NOT NULL)),
        CHECK (status <> 'CANCELLED' OR cancel_reason IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX conversation_session_conversation_idx ON conversation_session (district_id, conversation_id, scheduled_at)`,
    );
    await q.query(
      `CREATE INDEX conversation_session_time_idx ON conversation_session (district_id, scheduled_at, status)`,
    );
    await protectTenantTable(q, 'conversation_session', 'SELECT, INSERT, UPDATE, DELETE');

    await q.query(`
      CREATE TABLE session_attendance (
        district_id uuid NOT NULL REFERENCES district(id),
        session_id uuid NOT NULL,
        staff_member_id uuid NOT NULL,
        PRIMARY KEY (district_id, session_id, staff_member_id),
        FOREIGN KEY (district_id, session_id) REFERENCES conversation_session (district_id, id) ON DELETE CASCADE,
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id)
      )`);
    await q.query(`CREATE INDEX session_attendance_staff_idx ON session_attendance (district_id, staff_member_id)`);
    await protectTenantTable(q, 'session_attendance');

    await q.query(`
      CREATE TABLE session_evidence (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        session_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('ASSESSMENT', 'STUDENT_WORK', 'OBSERVATION', 'SURVEY', 'OTHER')),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
        collected_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        ${tenantKey('session_evidence')},
        FOREIGN KEY (district_id, session_id) REFERENCES conversation_session (district_id, id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX session_evidence_session_idx ON session_evidence (district_id, session_id, collected_on)`,
    );
    await protectTenantTable(q, 'session_evidence');

    await q.query(`
      CREATE TABLE quality_rating (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        session_id uuid NOT NULL,
        rater_id uuid NOT NULL,
        criterion_id uuid NOT NULL,
        score smallint NOT NULL CHECK (score BETWEEN 1 AND 4),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        ${tenantKey('quality_rating')},
        CONSTRAINT quality_rating_once_key UNIQUE (district_id, session_id, rater_id, criterion_id),
        FOREIGN KEY (district_id, session_id, rater_id) REFERENCES session_attendance (district_id, session_id, staff_member_id),
        FOREIGN KEY (district_id, criterion_id) REFERENCES rubric_criterion (district_id, id)
      )`);
    await q.query(`CREATE INDEX quality_rating_criterion_idx ON quality_rating (district_id, criterion_id)`);
    await protectTenantTable(q, 'quality_rating');

    await q.query(`
      CREATE TABLE action_item (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        session_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'IN_PROGRESS', 'DONE', 'DROPPED')),
        completed_on date,
        practice_change_evidence text CHECK (length(practice_change_evidence) <= 2000),
        ${ts},
        PRIMARY KEY (id),
        ${tenantKey('action_item')},
        FOREIGN KEY (district_id, session_id) REFERENCES conversation_session (district_id, id),
        FOREIGN KEY (district_id, owner_id) REFERENCES staff_member (district_id, id),
        CHECK ((status = 'DONE') = (completed_on IS NOT NULL)),
        CHECK (practice_change_evidence IS NULL OR status = 'DONE')
      )`);
    await q.query(`CREATE INDEX action_item_session_idx ON action_item (district_id, session_id)`);
    await q.query(`CREATE INDEX action_item_owner_idx ON action_item (district_id, owner_id, status, due_on)`);
    await q.query(`CREATE INDEX action_item_due_idx ON action_item (district_id, due_on, status)`);
    await protectTenantTable(q, 'action_item', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE reflection (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        session_id uuid NOT NULL,
        author_id uuid NOT NULL,
        shared boolean NOT NULL DEFAULT false,
        ${ts},
        PRIMARY KEY (id),
        ${tenantKey('reflection')},
        CONSTRAINT reflection_once_key UNIQUE (district_id, session_id, author_id),
        FOREIGN KEY (district_id, session_id, author_id) REFERENCES session_attendance (district_id, session_id, staff_member_id)
      )`);
    await q.query(`CREATE INDEX reflection_author_idx ON reflection (district_id, author_id)`);
    await protectTenantTable(q, 'reflection', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE reflection_answer (
        district_id uuid NOT NULL REFERENCES district(id),
        reflection_id uuid NOT NULL,
        prompt_id uuid NOT NULL,
        answer text NOT NULL CHECK (length(answer) BETWEEN 1 AND 5000),
        PRIMARY KEY (district_id, reflection_id, prompt_id),
        FOREIGN KEY (district_id, reflection_id) REFERENCES reflection (district_id, id) ON DELETE CASCADE,
        FOREIGN KEY (district_id, prompt_id) REFERENCES reflection_prompt (district_id, id)
      )`);
    await protectTenantTable(q, 'reflection_answer');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'reflection_answer',
      'reflection',
      'action_item',
      'quality_rating',
      'session_evidence',
      'session_attendance',
      'conversation_session',
      'conversation_mapping',
      'conversation_norm',
      'conversation_participant_role',
      'conversation_participant',
      'learning_conversation',
      'improvement_strategy',
      'skill_training',
      'skill',
      'reflection_prompt',
      'question_bank_item',
      'rubric_criterion',
      'norm',
      'district_setting',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}"`);
    }
  }
}
