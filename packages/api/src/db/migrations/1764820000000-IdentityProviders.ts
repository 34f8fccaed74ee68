import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE, protectTenantTable } from './rls';

/**
 * Single sign-on (OpenID Connect, modules/sso): a district's identity providers, the provider subjects linked to its
 * staff, and the sign-ins under way (state, nonce and PKCE verifier between the redirect to the provider and the
 * callback). District rows as everywhere: district_id on every row and in every key, RLS enabled and forced.
 *
 * A provider's client secret is stored sealed (AES-256-GCM under SECRETS_KEY, bound to the row by its associated
 * data): the column never holds it in clear, and the API never returns it.
 *
 * `district.password_sign_in_disabled`: once single sign-on works, a district admin may turn passwords off; then
 * auth_login_candidates() offers none of that district's people to a password sign-in. Platform operators are not
 * in a district and keep their passwords.
 *
 * Three functions answer what is needed before a district is known, with the owner's rights, as
 * auth_login_candidates() does for passwords: the sign-in options for an email domain or a district slug, the
 * district of an enabled provider, and taking (once: it deletes) the sign-in under way that a state names.
 */
export class IdentityProviders1764820000000 implements MigrationInterface {
  name = 'IdentityProviders1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE district ADD COLUMN password_sign_in_disabled boolean NOT NULL DEFAULT false`);

    await q.query(`
      CREATE TABLE identity_provider (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        preset text NOT NULL CHECK (preset IN ('GOOGLE', 'MICROSOFT', 'CLEVER', 'CLASSLINK', 'GENERIC')),
        issuer text NOT NULL CHECK (length(issuer) BETWEEN 8 AND 500),
        client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 500),
        client_secret_sealed text CHECK (length(client_secret_sealed) <= 4000),
        allowed_domains text[] NOT NULL CHECK (cardinality(allowed_domains) BETWEEN 1 AND 20),
        matching text NOT NULL DEFAULT 'VERIFIED_EMAIL' CHECK (matching IN ('VERIFIED_EMAIL', 'LINKED_SUBJECT')),
        provisioning text NOT NULL DEFAULT 'OFF' CHECK (provisioning IN ('OFF', 'INACTIVE_PENDING', 'DEFAULT_ROLE')),
        default_role text CHECK (default_role IN ('SCHOOL_LEADER', 'COACH', 'TEACHER')),
        default_school_id uuid,
        enabled boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        CONSTRAINT identity_provider_district_id_key UNIQUE (district_id, id),
        CONSTRAINT identity_provider_default_school_fkey
          FOREIGN KEY (district_id, default_school_id) REFERENCES school (district_id, id),
        CONSTRAINT identity_provider_default_role_given_check
          CHECK ((provisioning = 'DEFAULT_ROLE') = (default_role IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX identity_provider_name_key ON identity_provider (district_id, lower(name))`);
    await protectTenantTable(q, 'identity_provider');

    await q.query(`
      CREATE TABLE staff_identity (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        staff_member_id uuid NOT NULL,
        provider_id uuid NOT NULL,
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_sign_in_at timestamptz,
        PRIMARY KEY (id),
        CONSTRAINT staff_identity_district_id_key UNIQUE (district_id, id),
        CONSTRAINT staff_identity_subject_key UNIQUE (district_id, provider_id, subject),
        CONSTRAINT staff_identity_one_per_provider UNIQUE (district_id, provider_id, staff_member_id),
        CONSTRAINT staff_identity_staff_fkey
          FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id),
        CONSTRAINT staff_identity_provider_fkey
          FOREIGN KEY (district_id, provider_id) REFERENCES identity_provider (district_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX staff_identity_staff_idx ON staff_identity (district_id, staff_member_id)`);
    await protectTenantTable(q, 'staff_identity');

    await q.query(`
      CREATE TABLE sso_attempt (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        provider_id uuid NOT NULL,
        state_hash text NOT NULL CHECK (state_hash ~ '^[0-9a-f]{64}$'),
        nonce text NOT NULL CHECK (length(nonce) BETWEEN 16 AND 200),
        code_verifier text NOT NULL CHECK (length(code_verifier) BETWEEN 43 AND 128),
        redirect_uri text NOT NULL CHECK (length(redirect_uri) <= 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT sso_attempt_district_id_key UNIQUE (district_id, id),
        CONSTRAINT sso_attempt_state_key UNIQUE (district_id, state_hash),
        CONSTRAINT sso_attempt_provider_fkey
          FOREIGN KEY (district_id, provider_id) REFERENCES identity_provider (district_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX sso_attempt_expiry_idx ON sso_attempt (district_id, expires_at)`);
    // The callback finds its sign-in by the state alone (256 random bits), before it knows the district.
    await q.query(`CREATE INDEX sso_attempt_state_idx ON sso_attempt (state_hash)`);
    await protectTenantTable(q, 'sso_attempt', 'SELECT, INSERT, DELETE');

    await q.query(`
      CREATE FUNCTION sso_sign_in_options(p_slug text, p_domain text)
      RETURNS TABLE (district_id uuid, district_name text, district_slug text, password_sign_in boolean,
                     provider_id uuid, provider_name text, preset text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT d.id, d.name, d.slug, NOT d.password_sign_in_disabled, p.id, p.name, p.preset
          FROM district d
          LEFT JOIN identity_provider p
            ON p.district_id = d.id AND p.enabled AND (p_domain IS NULL OR p_domain = ANY (p.allowed_domains))
         WHERE d.status = 'ACTIVE'
           AND ((p_slug IS NOT NULL AND d.slug = p_slug)
             OR (p_slug IS NULL AND p_domain IS NOT NULL AND EXISTS (
                   SELECT 1 FROM identity_provider q
                    WHERE q.district_id = d.id AND q.enabled AND p_domain = ANY (q.allowed_domains))))
         ORDER BY d.name, d.id, p.name, p.id
         LIMIT 50
      $$`);
    await q.query(`
      CREATE FUNCTION sso_provider_district(p_provider_id uuid)
      RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT p.district_id FROM identity_provider p JOIN district d ON d.id = p.district_id
         WHERE p.id = p_provider_id AND p.enabled AND d.status = 'ACTIVE'
      $$`);
    await q.query(`
      CREATE FUNCTION sso_attempt_take(p_state_hash text)
      RETURNS TABLE (district_id uuid, provider_id uuid, nonce text, code_verifier text, redirect_uri text,
                     expired boolean)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DELETE FROM sso_attempt a WHERE a.state_hash = p_state_hash
        RETURNING a.district_id, a.provider_id, a.nonce, a.code_verifier, a.redirect_uri, a.expires_at <= now()
      $$`);
    for (const fn of ['sso_sign_in_options(text, text)', 'sso_provider_district(uuid)', 'sso_attempt_take(text)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_GROUP_ROLE}`);
    }

    // A district that turned passwords off offers none of its people to a password sign-in (operators unaffected).
    await q.query(loginCandidates(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(loginCandidates(false));
    await q.query(`DROP FUNCTION IF EXISTS sso_attempt_take(text)`);
    await q.query(`DROP FUNCTION IF EXISTS sso_provider_district(uuid)`);
    await q.query(`DROP FUNCTION IF EXISTS sso_sign_in_options(text, text)`);
    await q.query(`DROP TABLE IF EXISTS sso_attempt`);
    await q.query(`DROP TABLE IF EXISTS staff_identity`);
    await q.query(`DROP TABLE IF EXISTS identity_provider`);
    await q.query(`ALTER TABLE district DROP COLUMN IF EXISTS password_sign_in_disabled`);
  }
}

/** auth_login_candidates() of the Foundation migration, with or without the district's password switch. */
function loginCandidates(honourPasswordSwitch: boolean): string {
  return `
    CREATE OR REPLACE FUNCTION auth_login_candidates(p_email text)
    RETURNS TABLE (principal_kind text, principal_id uuid, district_id uuid, password_hash text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT 'STAFF', s.id, s.district_id, c.password_hash
        FROM staff_member s
        JOIN credential c ON c.district_id = s.district_id AND c.staff_member_id = s.id
        JOIN district d ON d.id = s.district_id
       WHERE lower(s.email) = lower(p_email) AND s.active AND d.status = 'ACTIVE'
         ${honourPasswordSwitch ? 'AND NOT d.password_sign_in_disabled' : ''}
      UNION ALL
      SELECT 'OPERATOR', o.id, NULL::uuid, o.password_hash
        FROM platform_operator o
       WHERE lower(o.email) = lower(p_email) AND o.active
    $$`;
}
