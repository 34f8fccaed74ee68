import type { QueryRunner } from 'typeorm';

/** The group role every API login role belongs to; migrations grant table rights to it and nothing else. */
export const APP_GROUP_ROLE = 'throughline_app';

/**
 * The district of the current transaction, or NULL when none is set (a setting once used reads back as '').
 * Wrapped in a scalar subquery so PostgreSQL evaluates it once per statement (an InitPlan), not once per row.
 */
export const CURRENT_DISTRICT = `(SELECT nullif(current_setting('app.district_id', true), '')::uuid)`;

/**
 * Puts a tenant table behind the second wall: RLS enabled and forced (so even the owner is subject to it) and one
 * policy that compares district_id with the transaction-local setting, for reads and writes alike.
 */
export async function protectTenantTable(
  queryRunner: QueryRunner,
  table: string,
  privileges: string = 'SELECT, INSERT, UPDATE, DELETE',
): Promise<void> {
  await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(
    `CREATE POLICY tenant_isolation ON "${table}" USING (district_id = ${CURRENT_DISTRICT}) WITH CHECK (district_id = ${CURRENT_DISTRICT})`,
  );
  await queryRunner.query(`GRANT ${privileges} ON "${table}" TO ${APP_GROUP_ROLE}`);
}
