import type { DataSource } from 'typeorm';
import { seedLarge } from '../../packages/api/src/bench/seed-large';
import { verifyRollups } from '../../packages/api/src/modules/analytics/rollup';
import { createLogger } from '../../packages/api/src/logger';
import { createTestDatabase, openDataSource, type TestDatabase } from '../support/database';

/**
 * The benchmark district (`npm run seed:large`), built small: its funnel rollups, of who was expected at each
 * session included (rebuilt once after the bulk insert rather than by the insert's trigger), agree with a rebuild from
 * the raw rows, the trigger it turned off for that insert is on again for every later write, and its tables are
 * vacuumed once committed.
 */
let db: TestDatabase;
let owner: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await openDataSource(db.ownerUrl, 2);
});
afterAll(async () => {
  await owner?.destroy();
  await db?.drop();
});

it("builds a district whose rollups agree with the raw rows, leaves the funnel's triggers on, and vacuums", async () => {
  const seeded = await seedLarge(owner, createLogger('silent'), {
    schools: 2,
    staffPerSchool: 6,
    conversationsPerSchool: 2,
    sessionsPerConversation: 12,
    actionsPerHeldSession: 2,
  });
  expect(seeded.created).toBe(true);
  const [{ expected }] = await owner.query(
    `SELECT count(*)::int AS expected FROM session_expected_participant WHERE district_id = $1`,
    [seeded.districtId],
  );
  expect(expected).toBeGreaterThan(0);
  const [{ people }] = await owner.query(`SELECT count(*)::int AS people FROM funnel_person WHERE district_id = $1`, [
    seeded.districtId,
  ]);
  expect(people).toBeGreaterThan(0);
  expect(await verifyRollups(owner, seeded.districtId)).toEqual([]);
  const triggers = await owner.query(
    `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'session_expected_participant'::regclass AND NOT tgisinternal`,
  );
  expect(triggers.length).toBe(3);
  expect(triggers.every((t: { tgenabled: string }) => t.tgenabled === 'O')).toBe(true);
  // Vacuumed once committed: measured as a district that has lived a while, not as freshly written pages.
  const [{ vacuumed }] = await owner.query(
    `SELECT last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = 'conversation_session'`,
  );
  expect(vacuumed).toBe(true);
});
