import type { DataSource } from 'typeorm';
import { createTestDatabase, openDataSource, type TestDatabase } from '../../../../../tests/support/database';
import { fromDatabaseError } from '../db-errors';

/** The safety net under the services' own checks: real PostgreSQL refusals, as the client hears them. */
let db: TestDatabase;
let owner: DataSource;
let districtId: string;

async function refusal(sql: string, params: unknown[]): Promise<unknown> {
  try {
    await owner.query(sql, params);
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse');
}

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await openDataSource(db.ownerUrl, 1);
  [{ id: districtId }] = await owner.query(
    `INSERT INTO district (name, slug, timezone) VALUES ('D', 'd', 'UTC') RETURNING id`,
  );
  await owner.query(`INSERT INTO school (district_id, name, code) VALUES ($1, 'A', 'A-1')`, [districtId]);
});
afterAll(async () => {
  await owner.destroy();
  await db.drop();
});

describe('database refusals', () => {
  it('a duplicate school code that slipped past the check is BAD_USER_INPUT naming code, without the constraint name', async () => {
    const mapped = fromDatabaseError(
      await refusal(`INSERT INTO school (district_id, name, code) VALUES ($1, 'B', 'A-1')`, [districtId]),
    );
    expect(mapped).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Invalid input: code',
      extensions: { fields: [{ field: 'code', message: expect.any(String) }] },
    });
    expect(JSON.stringify(mapped)).not.toContain('school_code_key');
  });

  it('a refused row-level security check (as the API role, writing into another district) is NOT_FOUND', async () => {
    const api = await openDataSource(db.appUrl, 1);
    try {
      const apiError = await api
        .transaction(async (m) => {
          await m.query(`SELECT set_config('app.district_id', gen_random_uuid()::text, true)`);
          await m.query(`INSERT INTO school (district_id, name, code) VALUES ($1, 'C', 'C-1')`, [districtId]);
        })
        .catch((e) => e);
      expect(fromDatabaseError(apiError)).toEqual({ code: 'NOT_FOUND', message: 'Not found' });
    } finally {
      await api.destroy();
    }
  });

  it('other errors are not ours to translate', () => {
    expect(fromDatabaseError(new Error('boom'))).toBeNull();
  });
});
