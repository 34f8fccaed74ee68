import 'reflect-metadata';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrateConfiguredDatabase, resolveDatabase } from '../server/platform';
import { serveBenchApi } from './bench-api';
import { createAppDataSource } from '../server/data-source';
import { seedLarge, LARGE_ADMIN } from './seed-large';

/**
 * `npm run bench`: seeds the large district if needed, serves the real API in this process and measures what a
 * district's users wait for, printing figures (latency percentiles, throughput, memory) and the query plans of
 * the funnel's statements on the large data set.
 */
interface Result {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const logger = createLogger(config.logLevel);
  const db = await resolveDatabase(config, logger);
  const seedStart = Date.now();
  await migrateConfiguredDatabase(config, logger, db);
  const owner = createAppDataSource({ url: db.ownerUrl, poolMax: 1, applicationName: 'throughline-bench-seed' });
  await owner.initialize();
  const { districtId, created } = await seedLarge(owner, logger);
  await owner.destroy();
  const { app, http, url } = await serveBenchApi(config, logger, db, 'throughline-bench');
  const out = (line: string) => process.stdout.write(line + '\n');
  out(
    `Large district ${created ? `seeded in ${Math.round((Date.now() - seedStart) / 1000)} s` : 'already present'}; API on ${url}; pool ${config.databasePoolMax}`,
  );

  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data!;
  };
  const signIn = (await gql(
    `mutation { signIn(input: { email: "${LARGE_ADMIN}", password: "throughline-demo" }) { accessToken } }`,
  )) as { signIn: { accessToken: string } };
  const token = signIn.signIn.accessToken;

  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
  const [{ id: schoolId }] = await app.transaction(async (m) => {
    await m.query(`SELECT set_config('app.district_id', $1, true)`, [districtId]);
    return m.query(`SELECT id FROM school WHERE district_id = $1 ORDER BY code LIMIT 1`, [districtId]);
  });
  const schoolGid = Buffer.from(`School:${schoolId}`).toString('base64url');

  const only = process.env.BENCH_ONLY;
  const allCases: {
    name: string;
    query: string;
    variables?: Record<string, unknown>;
    runs: number;
    concurrency: number;
  }[] = [
    {
      name: 'schools, first page of 50',
      query: `{ schools(first: 50) { totalCount nodes { id name } } }`,
      runs: 200,
      concurrency: 8,
    },
    {
      name: 'strategy page x20 (mappings > conversation > 3 recent sessions > actions)',
      query: `{ strategies(first: 20) { nodes { title mappings { expectedChange conversation { title recentSessions(limit: 3) { state evidence { kind } quality { overall } actions { status overdue } } } } } } }`,
      runs: 100,
      concurrency: 4,
    },
    {
      name: 'sessions, a page of 100 in a window',
      query: `query($from: DateTimeISO) { sessions(first: 100, filter: { from: $from }) { totalCount nodes { id state } } }`,
      variables: { from: `${yearAgo}T00:00:00Z` },
      runs: 100,
      concurrency: 4,
    },
    {
      name: 'overdue actions, first 50',
      query: `{ actionItems(first: 50, filter: { overdue: true }) { totalCount nodes { id dueOn } } }`,
      runs: 100,
      concurrency: 4,
    },
    {
      name: 'funnel: district, school year, weekly trend',
      query: `query($w: DateWindowInput!) { funnel(scope: { kind: DISTRICT }, window: $w) { due held heldRate quality evidenceGroundedRate actionRate followThrough practiceChangeRate coverage trend { periodStart held } } }`,
      variables: { w: { from: yearAgo, to: today } },
      runs: 6,
      concurrency: 2,
    },
    {
      // Q3b of issue 14: the six headline numbers of the whole district over the school year, one at a time (p99)
      // and eight at once (max: all eight answered within it).
      name: 'funnel: district, six numbers',
      query: `query($w: DateWindowInput!) { funnel(scope: { kind: DISTRICT }, window: $w) { due held heldRate quality followThrough coverage } }`,
      variables: { w: { from: yearAgo, to: today } },
      // 60, not more: with the other district funnels of this run, within a person's hourly budget of query points.
      runs: 60,
      concurrency: 1,
    },
    {
      name: 'funnel: district, six numbers, 8 at once',
      query: `query($w: DateWindowInput!) { funnel(scope: { kind: DISTRICT }, window: $w) { due held heldRate quality followThrough coverage } }`,
      variables: { w: { from: yearAgo, to: today } },
      runs: 8,
      concurrency: 8,
    },
    {
      name: 'funnel: one school, school year',
      query: `query($w: DateWindowInput!, $s: ID) { funnel(scope: { kind: SCHOOL, id: $s }, window: $w) { due held heldRate quality followThrough coverage } }`,
      variables: { w: { from: yearAgo, to: today }, s: schoolGid },
      runs: 50,
      concurrency: 4,
    },
  ];

  const cases = only ? allCases.filter((c) => c.name.includes(only)) : allCases;
  const funnelCase = allCases.find((c) => c.name.startsWith('funnel: district'))!;
  const results: Result[] = [];
  for (const c of cases) {
    await gql(c.query, c.variables, token); // warm up
    const times: number[] = [];
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: c.concurrency }, async () => {
        while (next < c.runs) {
          next++;
          const t = performance.now();
          await gql(c.query, c.variables, token);
          times.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    times.sort((a, b) => a - b);
    results.push({
      name: c.name,
      runs: c.runs,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      max: times[times.length - 1],
      perSecond: c.runs / elapsed,
    });
  }
  out('');
  out('| case | runs | p50 ms | p95 ms | p99 ms | max ms | req/s |');
  out('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results)
    out(
      `| ${r.name} | ${r.runs} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.perSecond.toFixed(1)} |`,
    );
  const mem = process.memoryUsage();
  out('');
  out(
    `Memory after the runs: rss ${(mem.rss / 1048576).toFixed(0)} MiB, heap used ${(mem.heapUsed / 1048576).toFixed(0)} MiB`,
  );

  // The plans of the statements one district funnel runs: they should answer from indexes, not scan whole tables.
  const statements: { sql: string; params: unknown[] }[] = [];
  const original = PostgresQueryRunner.prototype.query;
  PostgresQueryRunner.prototype.query = function (
    this: PostgresQueryRunner,
    sql: string,
    params?: unknown[],
    ...rest: unknown[]
  ) {
    if (/FROM|from/.test(sql) && !/set_config/.test(sql)) statements.push({ sql, params: params ?? [] });
    return (original as (...a: unknown[]) => Promise<unknown>).call(this, sql, params, ...rest);
  } as typeof original;
  await gql(funnelCase.query, funnelCase.variables, token);
  PostgresQueryRunner.prototype.query = original;
  out('');
  out(`Query plans of the district funnel (${statements.length} statements):`);
  for (const [i, st] of statements.entries()) {
    const plan: { 'QUERY PLAN': string }[] = await app.transaction(async (m) => {
      await m.query(`SELECT set_config('app.district_id', $1, true)`, [districtId]);
      return m.query(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING ${process.env.BENCH_VERBOSE === '1' ? 'ON' : 'OFF'}, SUMMARY ON) ${st.sql}`,
        st.params,
      );
    });
    const lines = plan.map((p) => p['QUERY PLAN']);
    const seqScans = lines.filter((l) =>
      /Seq Scan on (conversation_session|action_item|quality_rating|session_attendance|session_evidence|staff_member)\b/.test(
        l,
      ),
    );
    const indexes = [
      ...new Set(
        lines.flatMap((l) => [...l.matchAll(/Index (?:Only )?Scan (?:Backward )?using (\w+)/g)].map((m) => m[1])),
      ),
    ];
    const time = lines.find((l) => l.startsWith('Execution Time'));
    out(
      `  ${i + 1}. ${time ?? ''}; indexes: ${indexes.join(', ') || 'none'}${seqScans.length ? `; sequential scans: ${seqScans.map((s) => s.trim()).join(' | ')}` : ''}`,
    );
    if (process.env.BENCH_VERBOSE === '1') for (const line of lines) out(`       ${line}`);
  }

  await http.close();
  await app.destroy();
  await db.embedded?.stop();
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
