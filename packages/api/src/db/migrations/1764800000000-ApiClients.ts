import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE, protectTenantTable } from './rls';

/**
 * API clients: an integrator's credentials (OAuth 2.0 client credentials, modules/api-client). A client belongs to
 * one district, holds scopes (packages/shared api-scopes.ts) and optionally the client addresses (CIDR blocks, as inet) it may call
 * from; its secrets are stored as SHA-256 hashes only. A secret is 256 random bits, so a fast unsalted hash is
 * enough: there is no dictionary to try and no way to brute-force 2^256, which is what slow password hashes guard
 * against (and a fast hash keeps the token endpoint cheap). Rotation gives the old secret an `expires_at` (the
 * grace period); revocation stamps `revoked_at`. Same pattern as the rest: district_id on every row and in every
 * key, RLS enabled and forced.
 *
 * The audit log learns a fourth kind of actor, CLIENT (actor_id is then the client's id).
 *
 * The token endpoint must find a client's district before any district is known: api_client_district() answers
 * that and nothing else, with the owner's rights, as auth_refresh_token_district() does for refresh tokens.
 */
export class ApiClients1764800000000 implements MigrationInterface {
  name = 'ApiClients1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_client (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        description text CHECK (length(description) <= 2000),
        scopes text[] NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 20),
        allowed_addresses inet[] NOT NULL DEFAULT '{}' CHECK (cardinality(allowed_addresses) <= 50),
        owner_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        PRIMARY KEY (id),
        CONSTRAINT api_client_district_id_key UNIQUE (district_id, id),
        CONSTRAINT api_client_owner_fkey FOREIGN KEY (district_id, owner_id) REFERENCES staff_member (district_id, id)
      )`);
    await q.query(`CREATE INDEX api_client_district_name_idx ON api_client (district_id, lower(name), id)`);
    await protectTenantTable(q, 'api_client', 'SELECT, INSERT, UPDATE');

    await q.query(`
      CREATE TABLE api_client_secret (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        client_id uuid NOT NULL,
        secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        PRIMARY KEY (id),
        CONSTRAINT api_client_secret_district_id_key UNIQUE (district_id, id),
        CONSTRAINT api_client_secret_client_fkey FOREIGN KEY (district_id, client_id) REFERENCES api_client (district_id, id)
      )`);
    await q.query(`CREATE INDEX api_client_secret_client_idx ON api_client_secret (district_id, client_id)`);
    await protectTenantTable(q, 'api_client_secret', 'SELECT, INSERT, UPDATE');

    await q.query(`ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_actor_kind_check`);
    await q.query(`
      ALTER TABLE audit_event ADD CONSTRAINT audit_event_actor_kind_check
        CHECK (actor_kind IN ('STAFF', 'OPERATOR', 'SYSTEM', 'CLIENT'))`);

    await q.query(`
      CREATE FUNCTION api_client_district(p_client_id uuid)
      RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT district_id FROM api_client WHERE id = p_client_id
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION api_client_district(uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION api_client_district(uuid) TO ${APP_GROUP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS api_client_district(uuid)`);
    await q.query(`DELETE FROM audit_event WHERE actor_kind = 'CLIENT'`);
    await q.query(`ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_actor_kind_check`);
    await q.query(`
      ALTER TABLE audit_event ADD CONSTRAINT audit_event_actor_kind_check
        CHECK (actor_kind IN ('STAFF', 'OPERATOR', 'SYSTEM'))`);
    await q.query(`DROP TABLE IF EXISTS api_client_secret`);
    await q.query(`DROP TABLE IF EXISTS api_client`);
  }
}
