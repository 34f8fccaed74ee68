import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every tenant key carries district_id: the sharding path (docs/scaling.md, "Distributing by district";
 * tests/api/sharding-keys.test.ts reads the catalog).
 *
 * The tables below were keyed on `id` alone, with a second UNIQUE (district_id, id) that every composite foreign key
 * pointed at. Their primary key becomes (district_id, id) and takes over that unique constraint's work, so the
 * unique constraint goes. The foreign keys that depend on either index are dropped first and recreated afterwards
 * from their own definitions as read from pg_constraint (pg_get_constraintdef), so their columns, ON DELETE and
 * ON UPDATE actions, deferrability and names come back exactly as they were; they now rest on the new primary key.
 *
 * The two tokens looked up before any district is known (a refresh token and a calendar feed's token, through
 * auth_refresh_token_district and calendar_feed_district) become unique per district, keeping a plain index on the
 * hash for that lookup; a 256-bit random token does not meet another district's. Three SECURITY DEFINER lookups by
 * id alone (api_client_district, mail_message_district, sso_provider_district) keep a plain index on id.
 *
 * Down restores the keys on id alone, the UNIQUE (district_id, id) constraints under their old names, and the global
 * token uniques, the foreign keys again recreated from their own definitions.
 */
const KEYED_ON_ID: readonly (readonly [table: string, tenantUnique: string | null])[] = [
  ['action_date_change', 'action_date_change_district_id_key'],
  ['action_item', 'action_item_district_id_key'],
  ['api_client', 'api_client_district_id_key'],
  ['api_client_secret', 'api_client_secret_district_id_key'],
  ['audit_event', 'audit_event_district_id_key'],
  ['calendar_feed', 'calendar_feed_tenant_key'],
  ['confidential_read', 'confidential_read_district_id_key'],
  ['conversation_mapping', 'conversation_mapping_district_id_key'],
  ['conversation_session', 'conversation_session_district_id_key'],
  ['district_export', 'district_export_tenant_key'],
  ['identity_provider', 'identity_provider_district_id_key'],
  ['improvement_strategy', 'improvement_strategy_district_id_key'],
  ['learner_consent', 'learner_consent_district_id_id_key'],
  ['learning_conversation', 'learning_conversation_district_id_key'],
  ['mail_digest_item', 'mail_digest_item_tenant_key'],
  ['mail_message', 'mail_message_tenant_key'],
  ['non_school_day', 'non_school_day_district_id_key'],
  ['norm', 'norm_district_id_key'],
  ['outbox_event', 'outbox_event_district_id_key'],
  ['quality_rating', 'quality_rating_district_id_key'],
  ['question_bank_item', 'question_bank_item_district_id_key'],
  ['reflection', 'reflection_district_id_key'],
  ['reflection_prompt', 'reflection_prompt_district_id_key'],
  // The only one without a UNIQUE (district_id, id): nothing points at a refresh token.
  ['refresh_token', null],
  ['retention_run', 'retention_run_tenant_key'],
  ['role_assignment', 'role_assignment_district_id_key'],
  ['roster_import', 'roster_import_district_id_key'],
  ['roster_import_change', 'roster_import_change_district_id_key'],
  ['roster_import_problem', 'roster_import_problem_district_id_key'],
  ['rubric_criterion', 'rubric_criterion_district_id_key'],
  ['school', 'school_district_id_key'],
  ['session_evidence', 'session_evidence_district_id_key'],
  ['skill', 'skill_district_id_key'],
  ['sso_attempt', 'sso_attempt_district_id_key'],
  ['staff_identity', 'staff_identity_district_id_key'],
  ['staff_member', 'staff_member_district_id_key'],
  ['webhook_delivery', 'webhook_delivery_district_id_key'],
  ['webhook_endpoint', 'webhook_endpoint_district_id_key'],
];

/** Tables a SECURITY DEFINER function reads by id alone, before the district is known. */
const LOOKED_UP_BY_ID = ['api_client', 'mail_message', 'identity_provider'] as const;

/**
 * Drops the foreign keys that rest on any of the table's named constraints' indexes (ordered, so the same schema
 * always gives the same statements), runs the change, and recreates them from their own definitions.
 */
async function withForeignKeysSetAside(
  q: QueryRunner,
  table: string,
  constraints: string[],
  change: () => Promise<void>,
): Promise<void> {
  const fks: { drop: string; add: string }[] = await q.query(
    `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', f.conrelid::regclass, f.conname) AS drop,
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', f.conrelid::regclass, f.conname, pg_get_constraintdef(f.oid)) AS add
       FROM pg_constraint f
       JOIN pg_constraint k ON k.conindid = f.conindid AND k.conrelid = f.confrelid
      WHERE f.contype = 'f' AND f.confrelid = $1::regclass AND k.contype IN ('p', 'u') AND k.conname = ANY ($2)
      ORDER BY f.conrelid::regclass::text, f.conname`,
    [table, constraints],
  );
  for (const fk of fks) await q.query(fk.drop);
  await change();
  for (const fk of fks) await q.query(fk.add);
}

export class DistrictKeys1765100000000 implements MigrationInterface {
  name = 'DistrictKeys1765100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, tenantUnique] of KEYED_ON_ID) {
      const pkey = `${table}_pkey`;
      await withForeignKeysSetAside(q, table, tenantUnique ? [pkey, tenantUnique] : [pkey], async () => {
        if (tenantUnique) await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${tenantUnique}"`);
        await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${pkey}"`);
        await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${pkey}" PRIMARY KEY (district_id, id)`);
      });
    }
    for (const table of LOOKED_UP_BY_ID) await q.query(`CREATE INDEX "${table}_id_idx" ON "${table}" (id)`);

    await q.query(`ALTER TABLE refresh_token DROP CONSTRAINT refresh_token_token_hash_key`);
    await q.query(
      `ALTER TABLE refresh_token ADD CONSTRAINT refresh_token_token_hash_key UNIQUE (district_id, token_hash)`,
    );
    await q.query(`CREATE INDEX refresh_token_token_hash_idx ON refresh_token (token_hash)`);
    await q.query(`ALTER TABLE calendar_feed DROP CONSTRAINT calendar_feed_token_key`);
    await q.query(`ALTER TABLE calendar_feed ADD CONSTRAINT calendar_feed_token_key UNIQUE (district_id, token_hash)`);
    await q.query(`CREATE INDEX calendar_feed_token_idx ON calendar_feed (token_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS calendar_feed_token_idx`);
    await q.query(`ALTER TABLE calendar_feed DROP CONSTRAINT calendar_feed_token_key`);
    await q.query(`ALTER TABLE calendar_feed ADD CONSTRAINT calendar_feed_token_key UNIQUE (token_hash)`);
    await q.query(`DROP INDEX IF EXISTS refresh_token_token_hash_idx`);
    await q.query(`ALTER TABLE refresh_token DROP CONSTRAINT refresh_token_token_hash_key`);
    await q.query(`ALTER TABLE refresh_token ADD CONSTRAINT refresh_token_token_hash_key UNIQUE (token_hash)`);

    for (const table of LOOKED_UP_BY_ID) await q.query(`DROP INDEX IF EXISTS "${table}_id_idx"`);
    for (const [table, tenantUnique] of [...KEYED_ON_ID].reverse()) {
      const pkey = `${table}_pkey`;
      await withForeignKeysSetAside(q, table, [pkey], async () => {
        await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${pkey}"`);
        await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${pkey}" PRIMARY KEY (id)`);
        if (tenantUnique)
          await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${tenantUnique}" UNIQUE (district_id, id)`);
      });
    }
  }
}
