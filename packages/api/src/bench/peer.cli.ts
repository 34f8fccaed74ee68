import './production-env';
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrateConfiguredDatabase, resolveDatabase } from '../server/platform';
import { createAppDataSource } from '../server/data-source';
import { appUrlFrom } from '../db/bootstrap';
import { generateSigningJwk, keySetFromJwks } from '../auth/keys';
import { verifyAccessToken } from '../auth/tokens';
import { createHttpApp } from '../server/app';
import { seedLarge, LARGE_ADMIN } from './seed-large';

/**
 * `npm run bench:peer`: Throughline beside PostGraphile v5 (Amber preset and the connection filter, a dev-only
 * dependency of this benchmark) and hand-written SQL through `pg` (the floor), on the benchmark district, in one run on
 * the same PostgreSQL, the same API role, the same row-level security and claims (app.district_id,
 * app.staff_member_id, set transaction-locally), the same ES256 token, and a pool of 10 each.
 *
 * Each server runs in a child process of its own (`peer.cli.js throughline|postgraphile`), so its RSS and the
 * statements it sends (counted at pg's Client.query: one per round trip) are its own. The driver signs in, runs each
 * query on the three (A B C A B C …), checks they answer the same rows, and prints p50/p95/p99, requests per second at
 * concurrency 8, statements per request and RSS, with the ratios against the targets of issue 14.
 *
 * Queries: Q1 a page of 100 sessions with their conversation's title and facilitator; Q2 20 strategies -> their
 * mapped conversations -> the last 3 past sessions of each -> their actions.
 */

const PG_MAX = 10;
const CONCURRENCY = 8;

/** PostGraphile 5.1 expects Node 22's Promise.withResolvers: three lines for Node 20, in this benchmark only. */
function polyfillWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve!: (v: unknown) => void, reject!: (e: unknown) => void;
    const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
    return { promise, resolve, reject };
  };
}

/** Counts every round trip a pg module's clients send (statements per request). */
function countStatements(pgModule: typeof pg): { count: () => number } {
  let n = 0;
  const proto = pgModule.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  return { count: () => n };
}

/** The child's own stats endpoint: statements sent so far and RSS. */
function statsServer(count: () => number): Promise<number> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ statements: count(), rss: process.memoryUsage().rss }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function serveThroughline(): Promise<void> {
  const counter = countStatements(pg);
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'error', JOB_WORKER: 'off' });
  const logger = createLogger('error');
  const app = createAppDataSource({
    url: process.env.PEER_APP_URL!,
    poolMax: PG_MAX,
    poolWaitMs: config.databasePoolWaitMs,
    applicationName: 'throughline-bench-peer',
  });
  await app.initialize();
  const keys = await keySetFromJwks(process.env.JWT_SIGNING_KEYS!);
  const server = await createHttpApp(app, {
    keys,
    tokens: { issuer: 'bench', audience: 'bench', accessTokenTtlSeconds: 3600 },
    refreshTokenTtlSeconds: 3600,
    logger,
    // Budgets and per-caller turn-taking as configured; the benchmark's caller must not be refused for its volume.
    rateLimits: { pointsPerWindow: 1_000_000_000 },
    requestLimits: { deadlineMs: config.requestDeadlineMs, callerConcurrency: CONCURRENCY, callerWaitMs: 60_000 },
  });
  const { port } = await server.listen(0, '127.0.0.1');
  process.stdout.write(`ready ${port} ${await statsServer(counter.count)}\n`);
}

async function servePostgraphile(): Promise<void> {
  polyfillWithResolvers();
  // The pg module PostGraphile's adaptor uses (its own copy where npm nested one).
  const adaptorPath = require.resolve('postgraphile/adaptors/pg');
  const pgModule: Json = await import(require.resolve('pg', { paths: [adaptorPath] }));
  const pgOfAdaptor = (pgModule.default ?? pgModule) as typeof pg;
  const counter = countStatements(pgOfAdaptor);
  const { postgraphile } = await import('postgraphile');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { grafserv } = await import('postgraphile/grafserv/node');
  const { PostGraphileConnectionFilterPreset } = await import('postgraphile-plugin-connection-filter');
  const keys = await keySetFromJwks(process.env.JWT_SIGNING_KEYS!);
  const pool = new pgOfAdaptor.Pool({ connectionString: process.env.PEER_APP_URL!, max: PG_MAX });
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
    // Expose the reverse relations whose foreign key is served by a partial unique index (a strategy's mappings).
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    pgServices: [makePgService({ pool, schemas: ['public'] })],
    grafast: {
      explain: false,
      // The same claims as Throughline's, from the same verified token, set transaction-locally (set_config).
      context: async (ctx: Partial<Grafast.RequestContext>) => {
        const auth = (ctx.node?.req?.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        const claims = await verifyAccessToken(keys, { issuer: 'bench', audience: 'bench' } as never, auth);
        return {
          pgSettings: {
            'app.district_id': claims.districtId ?? '',
            'app.staff_member_id': claims.subject,
            statement_timeout: '15000ms',
          },
        };
      },
    },
    grafserv: { graphqlPath: '/graphql', graphiql: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = http.createServer();
  serv.addTo(server);
  await pgl.getSchema();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`ready ${(server.address() as AddressInfo).port} ${await statsServer(counter.count)}\n`);
}

interface Child {
  proc: ChildProcess;
  url: string;
  stats: () => Promise<{ statements: number; rss: number }>;
}

function startChild(kind: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const proc = spawn(process.execPath, [__filename, kind], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.once('exit', (code) => reject(new Error(`${kind} exited (${code}) before it was ready`)));
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready (\d+) (\d+)/.exec(out);
      if (!m) return;
      resolve({
        proc,
        url: `http://127.0.0.1:${m[1]}/graphql`,
        stats: async () => (await fetch(`http://127.0.0.1:${m[2]}/`)).json() as never,
      });
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A GraphQL answer or a row, walked without a schema of its own (each system names things its way). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

type Runner = () => Promise<unknown>;
interface System {
  name: string;
  q1: Runner;
  q2: Runner;
  statements: () => Promise<number>;
  rss: () => Promise<number>;
}

async function main(): Promise<void> {
  const jwk = await generateSigningJwk();
  process.env.JWT_SIGNING_KEYS ??= JSON.stringify([jwk]);
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const logger = createLogger(config.logLevel);
  const db = await resolveDatabase(config, logger);
  const out = (line = '') => process.stdout.write(line + '\n');
  const children: Child[] = [];
  try {
    await migrateConfiguredDatabase(config, logger, db);
    const owner = createAppDataSource({ url: db.ownerUrl, poolMax: 1, applicationName: 'throughline-bench-peer-seed' });
    await owner.initialize();
    const seeded = await seedLarge(owner, logger);
    await owner.destroy();
    out(
      `Benchmark district ${seeded.created ? `seeded in ${seeded.seconds} s` : 'already present'}; NODE_ENV=${process.env.NODE_ENV}; pool ${PG_MAX} each; concurrency ${CONCURRENCY}`,
    );
    const appUrl = config.databaseAppUrl ?? appUrlFrom(db.ownerUrl, config.databaseAppRole, db.appPassword);
    const env = { ...process.env, PEER_APP_URL: appUrl };
    const tl = await startChild('throughline', env);
    children.push(tl);
    const pgl = await startChild('postgraphile', env);
    children.push(pgl);

    const post = async (url: string, query: string, variables: Record<string, unknown>, token: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Json; errors?: unknown[] };
      if (body.errors || !body.data) throw new Error(`${url}: ${JSON.stringify(body.errors).slice(0, 400)}`);
      return body.data;
    };
    const signIn = await fetch(tl.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }`,
        variables: { i: { email: LARGE_ADMIN, password: 'throughline-demo' } },
      }),
    });
    const token: string = ((await signIn.json()) as Json).data.signIn.accessToken;
    const claims = await verifyAccessToken(
      await keySetFromJwks(process.env.JWT_SIGNING_KEYS!),
      { issuer: 'bench', audience: 'bench' } as never,
      token,
    );

    const from = new Date(Date.now() - 120 * 86_400_000).toISOString();
    const now = new Date().toISOString();

    // The floor: hand-written SQL through pg, the same role and claims; begin and claims in one message.
    let floorStatements = 0;
    const pool = new pg.Pool({ connectionString: appUrl, max: PG_MAX });
    const floor = async (sql: string, params: unknown[]) => {
      const client = await pool.connect();
      try {
        floorStatements += 3;
        await client.query(
          `START TRANSACTION; SELECT set_config('app.district_id', ${client.escapeLiteral(claims.districtId!)}, true), set_config('app.staff_member_id', ${client.escapeLiteral(claims.subject)}, true)`,
        );
        const { rows } = await client.query(sql, params);
        await client.query('COMMIT');
        return rows;
      } finally {
        client.release();
      }
    };

    const Q1_TL = `query($from: DateTimeISO) { sessions(first: 100, filter: { from: $from }) { nodes { id scheduledAt conversation { title facilitator { givenName familyName } } } } }`;
    const Q1_PG = `query($from: Datetime) { allConversationSessions(first: 100, orderBy: [SCHEDULED_AT_ASC, PRIMARY_KEY_ASC], filter: { scheduledAt: { greaterThanOrEqualTo: $from } }) { nodes { rowId scheduledAt learningConversationByDistrictIdAndConversationId { title staffMemberByDistrictIdAndFacilitatorId { givenName familyName } } } } }`;
    const Q1_SQL = `SELECT s.id, s.scheduled_at, c.title, f.given_name, f.family_name
      FROM conversation_session s
      JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
      JOIN staff_member f ON f.district_id = c.district_id AND f.id = c.facilitator_id
     WHERE s.district_id = $1 AND s.scheduled_at >= $2 ORDER BY s.scheduled_at, s.id LIMIT 100`;
    const Q2_TL = `{ strategies(first: 20) { nodes { id title mappings { conversation { id title recentSessions(limit: 3) { id scheduledAt actions { id status dueOn } } } } } } }`;
    const Q2_PG = `query($now: Datetime) { allImprovementStrategies(first: 20, orderBy: [TITLE_ASC, PRIMARY_KEY_ASC]) { nodes { rowId title conversationMappingsByDistrictIdAndStrategyId(filter: { validTo: { isNull: true } }) { nodes { learningConversationByDistrictIdAndConversationId { rowId title conversationSessionsByDistrictIdAndConversationId(first: 3, orderBy: SCHEDULED_AT_DESC, filter: { scheduledAt: { lessThan: $now } }) { nodes { rowId scheduledAt actionItemsByDistrictIdAndSessionId { nodes { rowId status dueOn } } } } } } } } } }`;
    const Q2_SQL = `SELECT st.id, st.title,
        (SELECT coalesce(json_agg(json_build_object('id', c.id, 'title', c.title, 'sessions',
            (SELECT coalesce(json_agg(json_build_object('id', s.id, 'actions',
                (SELECT coalesce(json_agg(a.id), '[]') FROM action_item a WHERE a.district_id = s.district_id AND a.session_id = s.id))
              ORDER BY s.scheduled_at DESC), '[]')
               FROM (SELECT s.* FROM conversation_session s WHERE s.district_id = c.district_id AND s.conversation_id = c.id
                        AND s.scheduled_at < now() ORDER BY s.scheduled_at DESC LIMIT 3) s))), '[]')
           FROM conversation_mapping m JOIN learning_conversation c ON c.district_id = m.district_id AND c.id = m.conversation_id
          WHERE m.district_id = st.district_id AND m.strategy_id = st.id AND m.valid_to IS NULL) AS conversations
      FROM improvement_strategy st WHERE st.district_id = $1 ORDER BY st.title, st.id LIMIT 20`;

    // Each answer reduced to the same shape: ids in order, for comparison.
    const systems: System[] = [
      {
        name: 'Throughline',
        q1: async () =>
          (await post(tl.url, Q1_TL, { from }, token)).sessions.nodes.map(
            (n: Json) => `${rawId(n.id)} ${n.conversation.title} ${n.conversation.facilitator.familyName}`,
          ),
        q2: async () =>
          (await post(tl.url, Q2_TL, {}, token)).strategies.nodes.map(
            (s: Json) =>
              `${rawId(s.id)}:` +
              s.mappings
                .map(
                  (m: Json) =>
                    `${rawId(m.conversation.id)}[${m.conversation.recentSessions.map((x: Json) => `${rawId(x.id)}(${x.actions.map((a: Json) => rawId(a.id)).sort()})`)}]`,
                )
                .sort()
                .join(';'),
          ),
        statements: async () => (await tl.stats()).statements,
        rss: async () => (await tl.stats()).rss,
      },
      {
        name: 'PostGraphile',
        q1: async () =>
          (await post(pgl.url, Q1_PG, { from }, token)).allConversationSessions.nodes.map(
            (n: Json) =>
              `${n.rowId} ${n.learningConversationByDistrictIdAndConversationId.title} ${n.learningConversationByDistrictIdAndConversationId.staffMemberByDistrictIdAndFacilitatorId.familyName}`,
          ),
        q2: async () =>
          (await post(pgl.url, Q2_PG, { now }, token)).allImprovementStrategies.nodes.map(
            (s: Json) =>
              `${s.rowId}:` +
              s.conversationMappingsByDistrictIdAndStrategyId.nodes
                .map((m: Json) => {
                  const c = m.learningConversationByDistrictIdAndConversationId;
                  return `${c.rowId}[${c.conversationSessionsByDistrictIdAndConversationId.nodes.map((x: Json) => `${x.rowId}(${x.actionItemsByDistrictIdAndSessionId.nodes.map((a: Json) => a.rowId).sort()})`)}]`;
                })
                .sort()
                .join(';'),
          ),
        statements: async () => (await pgl.stats()).statements,
        rss: async () => (await pgl.stats()).rss,
      },
      {
        name: 'SQL floor',
        q1: async () =>
          (await floor(Q1_SQL, [claims.districtId, from])).map((r: Json) => `${r.id} ${r.title} ${r.family_name}`),
        q2: async () =>
          (await floor(Q2_SQL, [claims.districtId])).map(
            (s: Json) =>
              `${s.id}:` +
              s.conversations
                .map((c: Json) => `${c.id}[${c.sessions.map((x: Json) => `${x.id}(${[...x.actions].sort()})`)}]`)
                .sort()
                .join(';'),
          ),
        statements: async () => floorStatements,
        rss: async () => process.memoryUsage().rss,
      },
    ];

    const queries: { name: string; run: (s: System) => Promise<unknown> }[] = [
      { name: 'Q1 page of 100 sessions + conversation title + facilitator', run: (s) => s.q1() },
      { name: 'Q2 20 strategies > conversations > last 3 sessions > actions', run: (s) => s.q2() },
    ];
    const rounds = Number(process.env.PEER_ROUNDS ?? 40);
    const loadRequests = Number(process.env.PEER_LOAD_REQUESTS ?? 80);
    const rows: string[] = [];
    const figures: Record<
      string,
      Record<string, { p50: number; p95: number; p99: number; rps: number; stm: number }>
    > = {};
    for (const q of queries) {
      // The answers agree.
      const answers = await Promise.all(systems.map((s) => q.run(s)));
      const same = answers.every((a) => JSON.stringify(a) === JSON.stringify(answers[0]));
      out(`${q.name}: answers ${same ? 'agree' : 'DIFFER'} (${(answers[0] as unknown[]).length} rows)`);
      if (!same)
        for (const [i, a] of answers.entries()) out(`  ${systems[i].name}: ${JSON.stringify(a).slice(0, 300)}`);
      // Latency, interleaved A B C A B C, one at a time.
      const times = systems.map(() => [] as number[]);
      const before = await Promise.all(systems.map((s) => s.statements()));
      for (let r = 0; r < rounds; r++) {
        for (const [i, s] of systems.entries()) {
          const t = performance.now();
          await q.run(s);
          times[i].push(performance.now() - t);
        }
      }
      const after = await Promise.all(systems.map((s) => s.statements()));
      figures[q.name] = {};
      for (const [i, s] of systems.entries()) {
        // Throughput at concurrency 8.
        let next = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next++ < loadRequests) await q.run(s);
          }),
        );
        const rps = loadRequests / ((performance.now() - started) / 1000);
        const sorted = times[i].sort((a, b) => a - b);
        figures[q.name][s.name] = {
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          rps,
          stm: (after[i] - before[i]) / rounds,
        };
      }
    }
    out('');
    out('| query | system | p50 ms | p95 ms | p99 ms | req/s at 8 | statements/request |');
    out('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [q, bySystem] of Object.entries(figures)) {
      for (const [name, f] of Object.entries(bySystem)) {
        out(
          `| ${q.slice(0, 2)} | ${name} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.rps.toFixed(0)} | ${f.stm.toFixed(1)} |`,
        );
      }
    }
    out('');
    out('Targets (issue 14):');
    for (const [q, f] of Object.entries(figures)) {
      const tlf = f['Throughline'];
      const pgf = f['PostGraphile'];
      const p50 = tlf.p50 / pgf.p50;
      const rps = tlf.rps / pgf.rps;
      rows.push(
        `  ${q.slice(0, 2)}: TL/PG p50 ${p50.toFixed(2)}x (target <= 1.0x: ${p50 <= 1 ? 'met' : 'NOT met'}); ` +
          `req/s TL/PG ${rps.toFixed(2)}x (target >= 1.0x: ${rps >= 1 ? 'met' : 'NOT met'}); ` +
          `statements ${tlf.stm.toFixed(1)} per request (target <= 4: ${tlf.stm <= 4 ? 'met' : 'NOT met'})`,
      );
    }
    for (const r of rows) out(r);
    const tlRss = (await systems[0].rss()) / 1048576;
    const pgRss = (await systems[1].rss()) / 1048576;
    out(
      `  RSS after sustained load: Throughline ${tlRss.toFixed(0)} MiB (target < 250 MiB: ${tlRss < 250 ? 'met' : 'NOT met'}), PostGraphile ${pgRss.toFixed(0)} MiB`,
    );
    out('  Q3a/Q3b (the funnel) and the growth targets are not measured by this benchmark yet.');
    await pool.end();
  } finally {
    for (const c of children) c.proc.kill('SIGTERM');
    await db.embedded?.stop();
  }
}

const role = process.argv[2];
const run = role === 'throughline' ? serveThroughline : role === 'postgraphile' ? servePostgraphile : main;
run().catch((error) => {
  process.stderr.write(
    `bench:peer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
