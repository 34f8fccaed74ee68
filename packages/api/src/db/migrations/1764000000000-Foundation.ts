import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE, CURRENT_DISTRICT, protectTenantTable } from './rls';

/**
 * The foundation: districts (tenants), schools, staff, role assignments, credentials, refresh tokens, audit.
 * Every key between tenant tables carries district_id, so no row can point into another district.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_GROUP_ROLE}') THEN
          CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_GROUP_ROLE}`);
    await q.query(`GRANT SELECT ON "migrations" TO ${APP_GROUP_ROLE}`);

    await q.query(`
      CREATE TABLE district (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        timezone text NOT NULL,
        academic_year_start_month smallint NOT NULL DEFAULT 8 CHECK (academic_year_start_month BETWEEN 1 AND 12),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A district row is visible inside its own district, and to the platform operator (who sees no rows below it).
    await q.query(`ALTER TABLE district ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE district FORCE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY district_visibility ON district
        USING (id = ${CURRENT_DISTRICT} OR current_setting('app.platform_operator', true) = 'on')
        WITH CHECK (id = ${CURRENT_DISTRICT} OR current_setting('app.platform_operator', true) = 'on')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON district TO ${APP_GROUP_ROLE}`);

    await q.query(`
      CREATE TABLE school (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
        grade_low smallint CHECK (grade_low BETWEEN -1 AND 12),
        grade_high smallint CHECK (grade_high BETWEEN -1 AND 12),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'CLOSED')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        CONSTRAINT school_district_id_key UNIQUE (district_id, id),
        CONSTRAINT school_code_key UNIQUE (district_id, code),
        CONSTRAINT school_grades_check CHECK (grade_low IS NULL OR grade_high IS NULL OR grade_low <= grade_high)
      )`);
    await q.query(`CREATE INDEX school_district_name_idx ON school (district_id, lower(name), id)`);
    await protectTenantTable(q, 'school');

    await q.query(`
      CREATE TABLE staff_member (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 120),
        family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 120),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        title text CHECK (length(title) <= 200),
        roster_id text CHECK (length(roster_id) <= 40),
        active boolean NOT NULL DEFAULT true,
        deactivated_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        CONSTRAINT staff_member_district_id_key UNIQUE (district_id, id),
        CONSTRAINT staff_member_roster_id_key UNIQUE (district_id, roster_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX staff_member_email_key ON staff_member (district_id, lower(email))`);
    await q.query(`CREATE INDEX staff_member_login_idx ON staff_member (lower(email))`);
    await q.query(
      `CREATE INDEX staff_member_name_idx ON staff_member (district_id, lower(family_name || ' ' || given_name), id)`,
    );
    await protectTenantTable(q, 'staff_member', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE role_assignment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        staff_member_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('DISTRICT_ADMIN', 'SCHOOL_LEADER', 'COACH', 'TEACHER')),
        school_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        CONSTRAINT role_assignment_district_id_key UNIQUE (district_id, id),
        CONSTRAINT role_assignment_staff_fkey FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id),
        CONSTRAINT role_assignment_school_fkey FOREIGN KEY (district_id, school_id) REFERENCES school (district_id, id),
        CONSTRAINT role_assignment_unique UNIQUE NULLS NOT DISTINCT (district_id, staff_member_id, role, school_id),
        CONSTRAINT role_assignment_admin_is_district_wide CHECK (role <> 'DISTRICT_ADMIN' OR school_id IS NULL)
      )`);
    await q.query(`CREATE INDEX role_assignment_school_idx ON role_assignment (district_id, school_id, role)`);
    await protectTenantTable(q, 'role_assignment');

    await q.query(`
      CREATE TABLE credential (
        district_id uuid NOT NULL REFERENCES district(id),
        staff_member_id uuid NOT NULL,
        password_hash text NOT NULL,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, staff_member_id),
        CONSTRAINT credential_staff_fkey FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id)
      )`);
    await protectTenantTable(q, 'credential');

    await q.query(`
      CREATE TABLE refresh_token (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        staff_member_id uuid NOT NULL,
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        PRIMARY KEY (id),
        CONSTRAINT refresh_token_staff_fkey FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id)
      )`);
    await q.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (district_id, family_id)`);
    await q.query(`CREATE INDEX refresh_token_staff_idx ON refresh_token (district_id, staff_member_id)`);
    await protectTenantTable(q, 'refresh_token');

    await q.query(`
      CREATE TABLE audit_event (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL CHECK (actor_kind IN ('STAFF', 'OPERATOR', 'SYSTEM')),
        actor_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid,
        fields text[] NOT NULL DEFAULT '{}',
        request_id text,
        client text,
        PRIMARY KEY (id),
        CONSTRAINT audit_event_district_id_key UNIQUE (district_id, id)
      )`);
    await q.query(`CREATE INDEX audit_event_time_idx ON audit_event (district_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_event_entity_idx ON audit_event (district_id, entity_type, entity_id)`);
    // Append-only: the API may add and read audit events, never change or remove them.
    await protectTenantTable(q, 'audit_event', 'SELECT, INSERT');

    // Platform tables: operators are not inside any district, and hold no tenant data.
    await q.query(`
      CREATE TABLE platform_operator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX platform_operator_email_key ON platform_operator (lower(email))`);
    await q.query(
      `GRANT SELECT (id, email, display_name, active, created_at) ON platform_operator TO ${APP_GROUP_ROLE}`,
    );
    await q.query(`
      CREATE TABLE operator_refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operator_id uuid NOT NULL REFERENCES platform_operator(id),
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX operator_refresh_token_family_idx ON operator_refresh_token (family_id)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON operator_refresh_token TO ${APP_GROUP_ROLE}`);

    // Failed sign-ins per email, shared by every API instance: too many in a window answer RATE_LIMITED.
    await q.query(`
      CREATE TABLE sign_in_throttle (
        key text PRIMARY KEY,
        window_started_at timestamptz NOT NULL DEFAULT now(),
        failures integer NOT NULL DEFAULT 0
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_throttle TO ${APP_GROUP_ROLE}`);

    // Sign-in must find an account before any district is known. These two functions run with the owner's
    // rights and answer only what the sign-in and refresh flows need; the API role cannot read the tables directly.
    await q.query(`
      CREATE FUNCTION auth_login_candidates(p_email text)
      RETURNS TABLE (principal_kind text, principal_id uuid, district_id uuid, password_hash text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT 'STAFF', s.id, s.district_id, c.password_hash
          FROM staff_member s
          JOIN credential c ON c.district_id = s.district_id AND c.staff_member_id = s.id
          JOIN district d ON d.id = s.district_id
         WHERE lower(s.email) = lower(p_email) AND s.active AND d.status = 'ACTIVE'
        UNION ALL
        SELECT 'OPERATOR', o.id, NULL::uuid, o.password_hash
          FROM platform_operator o
         WHERE lower(o.email) = lower(p_email) AND o.active
      $$`);
    await q.query(`
      CREATE FUNCTION auth_refresh_token_district(p_token_hash text)
      RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT district_id FROM refresh_token WHERE token_hash = p_token_hash
      $$`);
    for (const fn of ['auth_login_candidates(text)', 'auth_refresh_token_district(text)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_GROUP_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS auth_refresh_token_district(text)`);
    await q.query(`DROP FUNCTION IF EXISTS auth_login_candidates(text)`);
    for (const table of [
      'sign_in_throttle',
      'operator_refresh_token',
      'platform_operator',
      'audit_event',
      'refresh_token',
      'credential',
      'role_assignment',
      'staff_member',
      'school',
      'district',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}"`);
    }
  }
}
