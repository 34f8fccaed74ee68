import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * One outbox, and the webhooks it feeds.
 *
 * - `outbox_event`: what happened in a district (`session.held`, `action.completed`, …), written by services in the
 *   same transaction as the change (modules/outbox). Its payload holds ids and non-confidential fields only. An
 *   AFTER INSERT trigger adds an `outbox.dispatch` job to the job queue (graphile-worker, whose schema start-up
 *   installs before these migrations run): a change that rolls back takes its event and its job with it. The trigger
 *   function is SECURITY DEFINER with a fixed search_path, so the API role needs no right on the queue to emit, and
 *   nothing it sets can redirect the call. Append-only for the API role.
 * - `webhook_endpoint`: a district's subscriptions (URL, event types, signing secret, enabled or disabled with a
 *   reason, the run of consecutive failures).
 * - `webhook_delivery`: one event to one endpoint: state, attempts, last status code and a short error, next attempt.
 * - `session_missed_notice`: the marker that `session.missed` was emitted for a session (the scheduled scan emits it
 *   once).
 * All tenant tables: district_id in every key, RLS enabled and forced.
 */
export class Outbox1764810000000 implements MigrationInterface {
  name = 'Outbox1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_event (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        type text NOT NULL CHECK (type ~ '^[a-z][a-zA-Z]*\\.[a-z][a-zA-Z]*$'),
        subject_type text NOT NULL CHECK (subject_type ~ '^[A-Za-z]{1,60}$'),
        subject_id uuid NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object' AND pg_column_size(payload) <= 16384),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        CONSTRAINT outbox_event_district_id_key UNIQUE (district_id, id)
      )`);
    await q.query(`CREATE INDEX outbox_event_time_idx ON outbox_event (district_id, occurred_at)`);
    await protectTenantTable(q, 'outbox_event', 'SELECT, INSERT');
    await q.query(`
      CREATE FUNCTION outbox_event_enqueue() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        PERFORM graphile_worker.add_job(
          'outbox.dispatch',
          json_build_object('districtId', NEW.district_id, 'eventId', NEW.id),
          max_attempts => 25);
        RETURN NULL;
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION outbox_event_enqueue() FROM PUBLIC`);
    await q.query(`
      CREATE TRIGGER outbox_event_enqueue AFTER INSERT ON outbox_event
        FOR EACH ROW EXECUTE FUNCTION outbox_event_enqueue()`);

    await q.query(`
      CREATE TABLE webhook_endpoint (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
        description text CHECK (length(description) <= 500),
        event_types text[] NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 50),
        secret text NOT NULL CHECK (secret ~ '^whsec_[A-Za-z0-9+/=]{40,100}$'),
        previous_secret text CHECK (previous_secret ~ '^whsec_[A-Za-z0-9+/=]{40,100}$'),
        previous_secret_expires_at timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text CHECK (length(disabled_reason) <= 300),
        consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
        failing_since timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        CONSTRAINT webhook_endpoint_district_id_key UNIQUE (district_id, id)
      )`);
    await protectTenantTable(q, 'webhook_endpoint');

    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        endpoint_id uuid NOT NULL,
        event_id uuid NOT NULL,
        state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'SUCCEEDED', 'FAILED')),
        attempt_count integer NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),
        last_status_code integer CHECK (last_status_code BETWEEN 100 AND 599),
        last_error text CHECK (length(last_error) <= 300),
        last_attempt_at timestamptz,
        next_attempt_at timestamptz,
        window_started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        CONSTRAINT webhook_delivery_district_id_key UNIQUE (district_id, id),
        CONSTRAINT webhook_delivery_event_key UNIQUE (district_id, endpoint_id, event_id),
        FOREIGN KEY (district_id, endpoint_id) REFERENCES webhook_endpoint (district_id, id) ON DELETE CASCADE,
        FOREIGN KEY (district_id, event_id) REFERENCES outbox_event (district_id, id)
      )`);
    await q.query(
      `CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (district_id, endpoint_id, created_at DESC)`,
    );
    await q.query(`CREATE INDEX webhook_delivery_event_idx ON webhook_delivery (district_id, event_id)`);
    await protectTenantTable(q, 'webhook_delivery');

    await q.query(`
      CREATE TABLE session_missed_notice (
        district_id uuid NOT NULL REFERENCES district(id),
        session_id uuid NOT NULL,
        emitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, session_id),
        FOREIGN KEY (district_id, session_id) REFERENCES conversation_session (district_id, id) ON DELETE CASCADE
      )`);
    await protectTenantTable(q, 'session_missed_notice', 'SELECT, INSERT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS session_missed_notice`);
    await q.query(`DROP TABLE IF EXISTS webhook_delivery`);
    await q.query(`DROP TABLE IF EXISTS webhook_endpoint`);
    await q.query(`DROP TABLE IF EXISTS outbox_event`);
    await q.query(`DROP FUNCTION IF EXISTS outbox_event_enqueue()`);
  }
}
