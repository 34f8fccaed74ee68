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
import { funnelSummarySql } from '../modules/analytics/funnel.sql';
import { rollupFunnelSql } from '../modules/analytics/rollup.sql';
import { settingsSql } from '../modules/analytics/funnel.service';
import { APP_GROUP_ROLE } from '../db/migrations/rls';
import { FunnelScopeKind } from '../modules/analytics/funnel.input';
import type { FunnelScope } from '../modules/analytics/funnel-scope';

/**
 * `npm run bench:peer`: Throughline beside PostGraphile v5 (Amber preset and the connection filter, a dev-only
 * dependency of this benchmark) and hand-written SQL through `pg` (the floor), on the benchmark district, in one run on
 * the same PostgreSQL, the same API role, the same row-level security and claims (app.district_id,
 * app.staff_member_id, set transaction-locally), the same ES256 token, and a pool of 10 each.
 *
 * Each server runs in a child process of its own (`peer.cli.js throughline|postgraphile`), so its RSS and the
 * statements it sends (counted at pg's Client.query: one per round trip) are its own. The driver signs in, runs each
 * query on the three (A B C A B C …), checks they answer the same rows, and prints p50/p95/p99, requests per second at
 * concurrency 8, each server process's CPU time per request (one at a time and at concurrency 8), statements per
 * request and RSS, with the ratios against the targets of issue 14.
 *
 * Queries: Q1 a page of 100 sessions with their conversation's title and facilitator; Q2 20 strategies -> their
 * mapped conversations -> the last 3 past sessions of each -> their actions; Q3a one school's funnel over the school
 * year and Q3b the whole district's (the six headline numbers: due, held, held rate, quality, follow-through, reach).
 * Throughline serves the funnel from its rollups; PostGraphile has no funnel of its own, so it exposes functions of
 * the benchmark's own schema (`bench_peer`, created here, not by a migration) holding Throughline's statement over the
 * same rollups (analytics/rollup.sql.ts rollupFunnelSql, for the six numbers), which is also what the floor runs: the
 * three read the same rows under the same row-level security. The raw rows' answer (analytics/funnel.sql.ts
 * funnelSummarySql) is read once and checked against theirs, not timed.
 *
 * Requests per second are timed after one untimed warm-up slice per system, whose time is printed: the rounds one at
 * a time use one pooled connection, so the others meet the statement first at concurrency 8 and plan it there (in the
 * first of four slices, 1.1 s of Throughline's 2.1 s and 0.8 s of PostGraphile's 2.0 s on this machine: that figure
 * measured mostly cold connections).
 *
 * Then the growth lines: Throughline's Q1 at 10 and 100 rows, Q2 at 5 and 50 strategies, PostGraphile's and the
 * floor's beside them.
 *
 * Knobs: PEER_ROUNDS (sequential rounds per query, 200: p99 is then the second slowest, not the slowest),
 * PEER_LOAD_REQUESTS (requests at concurrency 8, 240), PEER_GROWTH_ROUNDS (100: the median of 20 moved by a third between runs),
 * PEER_NODE_FLAGS (Node and V8 flags for both servers, their output on stderr), PEER_QUERIES, PEER_PROFILE_DIR.
 */

const PG_MAX = 10;
const CONCURRENCY = 8;
/** The load at concurrency 8 is taken in this many slices per system, in turn. */
const LOAD_SLICES = 4;

/** The floor's statement names: one per text. */
const floorNames = new Map<string, string>();
function floorStatementName(sql: string): string {
  let name = floorNames.get(sql);
  if (!name) floorNames.set(sql, (name = `floor_${floorNames.size}`));
  return name;
}

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

/**
 * The child's own stats endpoint: statements sent so far and the process's CPU time so far (µs), polled around every
 * run; `/rss` adds the RSS (reading it costs the server more than a small request: only asked for once).
 */
function statsServer(count: () => number): Promise<number> {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const cpu = process.cpuUsage();
    const rss = req.url === '/rss' ? process.memoryUsage.rss() : null;
    res.end(JSON.stringify({ statements: count(), rss, cpu: cpu.user + cpu.system }));
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
    pgServices: [makePgService({ pool, schemas: ['public', 'bench_peer'] })],
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
  stats: (path?: string) => Promise<{ statements: number; rss: number; cpu: number }>;
}

function startChild(kind: string, env: NodeJS.ProcessEnv): Promise<Child> {
  // PEER_PROFILE_DIR: each server writes a V8 CPU profile there as it stops (open in Chrome's DevTools).
  const profile = process.env.PEER_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PEER_PROFILE_DIR}`] : [];
  // PEER_NODE_FLAGS: Node and V8 flags for both servers (`--trace-gc-nvp`: what each young collection promoted).
  const flags = (process.env.PEER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const proc = spawn(process.execPath, [...profile, ...flags, __filename, kind], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let pending = '';
    let ready = false;
    proc.once('exit', (code) => reject(new Error(`${kind} exited (${code}) before it was ready`)));
    proc.stdout!.on('data', (chunk: Buffer) => {
      // Whole lines only: a chunk may end inside one.
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const m = ready ? null : /^ready (\d+) (\d+)$/.exec(line);
        // What a server prints besides its ready line (a flag's trace) goes to stderr, named by its server.
        if (!m) {
          process.stderr.write(`[${kind}] ${line}\n`);
          continue;
        }
        ready = true;
        resolve({
          proc,
          url: `http://127.0.0.1:${m[1]}/graphql`,
          stats: async (path = '/') => (await fetch(`http://127.0.0.1:${m[2]}${path}`)).json() as never,
        });
      }
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
  q3a: Runner;
  q3b: Runner;
  /**
   * Statements sent so far, and the server process's CPU time so far in µs (null for the floor, which runs in the
   * benchmark's own process): one poll.
   */
  counters: () => Promise<{ statements: number; cpu: number | null }>;
  rss: () => Promise<number>;
}

/** The six headline numbers of a funnel, rates to 12 significant digits (sums taken in another order differ below). */
function six(f: {
  due: number;
  held: number;
  heldRate: number | null;
  quality: number | null;
  followThrough: number | null;
  reach: number | null;
}): (number | null)[] {
  const r = (x: number | null) => (x === null ? null : Number(x.toPrecision(12)));
  return [f.due, f.held, r(f.heldRate), r(f.quality), r(f.followThrough), r(f.reach)];
}

/** From funnelSummarySql's two JSON columns. */
function sixOfRaw(row: { summary: Json; actions: Json }): (number | null)[] {
  const { summary: s, actions: a } = row;
  return six({
    due: s.due,
    held: s.held,
    heldRate: s.held_rate,
    quality: s.quality,
    followThrough: a.follow_through,
    reach: s.reach,
  });
}

/** From rollupFunnelSql's JSON columns: reach is reached / invited, as funnel.service.ts fromRollups takes it. */
function sixOfRollup(row: { summary: Json; actions: Json; people: Json }): (number | null)[] {
  const { summary: s, actions: a, people: p } = row;
  return six({
    due: s.due,
    held: s.held,
    heldRate: s.held_rate,
    quality: s.quality,
    followThrough: a.follow_through,
    reach: p.invited > 0 ? p.reached / p.invited : null,
  });
}

/**
 * Named parameters (`:name`, `CAST(:name AS …)`) replaced by literals: the function PostGraphile exposes holds its
 * settings as constants. Only names of `values` are replaced (never `::` casts).
 */
function inline(sql: string, values: Record<string, string | number>): string {
  const inlined = sql.replace(/(?<!:):(\w+)/g, (whole, name: string) => {
    if (!(name in values)) return whole;
    const v = values[name];
    return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  });
  const left = /(?<!:):([a-zA-Z]\w*)/.exec(inlined);
  if (left) throw new Error(`bench:peer: no value for the parameter :${left[1]}`);
  return inlined;
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
      `Benchmark district ${seeded.created ? `seeded in ${seeded.seconds} s` : 'already present'}; NODE_ENV=${process.env.NODE_ENV}; pool ${PG_MAX} each; concurrency ${CONCURRENCY}; answers uncompressed (Accept-Encoding: identity) from both servers`,
    );
    // The funnel (Q3a, Q3b): the school year up to today, the six headline numbers.
    const today = new Date().toISOString().slice(0, 10);
    const window = { from: new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10), to: today };
    const ownerPg = new pg.Client({ connectionString: db.ownerUrl });
    await ownerPg.connect();
    await ownerPg.query(`SELECT set_config('app.district_id', $1, false)`, [seeded.districtId]);
    const {
      rows: [settings],
    } = await ownerPg.query(
      `SELECT d.timezone, coalesce(ds.recent_evidence_days, 30) AS recent, coalesce(ds.min_raters, 3) AS min_raters,
              coalesce(ds.log_grace_hours, 48) AS grace, coalesce(ds.cancel_notice_hours, 24) AS notice
         FROM district d LEFT JOIN district_setting ds ON ds.district_id = d.id WHERE d.id = $1`,
      [seeded.districtId],
    );
    const {
      rows: [{ id: schoolId }],
    } = await ownerPg.query(`SELECT id FROM school WHERE district_id = $1 ORDER BY code LIMIT 1`, [seeded.districtId]);
    const values = {
      districtId: seeded.districtId,
      tz: settings.timezone,
      fromDay: window.from,
      toDay: window.to,
      recentDays: Number(settings.recent),
      minRaters: Number(settings.min_raters),
      logGraceHours: Number(settings.grace),
      cancelNoticeHours: Number(settings.notice),
    };
    const scopeOf = (school: boolean, condition: string): FunnelScope => ({
      kind: school ? FunnelScopeKind.SCHOOL : FunnelScopeKind.DISTRICT,
      districtId: seeded.districtId,
      sessions: condition,
      actions: condition,
      people: 'TRUE',
      heldFor: null,
      params: {},
      strategy: null,
      outsideView: null,
    });
    // What all three time: Throughline's own statement for these six numbers (analytics/rollup.sql.ts, the parts
    // funnel.service.ts asks for when due, held, heldRate, quality, followThrough and reach are selected), the school
    // as the statement's $1, which reads the district's settings itself. Run as Throughline runs every statement: without
    // JIT (db/transaction.ts).
    const rollupFunnel = (school: boolean) =>
      inline(
        rollupFunnelSql(scopeOf(school, 'TRUE'), settingsSql(scopeOf(school, 'TRUE')), {
          summary: true,
          people: { reach: true, raters: false, self: false },
          trend: null,
          actions: true,
        }).replaceAll(':scopeSchoolId', '$1'),
        values,
      );
    const ROLLUP_SETTINGS = { jit: 'off' };
    const SCHOOL_SQL = rollupFunnel(true);
    const DISTRICT_SQL = rollupFunnel(false);
    // Checked once, not timed: the rollups' six numbers are those of the raw rows (analytics/funnel.sql.ts, under
    // the settings Throughline's raw-row funnel runs with).
    const RAW_SETTINGS = { jit: 'off', work_mem: '64MB' };
    const RAW_SCHOOL_SQL = inline(funnelSummarySql(scopeOf(true, 'c.school_id = $1')), values);
    const RAW_DISTRICT_SQL = inline(funnelSummarySql(scopeOf(false, 'TRUE')), values);
    // PostGraphile's funnel: the same statement as functions of the benchmark's own schema, run as the API role under
    // the same claims (row-level security on the rollups as on every table). PostGraphile v5 prefixes the names of
    // everything outside the first schema of pgServices[].schemas with that schema's name (graphile-build-pg's
    // _schemaPrefix: `benchPeerSchoolFunnel`); the @name smart tag names the fields schoolFunnel and districtFunnel.
    const settingsClause = Object.entries(ROLLUP_SETTINGS)
      .map(([name, value]) => `SET ${name} = '${value}'`)
      .join(' ');
    await ownerPg.query(`CREATE SCHEMA IF NOT EXISTS bench_peer`);
    await ownerPg.query(
      `CREATE OR REPLACE FUNCTION bench_peer.school_funnel(school uuid) RETURNS json LANGUAGE sql STABLE ${settingsClause}
         AS $fn$ SELECT json_build_object('summary', x.summary, 'actions', x.actions, 'people', x.people)
                   FROM (${SCHOOL_SQL}) x $fn$`,
    );
    await ownerPg.query(
      `CREATE OR REPLACE FUNCTION bench_peer.district_funnel() RETURNS json LANGUAGE sql STABLE ${settingsClause}
         AS $fn$ SELECT json_build_object('summary', x.summary, 'actions', x.actions, 'people', x.people)
                   FROM (${DISTRICT_SQL}) x $fn$`,
    );
    await ownerPg.query(`COMMENT ON FUNCTION bench_peer.school_funnel(uuid) IS '@name school_funnel'`);
    await ownerPg.query(`COMMENT ON FUNCTION bench_peer.district_funnel() IS '@name district_funnel'`);
    await ownerPg.query(`GRANT USAGE ON SCHEMA bench_peer TO ${APP_GROUP_ROLE}`);
    await ownerPg.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA bench_peer TO ${APP_GROUP_ROLE}`);
    await ownerPg.end();
    const schoolGid = Buffer.from(`School:${schoolId}`).toString('base64url');
    const Q3A_TL = `query($w: DateWindowInput!, $s: ID) { funnel(scope: { kind: SCHOOL, id: $s }, window: $w) { due held heldRate quality followThrough reach } }`;
    const Q3B_TL = `query($w: DateWindowInput!) { funnel(scope: { kind: DISTRICT }, window: $w) { due held heldRate quality followThrough reach } }`;
    const Q3A_PG = `query($s: UUID!) { schoolFunnel(school: $s) }`;
    const Q3B_PG = `{ districtFunnel }`;
    const appUrl = config.databaseAppUrl ?? appUrlFrom(db.ownerUrl, config.databaseAppRole, db.appPassword);
    const env = { ...process.env, PEER_APP_URL: appUrl };
    const tl = await startChild('throughline', env);
    children.push(tl);
    const pgl = await startChild('postgraphile', env);
    children.push(pgl);

    const post = async (url: string, query: string, variables: Record<string, unknown>, token: string) => {
      const res = await fetch(url, {
        method: 'POST',
        // Answers uncompressed from both servers: PostGraphile's grafserv does not compress, and Throughline's gzip
        // (for clients that ask, over real networks) would otherwise cost its server and this client alike.
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'accept-encoding': 'identity',
        },
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

    // The floor: hand-written SQL through pg, the same role and claims; begin, claims and the statement's settings in
    // one message.
    let floorStatements = 0;
    const pool = new pg.Pool({ connectionString: appUrl, max: PG_MAX });
    const floor = async (sql: string, params: unknown[], settings: Record<string, string> = {}) => {
      const client = await pool.connect();
      try {
        floorStatements += 3;
        const set = Object.entries({
          'app.district_id': claims.districtId!,
          'app.staff_member_id': claims.subject,
          ...settings,
        }).map(([name, value]) => `set_config(${client.escapeLiteral(name)}, ${client.escapeLiteral(value)}, true)`);
        await client.query(`START TRANSACTION; SELECT ${set.join(', ')}`);
        // A named statement, as a hand-writer who cares would send it (and as Throughline's hot reads go): parsed once
        // per connection, and planned generically once PostgreSQL finds that no worse; planned afresh for every value
        // of its parameters, Q1's page went parallel here (workers started for 100 rows: 70 ms, not 6).
        const { rows } = await client.query({ name: floorStatementName(sql), text: sql, values: params });
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
        q3a: async () => six((await post(tl.url, Q3A_TL, { w: window, s: schoolGid }, token)).funnel),
        q3b: async () => six((await post(tl.url, Q3B_TL, { w: window }, token)).funnel),
        counters: async () => tl.stats(),
        rss: async () => (await tl.stats('/rss')).rss,
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
        q3a: async () => sixOfRollup((await post(pgl.url, Q3A_PG, { s: schoolId }, token)).schoolFunnel),
        q3b: async () => sixOfRollup((await post(pgl.url, Q3B_PG, {}, token)).districtFunnel),
        counters: async () => pgl.stats(),
        rss: async () => (await pgl.stats('/rss')).rss,
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
        q3a: async () => sixOfRollup((await floor(SCHOOL_SQL, [schoolId], ROLLUP_SETTINGS))[0]),
        q3b: async () => sixOfRollup((await floor(DISTRICT_SQL, [], ROLLUP_SETTINGS))[0]),
        counters: async () => ({ statements: floorStatements, cpu: null }),
        rss: async () => process.memoryUsage().rss,
      },
    ];

    /**
     * burst: the load is 8 requests at once (Q3b's target: all 8 answer within 1 s), its slowest one reported.
     * raw: the same answer from the raw rows, checked once (not timed) against the three's.
     */
    const queries: {
      name: string;
      run: (s: System) => Promise<unknown>;
      burst?: boolean;
      raw?: () => Promise<unknown>;
    }[] = [
      { name: 'Q1 page of 100 sessions + conversation title + facilitator', run: (s) => s.q1() },
      { name: 'Q2 20 strategies > conversations > last 3 sessions > actions', run: (s) => s.q2() },
      {
        name: "Q3a one school's funnel over the school year (6 numbers)",
        run: (s) => s.q3a(),
        raw: async () => sixOfRaw((await floor(RAW_SCHOOL_SQL, [schoolId], RAW_SETTINGS))[0]),
      },
      {
        name: "Q3b the district's funnel over the school year (6 numbers)",
        run: (s) => s.q3b(),
        burst: true,
        raw: async () => sixOfRaw((await floor(RAW_DISTRICT_SQL, [], RAW_SETTINGS))[0]),
      },
    ];
    const label = (q: string) => q.split(' ')[0];
    const rounds = Number(process.env.PEER_ROUNDS ?? 200);
    const loadRequests = Number(process.env.PEER_LOAD_REQUESTS ?? 240);
    const rows: string[] = [];
    interface Figures {
      runs: number;
      p50: number;
      p95: number;
      p99: number;
      rps: number;
      stm: number;
      burstMax: number | null;
      /** The server process's CPU per request one at a time and under load, ms (null for the floor). */
      cpuOneMs: number | null;
      cpuMs: number | null;
    }
    const figures: Record<string, Record<string, Figures>> = {};
    let agreeing = true;
    // PEER_QUERIES=Q2,Q3a: only those (profiling one query); the growth lines run when Q1 and Q2 do.
    const only = process.env.PEER_QUERIES?.split(',').map((q) => q.trim().toUpperCase());
    const wanted = (q: string) => !only || only.includes(label(q).toUpperCase());
    for (const q of queries.filter((q) => wanted(q.name))) {
      // The answers agree.
      // A system that cannot answer the query at all is reported and left out of it (not of the others).
      const tried = await Promise.all(
        systems.map((s) =>
          q.run(s).then(
            (answer) => ({ s, answer, error: null }),
            (error: Error) => ({ s, answer: null, error }),
          ),
        ),
      );
      for (const t of tried.filter((t) => t.error))
        out(`${q.name}: ${t.s.name} cannot answer it, left out: ${t.error!.message.slice(0, 300)}`);
      const running = tried.filter((t) => !t.error).map((t) => t.s);
      const answers = tried.filter((t) => !t.error).map((t) => t.answer);
      const same = answers.every((a) => JSON.stringify(a) === JSON.stringify(answers[0]));
      agreeing &&= same;
      out(`${q.name}: answers ${same ? 'agree' : 'DIFFER'} (${(answers[0] as unknown[]).length} rows)`);
      if (!same)
        for (const [i, a] of answers.entries()) out(`  ${running[i].name}: ${JSON.stringify(a).slice(0, 300)}`);
      if (q.raw) {
        const started = performance.now();
        const raw = await q.raw();
        const rawSame = JSON.stringify(raw) === JSON.stringify(answers[0]);
        agreeing &&= rawSame;
        out(
          `${label(q.name)}: the raw rows' answer ${rawSame ? 'agrees' : `DIFFERS: ${JSON.stringify(raw)}`} (read once in ${(performance.now() - started).toFixed(0)} ms, not timed)`,
        );
      }
      // Latency, interleaved A B C A B C, one at a time.
      const times = running.map(() => [] as number[]);
      const statementsRun = running.map(() => 0);
      const cpuOneUs = running.map(() => 0 as number | null);
      for (let r = 0; r < rounds; r++) {
        for (const [i, s] of running.entries()) {
          const before = await s.counters();
          const t = performance.now();
          await q.run(s);
          times[i].push(performance.now() - t);
          const after = await s.counters();
          statementsRun[i] += after.statements - before.statements;
          cpuOneUs[i] = before.cpu === null || after.cpu === null ? null : (cpuOneUs[i] ?? 0) + after.cpu - before.cpu;
        }
      }
      figures[q.name] = {};
      // Throughput at concurrency 8, in slices taken in turn (A B C A B C …), so a machine that speeds up or slows
      // down meanwhile weighs on every system alike; Q3b: one burst of 8 at once each, its slowest reported.
      const slices = q.burst ? 1 : LOAD_SLICES;
      const perSlice = q.burst ? CONCURRENCY : Math.ceil(loadRequests / LOAD_SLICES);
      const elapsed = running.map(() => 0);
      const burstMax = running.map(() => 0);
      const cpuUs = running.map(() => 0 as number | null);
      /** `count` requests of q at concurrency 8 on s; the slowest one's time. */
      const atEight = async (s: System, count: number): Promise<number> => {
        let next = 0;
        let slowest = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next++ < count) {
              const t = performance.now();
              await q.run(s);
              slowest = Math.max(slowest, performance.now() - t);
            }
          }),
        );
        return slowest;
      };
      if (!q.burst) {
        // One slice's worth, untimed, first: the rounds above ran one at a time on one pooled connection, so the others
        // meet this statement for the first time here (each system plans it, or its function, once per connection).
        // Shown, not counted: the throughput is that of warm connections, alike for the three.
        const warm: string[] = [];
        for (const s of running) {
          const started = performance.now();
          await atEight(s, perSlice);
          warm.push(`${s.name} ${(performance.now() - started).toFixed(0)} ms`);
        }
        out(`${label(q.name)}: warm-up at 8, ${perSlice} requests each, not counted: ${warm.join(', ')}`);
      }
      for (let slice = 0; slice < slices; slice++) {
        for (const [i, s] of running.entries()) {
          const cpuBefore = (await s.counters()).cpu;
          const started = performance.now();
          burstMax[i] = Math.max(burstMax[i], await atEight(s, perSlice));
          elapsed[i] += performance.now() - started;
          const cpuAfter = (await s.counters()).cpu;
          cpuUs[i] = cpuBefore === null || cpuAfter === null ? null : (cpuUs[i] ?? 0) + cpuAfter - cpuBefore;
        }
      }
      for (const [i, s] of running.entries()) {
        const sorted = times[i].sort((a, b) => a - b);
        figures[q.name][s.name] = {
          runs: sorted.length,
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          rps: (slices * perSlice) / (elapsed[i] / 1000),
          stm: statementsRun[i] / sorted.length,
          burstMax: q.burst ? burstMax[i] : null,
          cpuOneMs: cpuOneUs[i] === null ? null : cpuOneUs[i]! / 1000 / sorted.length,
          cpuMs: cpuUs[i] === null ? null : cpuUs[i]! / 1000 / (slices * perSlice),
        };
      }
    }
    out('');
    out(
      '| query | system | runs | p50 ms | p95 ms | p99 ms | req/s at 8 | 8 at once: slowest ms | statements/request | server CPU ms/request (1 / 8) |',
    );
    out('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [q, bySystem] of Object.entries(figures)) {
      for (const [name, f] of Object.entries(bySystem)) {
        out(
          `| ${label(q)} | ${name} | ${f.runs} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.rps.toFixed(1)} | ${f.burstMax === null ? '' : f.burstMax.toFixed(0)} | ${f.stm.toFixed(1)} | ${f.cpuMs === null ? '' : `${f.cpuOneMs!.toFixed(1)} / ${f.cpuMs.toFixed(1)}`} |`,
        );
      }
    }
    out('');
    out('Targets (issue 14):');
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    out(`  answers of the three agree on every query: ${agreeing ? 'yes' : 'NO'}`);
    for (const [q, f] of Object.entries(figures)) {
      const tlf = f['Throughline'];
      if (q.startsWith('Q3b')) {
        rows.push(
          `  Q3b: Throughline p99 ${tlf.p99.toFixed(1)} ms (target < 100 ms: ${met(tlf.p99 < 100)}); ` +
            `8 at once, slowest ${tlf.burstMax!.toFixed(0)} ms (target all within 1,000 ms: ${met(tlf.burstMax! <= 1000)})`,
        );
        continue;
      }
      const pgf = f['PostGraphile'];
      if (!pgf) {
        rows.push(`  ${label(q)}: PostGraphile did not answer: no ratio`);
        continue;
      }
      const p50 = tlf.p50 / pgf.p50;
      const rps = tlf.rps / pgf.rps;
      const statements = q.startsWith('Q3')
        ? ''
        : `; statements ${tlf.stm.toFixed(1)} per request (target <= 4: ${met(tlf.stm <= 4)})`;
      rows.push(
        `  ${label(q)}: TL/PG p50 ${p50.toFixed(2)}x (target <= 1.0x: ${met(p50 <= 1)}); ` +
          `req/s TL/PG ${rps.toFixed(2)}x (target >= 1.0x: ${met(rps >= 1)})${statements}`,
      );
    }
    for (const r of rows) out(r);
    const tlRss = (await systems[0].rss()) / 1048576;
    const pgRss = (await systems[1].rss()) / 1048576;
    out(
      `  RSS after sustained load: Throughline ${tlRss.toFixed(0)} MiB (target < 250 MiB: ${tlRss < 250 ? 'met' : 'NOT met'}), PostGraphile ${pgRss.toFixed(0)} MiB`,
    );

    // Growth: Throughline's p50 at a small and a large page; PostGraphile's and the floor's the same way, for
    // comparison (each query with the page size changed, interleaved: A-small B-small C-small A-large B-large C-large).
    // The floor's own growth is how much the data itself grows: what no server in front of it can do without.
    const growthRounds = Number(process.env.PEER_GROWTH_ROUNDS ?? 100);
    const q1Page = (n: number) =>
      `query($from: DateTimeISO) { sessions(first: ${n}, filter: { from: $from }) { nodes { id scheduledAt conversation { title facilitator { givenName familyName } } } } }`;
    const q2Page = (n: number) =>
      `{ strategies(first: ${n}) { nodes { id title mappings { conversation { id title recentSessions(limit: 3) { id scheduledAt actions { id status dueOn } } } } } } }`;
    const pgPage = (query: string, n: number) => query.replace(/\(first: 100,|\(first: 20,/, `(first: ${n},`);
    /** The page size a floor statement ends with (Q1's 100, Q2's 20), swapped for another. */
    const floorLimit = /LIMIT (100|20)$/;
    const floorPage = (sql: string, n: number) => {
      if (!floorLimit.test(sql)) throw new Error('bench:peer: the floor statement does not end with its page size');
      return sql.replace(floorLimit, `LIMIT ${n}`);
    };
    /** Throughline's, PostGraphile's and the floor's run of one page size, in that order. */
    type Sizes = [Runner, Runner, Runner];
    const growth = async (small: Sizes, large: Sizes) => {
      const t = small.map(() => [[], []] as number[][]);
      const stm = [0, 0];
      for (let r = 0; r < growthRounds; r++) {
        for (const [size, runners] of [small, large].entries()) {
          for (const [i, run] of runners.entries()) {
            const before = i === 0 ? (await systems[0].counters()).statements : 0;
            const started = performance.now();
            await run();
            t[i][size].push(performance.now() - started);
            if (i === 0) stm[size] += (await systems[0].counters()).statements - before;
          }
        }
      }
      const [tlr, pgr, floorr] = t.map((sizes) => {
        const [a, b] = sizes.map((x) =>
          percentile(
            x.sort((m, n) => m - n),
            50,
          ),
        );
        return { a, b, ratio: b / a };
      });
      return { ...tlr, pg: pgr, floor: floorr, stmA: stm[0] / growthRounds, stmB: stm[1] / growthRounds };
    };
    type Growth = Awaited<ReturnType<typeof growth>>;
    const others = (g: Growth) =>
      ` (PostGraphile: ${g.pg.a.toFixed(1)} ms, ${g.pg.b.toFixed(1)} ms: ${g.pg.ratio.toFixed(2)}x; ` +
      `SQL floor: ${g.floor.a.toFixed(1)} ms, ${g.floor.b.toFixed(1)} ms: ${g.floor.ratio.toFixed(2)}x)`;
    const q1At = (n: number): Sizes => [
      () => post(tl.url, q1Page(n), { from }, token),
      () => post(pgl.url, pgPage(Q1_PG, n), { from }, token),
      () => floor(floorPage(Q1_SQL, n), [claims.districtId, from]),
    ];
    const g1 = wanted('Q1') ? await growth(q1At(10), q1At(100)) : null;
    if (g1)
      out(
        `  growth Q1: 10 rows ${g1.a.toFixed(1)} ms, 100 rows ${g1.b.toFixed(1)} ms: ${g1.ratio.toFixed(2)}x (target <= 1.3x: ${met(g1.ratio <= 1.3)}); statements ${g1.stmA.toFixed(1)} and ${g1.stmB.toFixed(1)}${others(g1)}`,
      );
    const q2At = (n: number): Sizes => [
      () => post(tl.url, q2Page(n), {}, token),
      () => post(pgl.url, pgPage(Q2_PG, n), { now }, token),
      () => floor(floorPage(Q2_SQL, n), [claims.districtId]),
    ];
    const g2 = wanted('Q2') ? await growth(q2At(5), q2At(50)) : null;
    if (g2)
      out(
        `  growth Q2: 5 strategies ${g2.a.toFixed(1)} ms, 50 strategies ${g2.b.toFixed(1)} ms: ${g2.ratio.toFixed(2)}x (target <= 3x: ${met(g2.ratio <= 3)}); statements ${g2.stmA.toFixed(1)} and ${g2.stmB.toFixed(1)}${others(g2)}`,
      );
    await pool.end();
  } finally {
    for (const c of children) c.proc.kill('SIGTERM');
    await db.embedded?.stop();
  }
}

const role = process.argv[2];
const run = role === 'throughline' ? serveThroughline : role === 'postgraphile' ? servePostgraphile : main;
// A server child stopped by the benchmark exits normally, so NODE_OPTIONS=--cpu-prof writes its profile.
if (run !== main) process.once('SIGTERM', () => process.exit(0));
run().catch((error) => {
  process.stderr.write(
    `bench:peer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
