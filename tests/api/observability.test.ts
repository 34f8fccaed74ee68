import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ok, startTestServer, type TestServer } from '../support/server';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { createMetrics } from '../../packages/api/src/http/metrics';
import { startTracing, type Tracing } from '../../packages/api/src/tracing';
import { MailKind, queueMessage } from '../../packages/api/src/modules/mail/messages';
import { Smtp } from '../support/smtp';

/**
 * Observability (docs/operations.md): Prometheus metrics at /metrics behind METRICS_TOKEN, JSON log lines that carry
 * the request id and trace id and never a credential or confidential text, and OpenTelemetry traces exported over
 * OTLP/HTTP to a collector stand-in (a node:http receiver on 127.0.0.1) when an endpoint is configured.
 */
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const MARKER = 'OBSERVABILITY-MARKER-51c9-notes-of-a-student';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
}

/** A collector stand-in: accepts OTLP/HTTP JSON on POST /v1/traces and keeps the spans. */
class OtlpReceiver {
  readonly spans: OtlpSpan[] = [];
  readonly paths: string[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      this.paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      if (req.method === 'POST' && req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? []) for (const span of ss.spans ?? []) this.spans.push(span);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let server: TestServer;
let receiver: OtlpReceiver;
/** The SMTP server the worker sends through (the demo district keeps its mail in the outbox until told otherwise). */
const smtp = new Smtp();
/** A webhook receiver: 204 on /ok, 500 on anything else. */
const hooks = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(req.url === '/ok' ? 204 : 500).end());
});
let hooksUrl = '';
let tracing: Tracing | null;
const token: Record<string, string> = {};
/** Everything written to stdout and stderr while the suite ran (the API logs at debug level). */
const logged: string[] = [];
const restore: (() => void)[] = [];

const jsonLines = () =>
  logged
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, any>);

async function metricsText(): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** The value of one sample, or 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{')) continue;
    const set = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  receiver = new OtlpReceiver();
  await receiver.start();
  await smtp.start();
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hooksUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
  tracing = startTracing({ endpoint: receiver.url, serviceName: 'throughline-test' });
  process.env.TEST_LOG_LEVEL = 'debug';
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = original as typeof stream.write));
  }
  server = await startTestServer({
    demoDomain: true,
    worker: true,
    env: { METRICS_TOKEN },
    metrics: createMetrics(),
    webhooks: { retryScale: 0.001 },
    mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}` },
  });
  for (const who of ['admin', 'coach']) token[who] = (await server.signIn(`${who}@northfield.example`)).accessToken;
});

afterAll(async () => {
  await server?.close();
  await tracing?.shutdown();
  await receiver?.close();
  await smtp.stop();
  hooks.closeAllConnections();
  await new Promise((resolve) => hooks.close(resolve));
  for (const r of restore) r();
  delete process.env.TEST_LOG_LEVEL;
});

describe('/metrics', () => {
  it('refuses without the token, and with a wrong one (401, WWW-Authenticate)', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-wrong-token-wrong' },
      { authorization: METRICS_TOKEN },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${server.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.text()).not.toContain('throughline_');
    }
  });

  it('is not served on the API port when no METRICS_TOKEN is set (METRICS_PORT is the other way)', async () => {
    const other = await startTestServer({ shareDatabaseOf: server });
    try {
      const res = await fetch(`${other.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('after requests: HTTP durations by route and status, GraphQL operations by name, errors by code, the pool', async () => {
    const viewer = await fetchGql(`query ViewerName { me { staffMember { displayName } } }`, token.admin, 'ViewerName');
    expect(viewer.status).toBe(200);
    expect(viewer.errors).toBeUndefined();
    const invalid = await server.gql(`{ noSuchField }`, {}, token.admin);
    expect(invalid.status).toBe(400);
    const text = await metricsText();
    expect(text).toContain('# TYPE throughline_http_request_duration_seconds histogram');
    expect(
      sample(text, 'throughline_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/graphql',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'throughline_http_request_duration_seconds_count', { route: '/graphql', status: '400' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'throughline_http_request_duration_seconds_bucket', {
        route: '/graphql',
        status: '200',
        le: '+Inf',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'throughline_graphql_operation_duration_seconds_count', {
        operation: 'ViewerName',
        type: 'query',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      sample(text, 'throughline_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^throughline_db_pool_connections\{pool="api",state="in_use"\} \d+$/m);
    expect(text).toMatch(/^throughline_db_pool_connections\{pool="api",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^throughline_job_queue_jobs\{state="ready"\} \d+$/m);
    expect(text).toMatch(/^throughline_job_queue_oldest_ready_seconds \d/m);
    // Nothing of a caller is a label: no token, no e-mail.
    expect(text).not.toContain(token.admin);
    expect(text).not.toContain('@northfield.example');
  });

  it('counts the jobs the worker ran, by task and outcome', async () => {
    await logSession(`plain notes`);
    await until('an outbox.dispatch job in the metrics', async () => {
      const text = await metricsText();
      return (
        sample(text, 'throughline_job_duration_seconds_count', { task: 'outbox.dispatch', outcome: 'success' }) >= 1
      );
    });
  });

  it('counts webhook deliveries by outcome (delivered, retry, gave_up), never by district or address', async () => {
    const outcomes = async () => {
      const text = await metricsText();
      return Object.fromEntries(
        ['delivered', 'retry', 'gave_up'].map((o) => [
          o,
          sample(text, 'throughline_webhook_deliveries_total', { outcome: o }),
        ]),
      ) as Record<'delivered' | 'retry' | 'gave_up', number>;
    };
    const before = await outcomes();
    const create = `mutation($i: WebhookEndpointCreateInput!) { webhookEndpointCreate(input: $i) { endpoint { id } } }`;
    for (const path of ['/ok', '/fails'])
      ok(
        await server.gql(
          create,
          { i: { url: `${hooksUrl}${path}`, description: `metrics ${path}`, eventTypes: ['session.held'] } },
          token.admin,
        ),
      );
    await logSession('webhook metrics');
    await until('a delivered webhook and a failed attempt', async () => {
      const now = await outcomes();
      return now.delivered > before.delivered && now.retry > before.retry;
    });
    // The failing endpoint is turned off: its pending delivery is given up on at its next attempt.
    await server.owner.query(`UPDATE webhook_endpoint SET enabled = false WHERE url = $1`, [`${hooksUrl}/fails`]);
    await until('a webhook delivery given up', async () => (await outcomes()).gave_up > before.gave_up);
    const text = await metricsText();
    const lines = text.split('\n').filter((l) => l.startsWith('throughline_webhook_deliveries_total'));
    expect(lines.join('\n')).not.toMatch(/northfield|127\.0\.0\.1|district/i);
  });

  it('counts mail by kind and outcome: kept in the outbox, delivered through SMTP, and a refused attempt retried', async () => {
    const [coach] = await server.owner.query(
      `SELECT id, email, district_id FROM staff_member WHERE email = 'coach@northfield.example'`,
    );
    const kind = MailKind.ACTION_DUE;
    const count = async (outcome: string) =>
      sample(await metricsText(), 'throughline_mail_deliveries_total', { kind, outcome });
    const send = (subject: string) =>
      server.owner.transaction((m) =>
        queueMessage(m, {
          districtId: coach.district_id,
          kind,
          recipient: { id: coach.id, name: 'Coach', email: coach.email },
          subject: { type: 'StaffMember', id: coach.id },
          draft: { lang: 'en', subject, greeting: 'Coach', paragraphs: ['A line.'], details: [], link: null },
          publicUrl: null,
        }),
      );

    // The demo district keeps its mail in the outbox (outbox_only).
    const outbox = await count('outbox');
    await send('metrics: outbox');
    await until('a message kept in the outbox', async () => (await count('outbox')) > outbox);

    await server.owner.query(`UPDATE mail_setting SET outbox_only = false WHERE district_id = $1`, [coach.district_id]);
    try {
      const delivered = await count('delivered');
      await send('metrics: delivered');
      await smtp.waitFor((r) => r.raw.includes('metrics: delivered'));
      await until('a delivered message counted', async () => (await count('delivered')) > delivered);

      const retry = await count('retry');
      smtp.refuse = true;
      await send('metrics: refused');
      await until('a refused attempt counted as retry', async () => (await count('retry')) > retry, 45_000);
    } finally {
      smtp.refuse = false;
      await server.owner.query(`UPDATE mail_setting SET outbox_only = true WHERE district_id = $1`, [
        coach.district_id,
      ]);
    }
    const lines = (await metricsText()).split('\n').filter((l) => l.startsWith('throughline_mail_deliveries_total'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/@|northfield|district/i);
  });

  it('counts rate-limit refusals (429) by route', async () => {
    let refused = false;
    for (let i = 0; i < 40 && !refused; i++) {
      const res = await server.gql(`mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`, {
        input: { email: 'teacher@northfield.example', password: 'not-the-password' },
      });
      refused = res.status === 429;
    }
    expect(refused).toBe(true);
    expect(
      sample(await metricsText(), 'throughline_rate_limit_refusals_total', { route: '/graphql' }),
    ).toBeGreaterThanOrEqual(1);
  });
});

async function fetchGql(query: string, bearer: string, operationName?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...headers },
    body: JSON.stringify({ query, operationName }),
  });
  return { status: res.status, requestId: res.headers.get('x-request-id'), ...((await res.json()) as object) } as {
    status: number;
    requestId: string | null;
    data?: any;
    errors?: unknown[];
  };
}

/** A session the demo coach facilitates, scheduled an hour ago, logged as held with these notes. */
async function logSession(notes: string): Promise<string> {
  const [row] = await server.owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status)
     SELECT c.district_id, c.id, date_trunc('minute', now()) - interval '1 hour' - make_interval(secs => $1::int), 'SCHEDULED'
       FROM learning_conversation c JOIN staff_member f ON f.id = c.facilitator_id
      WHERE f.email = 'coach@northfield.example'
      ORDER BY c.id LIMIT 1
     RETURNING id, version, (SELECT facilitator_id FROM learning_conversation WHERE id = conversation_id) AS facilitator`,
    [Math.floor(Math.random() * 3000)],
  );
  const res = await server.gql(
    `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id state } } }`,
    {
      i: {
        id: toGlobalId('ConversationSession', row.id),
        version: row.version,
        heldAt: new Date().toISOString(),
        durationMinutes: 30,
        attendeeIds: [toGlobalId('StaffMember', row.facilitator)],
        notes,
        checkIn: notes,
        checkOut: notes,
      },
    },
    token.coach,
  );
  ok(res);
  return row.id;
}

describe('logs', () => {
  it('are JSON lines with a level name and an ISO time; a request’s lines carry its request id and trace id', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetchGql(`query Traced { me { staffMember { displayName } } }`, token.admin, 'Traced', {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = jsonLines();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(['debug', 'info', 'warn', 'error']).toContain(line.level);
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
      expect(typeof line.msg).toBe('string');
    }
    const access = await until('the access line', async () =>
      jsonLines().find((l) => l.msg === 'request completed' && l.requestId === res.requestId),
    );
    // The caller's trace continues (W3C traceparent): the same trace id in the log line.
    expect(access).toMatchObject({ traceId, req: { method: 'POST', path: '/graphql' }, res: { status: 200 } });
    // Every access line has both ids.
    for (const line of jsonLines().filter((l) => l.msg === 'request completed')) {
      expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('never carry a session’s confidential notes, a token or a password, whatever the request', async () => {
    await logSession(`notes ${MARKER}`);
    // The marker in a query string, in a refused mutation's input, in a bad token and in a malformed body.
    await fetch(`${server.url}/graphql?query=${encodeURIComponent(`{ me { id } } # ${MARKER}`)}`);
    await server.gql(`mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id } } }`, {
      i: { id: 'nope', version: 1, heldAt: 'not a date', notes: MARKER },
    });
    await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${MARKER}` } });
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query": "${MARKER}`,
    });
    await new Promise((r) => setTimeout(r, 200));
    const all = logged.join('');
    expect(all).toContain('request completed');
    expect(all).not.toContain(MARKER);
    expect(all).not.toContain(token.admin);
    expect(all).not.toContain(token.coach);
    expect(all).not.toContain('throughline-demo');
    expect(all).not.toContain(METRICS_TOKEN);
  });
});

describe('traces', () => {
  it('one GraphQL request: HTTP span -> GraphQL operation span -> resolver spans -> their SQL spans, over OTLP/HTTP', async () => {
    const res = await fetchGql(
      `query TracedSchools {
         schools(first: 3) { nodes { name } }
         conversations(first: 2) { nodes { title facilitator { displayName } } }
       }`,
      token.admin,
      'TracedSchools',
    );
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.conversations.nodes.length).toBeGreaterThan(0);
    await tracing!.shutdown();
    tracing = null;
    expect(receiver.paths.some((p) => p.startsWith('POST /v1/traces application/json'))).toBe(true);
    const operation = receiver.spans.find((s) => s.name === 'graphql query TracedSchools');
    expect(operation).toBeDefined();
    const root = receiver.spans.find((s) => s.spanId === operation!.parentSpanId);
    expect(root).toMatchObject({ name: 'POST /graphql', traceId: operation!.traceId });
    const byId = new Map(receiver.spans.map((s) => [s.spanId, s]));
    /** A span's ancestors' names, nearest first, up to the trace's root. */
    const ancestors = (span: OtlpSpan): string[] => {
      const names: string[] = [];
      for (let p = span.parentSpanId && byId.get(span.parentSpanId); p; p = p.parentSpanId && byId.get(p.parentSpanId))
        names.push(p.name);
      return names;
    };
    const textOf = (s: OtlpSpan) => s.attributes?.find((a) => a.key === 'db.query.text')?.value.stringValue ?? '';
    const sql = receiver.spans.filter((s) => s.traceId === operation!.traceId && s.name.startsWith('pg '));
    expect(sql.length).toBeGreaterThan(0);
    // Every statement of the request hangs under the operation span.
    for (const s of sql) expect(ancestors(s).slice(-2)).toEqual(['graphql query TracedSchools', 'POST /graphql']);

    // The root field's statements: SQL -> Query.schools -> the operation -> HTTP.
    const schoolSql = sql.filter((s) => /\bfrom\s+"?school"?\b/i.test(textOf(s)));
    expect(schoolSql.length).toBeGreaterThan(0);
    expect(schoolSql.map(ancestors)).toContainEqual([
      'graphql.resolve Query.schools',
      'graphql query TracedSchools',
      'POST /graphql',
    ]);
    // A field with a loader of its own: the facilitators' batch is SQL under LearningConversation.facilitator,
    // itself under the root field that listed the conversations.
    const staffSql = sql.filter((s) => /\bfrom\s+"?staff_member"?\b/i.test(textOf(s)));
    expect(staffSql.map((s) => ancestors(s).slice(0, 2))).toContainEqual([
      'graphql.resolve LearningConversation.facilitator',
      'graphql.resolve Query.conversations',
    ]);
    const resolverSpan = receiver.spans.find((s) => s.name === 'graphql.resolve Query.schools');
    expect(resolverSpan?.attributes).toEqual(
      expect.arrayContaining([{ key: 'graphql.field.path', value: { stringValue: 'schools' } }]),
    );
    // A scalar is not a span of its own.
    expect(receiver.spans.some((s) => /School\.name|LearningConversation\.title/.test(s.name))).toBe(false);
    // Statement text, never the values bound to it.
    expect(JSON.stringify(receiver.spans)).not.toContain(MARKER);
  });
});
