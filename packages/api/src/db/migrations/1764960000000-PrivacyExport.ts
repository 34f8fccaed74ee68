import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE, protectTenantTable } from './rls';

/**
 * Privacy operations a district can sign (issue 16; docs/privacy.md): export, disposal, retention.
 *
 * Tenant tables (district_id, RLS forced):
 * - `district_export`: one archive of the whole district; at most one RUNNING per district (a partial unique index,
 *   so two concurrent starts cannot both win). `district_export_chunk`: the archive's bytes, 1 MiB a row, so any
 *   instance can serve the download and disposal deletes it with the district's other rows.
 * - `retention_setting`: how many years confidential text and deactivated people's personal data are kept (NULL: no
 *   limit). `retention_run`: what each daily run did (counts only).
 *
 * Platform tables, deliberately outside tenancy (no district_id column, no RLS; the API role reads and writes them,
 * and only the privacy services touch them): `district_disposal` (an admin's confirmed request, the operator's
 * schedule, its cancellation) and `disposal_certificate` (what was deleted, counts per table, when, by whom), which
 * must outlive the district they describe. They name the district by `target_district_id` / `former_district_id`, so
 * a catalog query over every `district_id` column finds none of their rows.
 *
 * `dispose_district(disposal)`: SECURITY DEFINER (the owner may delete from append-only tables such as audit_event),
 * refuses unless that disposal is SCHEDULED and due and no export of the district is RUNNING; then deletes every row
 * of the district from every table with a district_id column (found in the catalog, so a new table cannot be
 * forgotten), the queued jobs whose payload names it, and the district row, and writes the certificate.
 */
export class PrivacyExport1764960000000 implements MigrationInterface {
  name = 'PrivacyExport1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE district_export (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        status text NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
        requested_by_kind text NOT NULL CHECK (requested_by_kind IN ('STAFF', 'OPERATOR')),
        requested_by_id uuid NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz,
        expires_at timestamptz,
        byte_size bigint,
        sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        files jsonb,
        withheld_count integer,
        failure text CHECK (length(failure) <= 200),
        PRIMARY KEY (id),
        CONSTRAINT district_export_tenant_key UNIQUE (district_id, id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX district_export_one_running ON district_export (district_id) WHERE status = 'RUNNING'`,
    );
    await q.query(`CREATE INDEX district_export_recent_idx ON district_export (district_id, created_at DESC)`);
    await protectTenantTable(q, 'district_export', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE district_export_chunk (
        district_id uuid NOT NULL REFERENCES district(id),
        export_id uuid NOT NULL,
        seq integer NOT NULL CHECK (seq >= 0),
        data bytea NOT NULL,
        PRIMARY KEY (district_id, export_id, seq),
        CONSTRAINT district_export_chunk_export_fkey FOREIGN KEY (district_id, export_id)
          REFERENCES district_export (district_id, id) ON DELETE CASCADE
      )`);
    await protectTenantTable(q, 'district_export_chunk', 'SELECT, INSERT, DELETE');

    await q.query(`
      CREATE TABLE retention_setting (
        district_id uuid NOT NULL REFERENCES district(id),
        confidential_text_years smallint CHECK (confidential_text_years BETWEEN 1 AND 50),
        deactivated_staff_years smallint CHECK (deactivated_staff_years BETWEEN 1 AND 50),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id)
      )`);
    await protectTenantTable(q, 'retention_setting', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE retention_run (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        ran_at timestamptz NOT NULL DEFAULT now(),
        confidential_text_years smallint,
        deactivated_staff_years smallint,
        text_cutoff timestamptz,
        staff_cutoff timestamptz,
        sessions_purged integer NOT NULL DEFAULT 0,
        reflection_answers_purged integer NOT NULL DEFAULT 0,
        action_texts_purged integer NOT NULL DEFAULT 0,
        staff_pseudonymised integer NOT NULL DEFAULT 0,
        PRIMARY KEY (id),
        CONSTRAINT retention_run_tenant_key UNIQUE (district_id, id)
      )`);
    await q.query(`CREATE INDEX retention_run_time_idx ON retention_run (district_id, ran_at DESC)`);
    await protectTenantTable(q, 'retention_run', 'SELECT, INSERT');

    // Platform tables: outside tenancy on purpose (see above).
    await q.query(`
      CREATE TABLE district_disposal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target_district_id uuid NOT NULL,
        district_slug text NOT NULL,
        district_name text NOT NULL,
        status text NOT NULL DEFAULT 'REQUESTED' CHECK (status IN ('REQUESTED', 'SCHEDULED', 'CANCELLED', 'DISPOSED')),
        requested_by uuid NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        scheduled_by uuid,
        scheduled_at timestamptz,
        grace_days integer CHECK (grace_days BETWEEN 0 AND 365),
        due_at timestamptz,
        cancelled_by_kind text CHECK (cancelled_by_kind IN ('STAFF', 'OPERATOR')),
        cancelled_by uuid,
        cancelled_at timestamptz,
        disposed_at timestamptz,
        last_error text CHECK (length(last_error) <= 200),
        CONSTRAINT district_disposal_schedule_complete CHECK (status <> 'SCHEDULED' OR due_at IS NOT NULL)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX district_disposal_one_open ON district_disposal (target_district_id)
        WHERE status IN ('REQUESTED', 'SCHEDULED')`);
    await q.query(`CREATE INDEX district_disposal_due_idx ON district_disposal (due_at) WHERE status = 'SCHEDULED'`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON district_disposal TO ${APP_GROUP_ROLE}`);

    await q.query(`
      CREATE TABLE disposal_certificate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        disposal_id uuid NOT NULL UNIQUE REFERENCES district_disposal(id),
        former_district_id uuid NOT NULL,
        district_slug text NOT NULL,
        district_name text NOT NULL,
        requested_by uuid NOT NULL,
        requested_at timestamptz NOT NULL,
        scheduled_by uuid,
        scheduled_at timestamptz,
        disposed_at timestamptz NOT NULL DEFAULT now(),
        counts jsonb NOT NULL,
        total_rows bigint NOT NULL,
        jobs_deleted integer NOT NULL
      )`);
    await q.query(`GRANT SELECT ON disposal_certificate TO ${APP_GROUP_ROLE}`);

    await q.query(`
      CREATE FUNCTION dispose_district(p_disposal uuid)
      RETURNS uuid
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        v_disposal district_disposal%ROWTYPE;
        v_tables text[];
        v_table text;
        v_counts jsonb := '{}'::jsonb;
        v_total bigint := 0;
        v_n bigint;
        v_left bigint;
        v_pass integer := 0;
        v_jobs integer := 0;
        v_certificate uuid;
      BEGIN
        SELECT * INTO v_disposal FROM district_disposal WHERE id = p_disposal FOR UPDATE;
        IF NOT FOUND OR v_disposal.status <> 'SCHEDULED' OR v_disposal.due_at > now() THEN
          RAISE EXCEPTION 'disposal is not scheduled and due' USING ERRCODE = 'P0001';
        END IF;
        -- Under the district's own row-level security: the owner is subject to it too (FORCE).
        PERFORM set_config('app.district_id', v_disposal.target_district_id::text, true);
        IF EXISTS (SELECT 1 FROM district_export WHERE district_id = v_disposal.target_district_id AND status = 'RUNNING') THEN
          RAISE EXCEPTION 'an export of the district is running' USING ERRCODE = 'P0002';
        END IF;
        SELECT array_agg(c.relname::text ORDER BY c.relname) INTO v_tables
          FROM pg_class c
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p');
        -- What the district holds, table by table, before anything is deleted: the certificate's counts.
        FOREACH v_table IN ARRAY v_tables LOOP
          EXECUTE format('SELECT count(*) FROM %I WHERE district_id = $1', v_table) INTO v_n USING v_disposal.target_district_id;
          IF v_n > 0 THEN
            v_counts := v_counts || jsonb_build_object(v_table, v_n);
            v_total := v_total + v_n;
          END IF;
        END LOOP;
        -- Delete in passes until nothing is left: a table still referenced by another refuses (foreign key) and is
        -- tried again in the next pass, and rows that triggers write while deleting (the change log) go in the next.
        LOOP
          v_pass := v_pass + 1;
          v_left := 0;
          FOREACH v_table IN ARRAY v_tables LOOP
            BEGIN
              EXECUTE format('DELETE FROM %I WHERE district_id = $1', v_table) USING v_disposal.target_district_id;
            EXCEPTION WHEN foreign_key_violation THEN
              NULL;
            END;
          END LOOP;
          FOREACH v_table IN ARRAY v_tables LOOP
            EXECUTE format('SELECT count(*) FROM %I WHERE district_id = $1', v_table) INTO v_n USING v_disposal.target_district_id;
            v_left := v_left + v_n;
          END LOOP;
          EXIT WHEN v_left = 0;
          IF v_pass >= 20 THEN
            RAISE EXCEPTION 'rows of the district remain after % passes', v_pass USING ERRCODE = 'P0003';
          END IF;
        END LOOP;
        -- Queued jobs whose payload names the district (ids only), not locked by a worker at this moment.
        IF to_regclass('graphile_worker._private_jobs') IS NOT NULL THEN
          EXECUTE 'DELETE FROM graphile_worker._private_jobs WHERE locked_at IS NULL AND payload::text LIKE $1'
            USING '%' || v_disposal.target_district_id::text || '%';
          GET DIAGNOSTICS v_jobs = ROW_COUNT;
        END IF;
        PERFORM set_config('app.platform_operator', 'on', true);
        DELETE FROM district WHERE id = v_disposal.target_district_id;
        UPDATE district_disposal SET status = 'DISPOSED', disposed_at = now(), last_error = NULL WHERE id = p_disposal;
        INSERT INTO disposal_certificate (disposal_id, former_district_id, district_slug, district_name, requested_by,
                                          requested_at, scheduled_by, scheduled_at, counts, total_rows, jobs_deleted)
        VALUES (p_disposal, v_disposal.target_district_id, v_disposal.district_slug, v_disposal.district_name,
                v_disposal.requested_by, v_disposal.requested_at, v_disposal.scheduled_by, v_disposal.scheduled_at,
                v_counts || jsonb_build_object('district', 1), v_total + 1, v_jobs)
        RETURNING id INTO v_certificate;
        PERFORM set_config('app.platform_operator', '', true);
        PERFORM set_config('app.district_id', '', true);
        RETURN v_certificate;
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION dispose_district(uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION dispose_district(uuid) TO ${APP_GROUP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS dispose_district(uuid)`);
    for (const table of [
      'disposal_certificate',
      'district_disposal',
      'retention_run',
      'retention_setting',
      'district_export_chunk',
      'district_export',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}"`);
    }
  }
}
