import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ENV } from '../setup/test-database';

/**
 * infra/grafana/throughline.json names only metrics the server exports: every metric in every panel's PromQL (and in
 * the template variables' queries) is looked up in the /metrics of a real running server — the compiled entry point,
 * as `npm start` runs it, with its job worker and a read replica (the primary standing in) configured.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const DASHBOARD = path.join(ROOT, 'infra/grafana/throughline.json');
const METRICS_TOKEN = 'metrics-token-for-the-dashboard-test-0123';

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'and',
  'or',
  'unless',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression selects (not functions, keywords, labels, strings, ranges or variables). */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ') // strings
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges and subqueries
    .replace(/\$\{?\w+\}?/g, ' ') // dashboard variables
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // label lists
  const names = new Set<string>();
  // Not the tail of a number or a duration (1e-9, 5m, 0.5).
  for (const match of stripped.matchAll(/(?<![\w.])[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const name = match[0];
    const next = stripped.slice(match.index! + name.length).trimStart();
    if (next.startsWith('(') || KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

function panelsOf(dashboard: { panels: Panel[] }): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
}

/** Every metric a /metrics exposition offers, histograms' and summaries' series included. */
function exported(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      const [, name, kind] = type;
      names.add(name);
      if (kind === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
      if (kind === 'summary') for (const s of ['_sum', '_count']) names.add(name + s);
      continue;
    }
    const sample = /^([A-Za-z_:][A-Za-z0-9_:]*)[{ ]/.exec(line);
    if (sample) names.add(sample[1]);
  }
  return names;
}

function startServer(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; ready: Promise<string> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'packages/api/dist/main.js')], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_APP_PASSWORD: process.env[ENV.appPassword] ?? '',
      DATA_DIR: path.join(ROOT, '.data', 'test-grafana'),
      ...env,
    },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /GraphQL\s+(http:\/\/\S+)\/graphql/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, ready };
}

const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as {
  panels: Panel[];
  templating: { list: { query?: string | { query: string } }[] };
};

let db: TestDatabase;
let server: ReturnType<typeof startServer> | null = null;
let metrics: Set<string>;
beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/api'], {
    cwd: ROOT,
  });
  db = await createTestDatabase();
  server = startServer({ DATABASE_URL: db.ownerUrl, DATABASE_READ_URL: db.appUrl, METRICS_TOKEN });
  const base = await server.ready;
  // One GraphQL request first, so that the request series have samples as well as their declarations.
  await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  metrics = exported(await res.text());
}, 180_000);
afterAll(async () => {
  if (server && server.child.exitCode === null) {
    const exited = new Promise((resolve) => server!.child.on('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  await db?.drop();
});

describe('the metric names of a PromQL expression', () => {
  it('are the selected series, not functions, keywords, labels, ranges or variables', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, route) (rate(a_bucket{instance=~"$instance", x="y{z}"}[$__rate_interval]))) / ' +
          'on (pool) group_left clamp_min(b_total offset 5m, 1e-9) or vector(0.5) > bool c',
      ).sort(),
    ).toEqual(['a_bucket', 'b_total', 'c']);
    expect(metricNames('label_values(throughline_process_start_time_seconds, instance)')).toEqual([
      'throughline_process_start_time_seconds',
      'instance',
    ]);
  });

  it('a name the server does not export is caught', () => {
    const missing = metricNames('sum(rate(throughline_requests_total[5m]))').filter((m) => !metrics.has(m));
    expect(missing).toEqual(['throughline_requests_total']);
  });
});

describe('infra/grafana/throughline.json', () => {
  it('every panel queries Prometheus with at least one metric', () => {
    const panels = panelsOf(dashboard);
    expect(panels.length).toBeGreaterThanOrEqual(15);
    for (const panel of panels) {
      expect({ panel: panel.title, metrics: (panel.targets ?? []).flatMap((t) => metricNames(t.expr)) }).toEqual({
        panel: panel.title,
        metrics: expect.arrayContaining([expect.stringMatching(/^throughline_/)]),
      });
    }
  });

  it('names only metrics a running server exports at /metrics', () => {
    const used = new Map<string, string>();
    for (const panel of panelsOf(dashboard)) {
      for (const target of panel.targets ?? []) for (const m of metricNames(target.expr)) used.set(m, panel.title);
    }
    for (const variable of dashboard.templating.list) {
      const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
      const selector = /label_values\(\s*([^,)]+)/.exec(query ?? '');
      if (selector) for (const m of metricNames(selector[1])) used.set(m, 'template variable');
    }
    const missing = [...used].filter(([name]) => !metrics.has(name)).map(([name, where]) => `${name} (${where})`);
    expect(missing).toEqual([]);
    // The families the issue asks to watch are all on the dashboard.
    for (const family of [
      'throughline_http_request_duration_seconds_bucket',
      'throughline_graphql_errors_total',
      'throughline_db_pool_connections',
      'throughline_db_read_routing_total',
      'throughline_db_replica_lag_seconds',
      'throughline_job_queue_jobs',
      'throughline_job_queue_oldest_ready_seconds',
      'throughline_job_duration_seconds_count',
    ]) {
      expect(used.has(family)).toBe(true);
    }
  });
});
