import type { DataSource } from 'typeorm';
import { NO_CLAIMS, TenantTransaction, withTenantTransaction } from '../../packages/api/src/db/transaction';
import { createAppDataSource } from '../../packages/api/src/server/data-source';
import { openDataSource } from '../support/database';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Tenancy through a pooled connection: the claim is transaction-local, so a connection handed from one district's
 * request to the next never carries the previous district along.
 */
let server: TestServer;
let pool: DataSource;
let north: string;
let south: string;

beforeAll(async () => {
  // Each caller floods 150 requests at once so that transactions interleave on the pool of two; the per-caller
  // bound (tested in overload.test.ts) is lifted here, or most of the flood would wait its turn instead.
  server = await startTestServer({ poolMax: 2, poolWaitMs: 60_000, requestLimits: { callerConcurrency: 200 } });
  pool = await openDataSource(server.db.appUrl, 2, 60_000);
  const rows = await server.owner.query(`SELECT id, slug FROM district`);
  north = rows.find((r: any) => r.slug === 'northfield').id;
  south = rows.find((r: any) => r.slug === 'southbrook').id;
});
afterAll(async () => {
  await pool.destroy();
  await server.close();
});

describe('a pool of two connections under interleaved tenants', () => {
  it('400 concurrent transactions for A, B and no district: each sees only its own rows (RLS alone, no WHERE)', async () => {
    const claims = Array.from({ length: 400 }, (_, i) => [north, south, null][i % 3]);
    const results = await Promise.all(
      claims.map((districtId) =>
        withTenantTransaction(pool, { districtId }, async (m) => {
          const rows: { d: string }[] = await m.query(`SELECT district_id::text AS d FROM staff_member`);
          // Give the other transactions a chance to interleave on the two connections.
          await m.query('SELECT pg_sleep(0.001)');
          const again: { d: string }[] = await m.query(`SELECT DISTINCT district_id::text AS d FROM school`);
          return { districtId, seen: [...new Set([...rows, ...again].map((r) => r.d))] };
        }),
      ),
    );
    const crossReads = results.filter((r) => r.seen.some((d) => d !== r.districtId));
    expect(crossReads).toEqual([]);
    expect(results.filter((r) => r.districtId === null).every((r) => r.seen.length === 0)).toBe(true);
    expect(results.filter((r) => r.districtId === north).every((r) => r.seen.length === 1)).toBe(true);
  });

  it('a connection released after an error is clean for the next borrower', async () => {
    await expect(
      withTenantTransaction(pool, { districtId: north }, async (m) => {
        await m.query('SELECT 1/0');
      }),
    ).rejects.toThrow();
    const seen = await Promise.all(
      [0, 1, 2, 3].map(() =>
        withTenantTransaction(pool, { districtId: null }, (m) => m.query(`SELECT count(*)::int AS n FROM school`)),
      ),
    );
    expect(seen.map((r) => r[0].n)).toEqual([0, 0, 0, 0]);
  });

  it('over HTTP with a pool of two: 300 interleaved requests by two district admins never cross-read', async () => {
    const a = await server.signIn('admin@northfield.example');
    const b = await server.signIn('admin@southbrook.example');
    const query = `{ currentDistrict { slug } schools(first: 100) { nodes { code } } staffMembers(first: 100) { nodes { email } } }`;
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i): [string, { accessToken: string }] =>
        i % 2 === 0 ? ['northfield', a] : ['southbrook', b],
      ).map(async ([slug, tokens]) => ({
        slug,
        res: await server.gql(query, {}, tokens.accessToken),
      })),
    );
    const wrong = responses.filter(({ slug, res }) => {
      const prefix = slug === 'northfield' ? 'NF-' : 'SB-';
      const domain = `@${slug}.example`;
      return (
        res.errors ||
        res.data?.currentDistrict.slug !== slug ||
        !res.data.schools.nodes.every((s: any) => s.code.startsWith(prefix)) ||
        !res.data.staffMembers.nodes.every((s: any) => s.email.endsWith(domain))
      );
    });
    expect(wrong).toEqual([]);
  });

  it('the pool is not exhausted afterwards: every query runner was released', async () => {
    const driverPool = (
      server.app.driver as unknown as { master: { totalCount: number; idleCount: number; waitingCount: number } }
    ).master;
    expect(driverPool.waitingCount).toBe(0);
    expect(driverPool.totalCount - driverPool.idleCount).toBe(0);
  });

  it('every transaction plans without JIT, begun plainly or by the one-message opening; the connection keeps its own setting', async () => {
    const JIT = `SELECT current_setting('jit') AS jit`;
    const plain = await withTenantTransaction(pool, { districtId: north }, (m) => m.query(JIT));
    const tx = new TenantTransaction(pool, NO_CLAIMS);
    const opened = await tx.open({ districtId: north }, JIT).finally(() => tx.finish());
    expect([plain[0].jit, opened[0].jit]).toEqual(['off', 'off']);
    // Transaction-local: the pooled connections, outside a transaction, are as the server set them.
    const [{ reset_val: serverDefault }] = await server.owner.query(
      `SELECT reset_val FROM pg_settings WHERE name = 'jit'`,
    );
    const outside = await Promise.all([0, 1].map(() => pool.query(JIT)));
    expect(outside.map((r) => r[0].jit)).toEqual([serverDefault, serverDefault]);
  });

  it('an idle connection stays open past the idle timeout: the pool keeps its size once opened, never opens ahead', async () => {
    const name = `throughline-fixed-pool-${process.pid}`;
    const fixed = createAppDataSource({ url: server.db.appUrl, poolMax: 3, applicationName: name });
    await fixed.initialize();
    const driverPool = (
      fixed.driver as unknown as { master: { totalCount: number; idleCount: number; options: Record<string, unknown> } }
    ).master;
    // The pool's own idle timeout, short: were the pool to close idle connections, they would go within 50 ms.
    driverPool.options.idleTimeoutMillis = 50;
    try {
      const open = async () =>
        Number(
          (
            await server.owner.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
              [name],
            )
          )[0].n,
        );
      // Three at once open the three connections (initialize opened one, used again).
      await Promise.all([0, 1, 2].map(() => fixed.query('SELECT pg_sleep(0.05)')));
      expect(await open()).toBe(3);
      // Twenty idle timeouts later, every connection is still there, warm for the next burst.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect([driverPool.totalCount, driverPool.idleCount]).toEqual([3, 3]);
      expect(await open()).toBe(3);
    } finally {
      await fixed.destroy();
    }
  });
});
