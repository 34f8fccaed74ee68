import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The sharding path (docs/scaling.md, "Distributing by district"): a table distributed by district_id (Citus) must
 * carry district_id in its primary key, in every unique constraint and unique index, and in every foreign key to
 * another distributed table, where district_id must meet district_id. This reads the migrated schema's catalog, so a
 * table or key added tomorrow without district_id fails here.
 *
 * The tables of the public schema without a district_id column are named below, each with the reason it is not a
 * tenant table and what it would be in a distributed database. A new table must either carry district_id or be
 * added here with its reason. The job queue lives in its own schema (graphile_worker, not ours: its jobs carry the
 * district in their payload) and stays on the coordinator.
 */
export const REFERENCE_TABLES: Readonly<Record<string, string>> = {
  district: 'the tenants themselves: a reference table (replicated to every node), referenced by every tenant table',
  migrations: 'the schema version applied (TypeORM); coordinator only',
  platform_operator: 'platform operators, who belong to no district: a reference table',
  operator_refresh_token: "platform operators' sessions (no district): a reference table",
  sign_in_throttle: 'failed sign-ins by hashed address or account, before any district is known: distributed by key',
  sign_in_throttle_secret: 'the one secret that keys the throttle: a reference table of one row',
  rate_limit_charge: "callers' hourly query budgets by hashed caller key: distributed by key (or Redis, REDIS_URL)",
  district_disposal: 'a disposal outlives its district (no district row to point at): a reference table',
  disposal_certificate: 'the proof a district was disposed of, kept after its rows are gone: a reference table',
};

let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new Client({ connectionString: db.ownerUrl });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** The public schema's tables: whether each has a district_id column. */
async function tables(c: Client): Promise<{ name: string; tenant: boolean }[]> {
  const { rows } = await c.query(`
    SELECT c.relname AS name,
           EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped) AS tenant
      FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
     ORDER BY c.relname`);
  return rows;
}

/**
 * Every key of a tenant table that a table distributed by district_id could not keep, one line each (empty when
 * the schema is ready): a missing or nullable district_id, a primary key, unique constraint, exclusion constraint or
 * unique index without district_id, a foreign key to a tenant table that does not match district_id to
 * district_id, and a foreign key from a reference table to a tenant table.
 */
async function keyViolations(c: Client): Promise<string[]> {
  const { rows } = await c.query(`
    WITH t AS (
      SELECT c.oid, c.relname,
             (SELECT a.attnum FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped) AS d,
             (SELECT a.attnotnull FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped) AS d_not_null
        FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
    )
    SELECT t.relname || ': district_id may be NULL' AS problem
      FROM t WHERE t.d IS NOT NULL AND NOT t.d_not_null
    UNION ALL
    SELECT t.relname || ': no primary key'
      FROM t WHERE t.d IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = t.oid AND k.contype = 'p')
    UNION ALL
    SELECT t.relname || ': ' || k.conname || ' ' || pg_get_constraintdef(k.oid) || ' lacks district_id'
      FROM t JOIN pg_constraint k ON k.conrelid = t.oid
     WHERE t.d IS NOT NULL AND k.contype IN ('p', 'u', 'x') AND NOT (t.d = ANY (k.conkey))
    UNION ALL
    SELECT t.relname || ': unique index ' || i.indexrelid::regclass::text || ' lacks district_id'
      FROM t JOIN pg_index i ON i.indrelid = t.oid
     WHERE t.d IS NOT NULL AND i.indisunique AND NOT (t.d = ANY (i.indkey::int2[]))
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
    UNION ALL
    SELECT t.relname || ': ' || f.conname || ' ' || pg_get_constraintdef(f.oid)
             || ' does not match district_id to district_id'
      FROM t JOIN pg_constraint f ON f.conrelid = t.oid AND f.contype = 'f'
      JOIN t r ON r.oid = f.confrelid
     WHERE t.d IS NOT NULL AND r.d IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM generate_subscripts(f.conkey, 1) s
                        WHERE f.conkey[s] = t.d AND f.confkey[s] = r.d)
    UNION ALL
    SELECT t.relname || ': ' || f.conname || ' points from a reference table into tenant table ' || r.relname
      FROM t JOIN pg_constraint f ON f.conrelid = t.oid AND f.contype = 'f'
      JOIN t r ON r.oid = f.confrelid
     WHERE t.d IS NULL AND r.d IS NOT NULL
     ORDER BY 1`);
  return rows.map((r: { problem: string }) => r.problem);
}

describe('every tenant key carries district_id (the sharding path)', () => {
  it('the tables without district_id are exactly the named reference tables, each with its reason', async () => {
    const all = await tables(client);
    const withoutDistrict = all.filter((t) => !t.tenant).map((t) => t.name);
    expect(withoutDistrict.sort()).toEqual(Object.keys(REFERENCE_TABLES).sort());
    for (const reason of Object.values(REFERENCE_TABLES)) expect(reason.length).toBeGreaterThan(20);
    // The check below is about something: most of the schema is tenant tables.
    expect(all.filter((t) => t.tenant).length).toBeGreaterThan(50);
  });

  it('every primary key, unique constraint, unique index and foreign key of a tenant table includes district_id', async () => {
    expect(await keyViolations(client)).toEqual([]);
  });

  it('the check names a tenant table whose keys leave district_id out', async () => {
    // A table the way the first migrations wrote them: keyed on id alone, with a token unique across districts and
    // a foreign key on id alone. Created and rolled back inside one transaction of this file's own database.
    await client.query('BEGIN');
    try {
      await client.query(`
        CREATE TABLE sharding_probe (
          id uuid PRIMARY KEY,
          district_id uuid NOT NULL REFERENCES district(id),
          token text UNIQUE,
          school_id uuid
        )`);
      await client.query(
        `CREATE UNIQUE INDEX sharding_probe_school_idx ON sharding_probe (school_id) WHERE token IS NULL`,
      );
      await client.query(`CREATE UNIQUE INDEX school_id_only_idx ON school (id)`);
      await client.query(
        `ALTER TABLE sharding_probe ADD CONSTRAINT sharding_probe_school_fkey FOREIGN KEY (school_id) REFERENCES school (id)`,
      );
      await client.query(`CREATE TABLE sharding_probe_ref (id uuid PRIMARY KEY, district_id_ref uuid, school_id uuid)`);
      await client.query(
        `ALTER TABLE sharding_probe_ref ADD CONSTRAINT sharding_probe_ref_fkey
           FOREIGN KEY (district_id_ref, school_id) REFERENCES school (district_id, id)`,
      );
      const problems = await keyViolations(client);
      expect(problems).toEqual(
        expect.arrayContaining([
          'sharding_probe: sharding_probe_pkey PRIMARY KEY (id) lacks district_id',
          'sharding_probe: sharding_probe_token_key UNIQUE (token) lacks district_id',
          'sharding_probe: unique index sharding_probe_school_idx lacks district_id',
          'school: unique index school_id_only_idx lacks district_id',
          'sharding_probe: sharding_probe_school_fkey FOREIGN KEY (school_id) REFERENCES school(id) does not match district_id to district_id',
          'sharding_probe_ref: sharding_probe_ref_fkey points from a reference table into tenant table school',
        ]),
      );
      expect(problems).toHaveLength(6);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
