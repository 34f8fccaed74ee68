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

/**
 * Runs `work` once for each district, under that district's own row-level security (the owner is subject to it:
 * FORCE): a migration's backfill of a tenant table.
 */
export async function forEachDistrict(q: QueryRunner, work: (districtId: string) => Promise<unknown>): Promise<void> {
  await q.query(`SELECT set_config('app.platform_operator', 'on', true)`);
  const districts: { id: string }[] = await q.query(`SELECT id FROM district ORDER BY id`);
  await q.query(`SELECT set_config('app.platform_operator', '', true)`);
  for (const d of districts) {
    await q.query(`SELECT set_config('app.district_id', $1, true)`, [d.id]);
    await work(d.id);
  }
  await q.query(`SELECT set_config('app.district_id', '', true)`);
}
