import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TenantTransaction, withTenantTransaction } from '../../packages/api/src/db/transaction';
import { createTestDatabase, openDataSource, type TestDatabase } from '../support/database';

/**
 * Closing accounting writes (TenantTransaction.atCommit with `durable: false`: the budget's charge). A transaction
 * that wrote nothing else commits without waiting for the disk (synchronous_commit off for that COMMIT only); one
 * that wrote anything else, or whose closing writes include a durable one, commits durably as ever. Each closing write
 * below records, as its points, the synchronous_commit in force when it ran: 1 for off, 2 for on.
 */
let db: TestDatabase;
let app: DataSource;
let owner: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await openDataSource(db.ownerUrl, 1);
  // The server's own default may be off (the embedded test PostgreSQL runs without fsync): this database's sessions
  // start durable, as a production server's do, so that what a transaction turns off is what the test sees.
  const name = new URL(db.appUrl).pathname.slice(1);
  await owner.query(`ALTER DATABASE "${name}" SET synchronous_commit = on`);
  // One connection: the next transaction runs on the connection the last one committed on.
  app = await openDataSource(db.appUrl, 1);
});
afterAll(async () => {
  await app?.destroy();
  await owner?.destroy();
  await db?.drop();
});

const newKey = () => randomBytes(32).toString('hex');
// Adds 1 to the key's budget row when its COMMIT does not wait for the disk, 2 when it does.
const recording = (key: string) =>
  `INSERT INTO rate_limit_charge AS c (key, points)
   SELECT '${key}', CASE current_setting('synchronous_commit') WHEN 'off' THEN 1 ELSE 2 END
   ON CONFLICT (key, charged_at, backend) DO UPDATE SET points = c.points + EXCLUDED.points`;

async function pointsOf(key: string): Promise<number[]> {
  const rows: { points: number }[] = await owner.query(
    `SELECT points FROM rate_limit_charge WHERE key = $1 ORDER BY points`,
    [key],
  );
  return rows.map((r) => r.points);
}

describe('closing accounting writes', () => {
  it('a transaction that only read commits its accounting without waiting for the disk, for that COMMIT only', async () => {
    const key = newKey();
    const tx = new TenantTransaction(app, { districtId: null });
    await (await tx.manager()).query(`SELECT 1`);
    tx.atCommit(recording(key), { durable: false });
    await tx.finish();
    // Written and visible to another connection at once.
    expect(await pointsOf(key)).toEqual([1]);
    // The setting died with the transaction: the next one on the same connection commits durably.
    const [{ setting }] = await withTenantTransaction(app, { districtId: null }, (m) =>
      m.query(`SELECT current_setting('synchronous_commit') AS setting`),
    );
    expect(setting).toBe('on');
  });

  it('a transaction that wrote anything else commits durably, its accounting included', async () => {
    const [key, written] = [newKey(), newKey()];
    const tx = new TenantTransaction(app, { districtId: null });
    await (await tx.manager()).query(`INSERT INTO rate_limit_charge (key, points) VALUES ($1, 5)`, [written]);
    tx.atCommit(recording(key), { durable: false });
    await tx.finish();
    expect(await pointsOf(key)).toEqual([2]);
    expect(await pointsOf(written)).toEqual([5]);
  });

  it('a closing write not marked as accounting keeps every COMMIT durable', async () => {
    const key = newKey();
    const tx = new TenantTransaction(app, { districtId: null });
    await (await tx.manager()).query(`SELECT 1`);
    tx.atCommit(recording(key), { durable: false });
    tx.atCommit(recording(key));
    await tx.finish();
    // Both added 2 (1 + 1, 1 + 2 would be 2 and 3).
    expect(await pointsOf(key)).toEqual([4]);
  });
});
