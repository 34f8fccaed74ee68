import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedDemo } from '../../packages/api/src/demo/seed-demo';
import { createLogger } from '../../packages/api/src/logger';
import { openDataSource } from '../support/database';

/**
 * The second wall, tested as the API's own database role with no help from the service layer: plain SQL without
 * any WHERE on district_id.
 */
let db: TestDatabase;
let districts: { north: string; south: string };
const TENANT_TABLES = ['school', 'staff_member', 'role_assignment', 'credential', 'audit_event'];

async function asApp<T>(districtId: string | null, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: db.appUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    if (districtId !== null) await client.query(`SELECT set_config('app.district_id', $1, true)`, [districtId]);
    const result = await work(client);
    await client.query('ROLLBACK');
    return result;
  } finally {
    await client.end();
  }
}

/** For each tenant table: the districts of the rows the API role sees. */
async function visibleDistricts(districtId: string | null): Promise<Record<string, string[]>> {
  return asApp(districtId, async (c) => {
    const out: Record<string, string[]> = {};
    for (const table of TENANT_TABLES) {
      const { rows } = await c.query(`SELECT DISTINCT district_id::text AS d FROM ${table}`);
      out[table] = rows.map((r) => r.d).sort();
    }
    return out;
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  const owner = await openDataSource(db.ownerUrl, 1);
  await seedDemo(owner, createLogger('silent'));
  const rows = await owner.query(`SELECT id, slug FROM district`);
  districts = {
    north: rows.find((r: any) => r.slug === 'northfield').id,
    south: rows.find((r: any) => r.slug === 'southbrook').id,
  };
  await owner.destroy();
});
afterAll(() => db.drop());

describe('row-level security as the API role', () => {
  it('with district A set, every tenant table shows A rows and no row of B', async () => {
    const seen = await visibleDistricts(districts.north);
    for (const table of TENANT_TABLES)
      expect({ table, districts: seen[table] }).toEqual({ table, districts: [districts.north] });
  });

  it('with no district set, no tenant table shows any row', async () => {
    const seen = await visibleDistricts(null);
    for (const table of TENANT_TABLES) expect({ table, districts: seen[table] }).toEqual({ table, districts: [] });
  });

  it('a setting once used and reset reads as no district (empty string), not as a leftover district', async () => {
    const rows = await asApp(null, async (c) => {
      await c.query(`SELECT set_config('app.district_id', '', true)`);
      return (await c.query(`SELECT count(*)::int AS n FROM school`)).rows[0].n;
    });
    expect(rows).toBe(0);
  });

  it('only its own district row is visible in district, unless the operator flag is set', async () => {
    const own = await asApp(districts.north, async (c) =>
      (await c.query(`SELECT id FROM district`)).rows.map((r) => r.id),
    );
    expect(own).toEqual([districts.north]);
    const none = await asApp(null, async (c) => (await c.query(`SELECT id FROM district`)).rows);
    expect(none).toEqual([]);
  });

  it('inserting a row for district B while A is set is refused by the policy (42501)', async () => {
    const error = await asApp(districts.north, async (c) => {
      try {
        await c.query(`INSERT INTO school (district_id, name, code) VALUES ($1, 'Intruder', 'X-1')`, [districts.south]);
        return null;
      } catch (e) {
        return e as { code: string };
      }
    });
    expect(error?.code).toBe('42501');
  });

  it("updating or deleting B's rows while A is set touches nothing", async () => {
    const affected = await asApp(districts.north, async (c) => {
      const u = await c.query(`UPDATE school SET name = 'hijacked' WHERE district_id = $1`, [districts.south]);
      const d = await c.query(`DELETE FROM role_assignment WHERE district_id = $1`, [districts.south]);
      return [u.rowCount, d.rowCount];
    });
    expect(affected).toEqual([0, 0]);
  });

  it('moving a row of A into B is refused', async () => {
    const error = await asApp(districts.north, async (c) => {
      try {
        await c.query(`UPDATE school SET district_id = $1`, [districts.south]);
        return null;
      } catch (e) {
        return e as { code: string };
      }
    });
    expect(error?.code).toBe('42501');
  });

  it('these checks fail when the policy is removed: without it the API role sees nothing at all', async () => {
    // Proof that the tests above can fail: drop the policy in a transaction as the owner, look as the API role.
    const owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query('DROP POLICY tenant_isolation ON school');
      await owner.query('SET LOCAL ROLE throughline_api');
      await owner.query(`SELECT set_config('app.district_id', $1, true)`, [districts.north]);
      const { rows } = await owner.query(`SELECT count(*)::int AS n FROM school`);
      expect(rows[0].n).toBe(0);
      await owner.query('RESET ROLE');
      await owner.query('ALTER TABLE school NO FORCE ROW LEVEL SECURITY');
      await owner.query('ALTER TABLE school DISABLE ROW LEVEL SECURITY');
      await owner.query('SET LOCAL ROLE throughline_api');
      const all = await owner.query(`SELECT DISTINCT district_id FROM school`);
      expect(all.rows.length).toBe(2);
    } finally {
      await owner.query('ROLLBACK');
      await owner.end();
    }
  });
});

describe('the schema catalog', () => {
  let owner: Client;
  beforeAll(async () => {
    owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
  });
  afterAll(() => owner.end());

  it('every table with a district_id column has it NOT NULL, RLS enabled and forced, and a policy on app.district_id', async () => {
    const { rows } = await owner.query(`
      SELECT c.relname AS table, a.attnotnull AS not_null, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             (SELECT array_agg(pg_get_expr(p.polqual, p.polrelid) || ' / ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''))
                FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
        FROM pg_class c
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
       ORDER BY 1`);
    expect(rows.map((r) => r.table)).toEqual(
      expect.arrayContaining([
        'audit_event',
        'credential',
        'refresh_token',
        'role_assignment',
        'school',
        'staff_member',
      ]),
    );
    for (const r of rows) {
      expect({ table: r.table, notNull: r.not_null, enabled: r.enabled, forced: r.forced }).toEqual({
        table: r.table,
        notNull: true,
        enabled: true,
        forced: true,
      });
      expect(r.policies?.length ?? 0).toBeGreaterThan(0);
      for (const p of r.policies)
        expect(p).toMatch(
          /current_setting\('app\.district_id'::text, true\).*\/.*current_setting\('app\.district_id'::text, true\)/,
        );
    }
  });

  it('every foreign key between tenant tables carries district_id', async () => {
    const { rows } = await owner.query(`
      SELECT con.conname, src.relname AS source, dst.relname AS target,
             (SELECT array_agg(att.attname::text) FROM pg_attribute att WHERE att.attrelid = con.conrelid AND att.attnum = ANY(con.conkey)) AS cols
        FROM pg_constraint con
        JOIN pg_class src ON src.oid = con.conrelid
        JOIN pg_class dst ON dst.oid = con.confrelid
       WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace
         AND dst.relname <> 'district'
         AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = dst.oid AND x.attname = 'district_id')`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect({ fk: r.conname, hasDistrict: r.cols.includes('district_id') }).toEqual({
        fk: r.conname,
        hasDistrict: true,
      });
  });

  it('unique constraints on tenant tables are per district (except surrogate keys and token hashes)', async () => {
    const { rows } = await owner.query(`
      SELECT c.relname AS table, i.relname AS index,
             (SELECT array_agg(att.attname::text) FROM pg_attribute att WHERE att.attrelid = c.oid AND att.attnum = ANY(ix.indkey)) AS cols,
             ix.indisprimary AS primary
        FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid
       WHERE ix.indisunique AND c.relnamespace = 'public'::regnamespace
         AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.oid AND x.attname = 'district_id')`);
    for (const r of rows) {
      const cols: string[] = r.cols ?? [];
      const surrogate = r.primary && cols.length === 1 && cols[0] === 'id';
      const tokenHash = cols.length === 1 && cols[0] === 'token_hash';
      if (surrogate || tokenHash) continue;
      expect({ index: r.index, perDistrict: cols.includes('district_id') }).toEqual({
        index: r.index,
        perDistrict: true,
      });
    }
  });

  it('the API role is neither superuser nor BYPASSRLS, and owns no table, view, sequence or function', async () => {
    const { rows } = await owner.query(
      `SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned_relations,
              (SELECT count(*)::int FROM pg_proc p WHERE p.proowner = r.oid) AS owned_functions
         FROM pg_roles r WHERE r.rolname = 'throughline_api'`,
    );
    expect(rows[0]).toEqual({
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
      owned_relations: 0,
      owned_functions: 0,
    });
  });

  it('the API role may not change or delete audit events, nor delete people', async () => {
    const { rows } = await owner.query(`
      SELECT has_table_privilege('throughline_api', 'audit_event', 'UPDATE') AS audit_update,
             has_table_privilege('throughline_api', 'audit_event', 'DELETE') AS audit_delete,
             has_table_privilege('throughline_api', 'staff_member', 'DELETE') AS staff_delete,
             has_column_privilege('throughline_api', 'platform_operator', 'password_hash', 'SELECT') AS operator_hash`);
    expect(rows[0]).toEqual({ audit_update: false, audit_delete: false, staff_delete: false, operator_hash: false });
  });
});
