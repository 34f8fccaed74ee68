import net from 'node:net';
import { withTenantTransaction } from '../../packages/api/src/db/transaction';
import { ENV } from '../setup/test-database';
import { ok, startTestServer, type TestServer } from '../support/server';

/**
 * Overload and outages are answered 503 with Retry-After and write nothing, never 500; one caller cannot hold the
 * whole pool; every statement and every request has a deadline.
 */

/** A TCP relay between the API's pool and PostgreSQL that the test can cut and restore: a real outage. */
class Relay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async open(): Promise<void> {
    if (this.server) return;
    this.server = net.createServer({ pauseOnConnect: false }, (client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    // The same port on reopening, so the API's configured URL stays right.
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  /** Stops accepting and drops every connection, as a crashed database server would. */
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

const ME = `{ me { staffMember { email } } }`;

function post(server: TestServer, token: string): Promise<Response> {
  return fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: ME }),
  });
}

async function expectUnavailable(res: Response): Promise<void> {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
  // Nothing of the server's internals: no driver message, no stack.
  expect(JSON.stringify(body)).not.toMatch(/timeout exceeded|ECONNREFUSED|terminated|\bat \S+ \(/);
}

describe('outage and pool exhaustion', () => {
  let relay: Relay;
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    const database = new URL(process.env[ENV.adminUrl]!);
    relay = new Relay(database.hostname, Number(database.port));
    await relay.open();
    server = await startTestServer({
      poolMax: 2,
      poolWaitMs: 500,
      appUrl: (db) => {
        const url = new URL(db.appUrl);
        url.port = String(relay.port);
        return url.toString();
      },
    });
    token = (await server.signIn('admin@northfield.example')).accessToken;
  });
  afterAll(async () => {
    await relay.open().catch(() => undefined);
    await server.close();
    await relay.cut();
  });

  it('pool exhaustion answers 503 with Retry-After, not 500, and the same request succeeds once a connection frees', async () => {
    const held = [server.app.createQueryRunner(), server.app.createQueryRunner()];
    for (const r of held) await r.connect();
    try {
      await expectUnavailable(await post(server, token));
    } finally {
      for (const r of held) await r.release();
    }
    expect(ok(await server.gql(ME, {}, token)).me.staffMember.email).toBe('admin@northfield.example');
  });

  it('answers 503 with Retry-After while the database is unreachable, and serves again once it is back', async () => {
    await relay.cut();
    for (let i = 0; i < 3; i++) await expectUnavailable(await post(server, token));
    await relay.open();
    // The pool drops the connections the outage broke and opens new ones.
    let status = 0;
    for (let i = 0; i < 5 && status !== 200; i++) status = (await post(server, token)).status;
    expect(status).toBe(200);
  });
});

/** The first n of these promises to settle, in the order they did (the rest are still pending). */
function firstSettled<T>(promises: Promise<T>[], n: number): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const settled: T[] = [];
    for (const p of promises) {
      p.then((value) => {
        settled.push(value);
        if (settled.length === n) resolve(settled);
      }, reject);
    }
  });
}

describe('one caller and the pool', () => {
  let server: TestServer;
  let admin: string;
  let principal: string;

  beforeAll(async () => {
    server = await startTestServer({
      poolMax: 2,
      poolWaitMs: 30_000,
      requestLimits: { callerConcurrency: 2, callerWaitMs: 300 },
    });
    admin = (await server.signIn('admin@northfield.example')).accessToken;
    principal = (await server.signIn('principal@northfield.example')).accessToken;
  });
  afterAll(() => server.close());

  it('past its share a caller is told to come back (429, Retry-After) while another caller is still served', async () => {
    // The pool is busy: the caller's first two requests take its two slots and wait for a connection; the other
    // three wait for a slot of their own and are refused without ever touching the pool.
    const held = [server.app.createQueryRunner(), server.app.createQueryRunner()];
    for (const r of held) await r.connect();
    const burst = Array.from({ length: 5 }, () => post(server, admin));
    const refused = await firstSettled(burst, 3);
    const someoneElse = post(server, principal);
    for (const r of held) await r.release();

    expect(refused.map((a) => a.status)).toEqual([429, 429, 429]);
    for (const a of refused) {
      expect(a.headers.get('retry-after')).toBe('1');
      expect(((await a.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
        'RATE_LIMITED',
      );
    }
    const all = await Promise.all(burst);
    expect(all.map((a) => a.status).sort()).toEqual([200, 200, 429, 429, 429]);
    expect((await someoneElse).status).toBe(200);
  });
});

describe('deadlines', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('a statement that runs past the statement timeout is cancelled and reported as SERVICE_UNAVAILABLE', async () => {
    const error = await withTenantTransaction(server.app, { districtId: null }, (m) => m.query('SELECT pg_sleep(5)'), {
      statementTimeoutMs: 100,
    }).catch((e: unknown) => e);
    expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('past the request deadline no statement starts, and the connection goes back to the pool clean', async () => {
    const error = await withTenantTransaction(server.app, { districtId: null }, (m) => m.query('SELECT 1 AS one'), {
      deadline: Date.now() - 1,
    }).catch((e: unknown) => e);
    expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('SERVICE_UNAVAILABLE');
    await expect(
      withTenantTransaction(server.app, { districtId: null }, (m) => m.query('SELECT 1 AS one')),
    ).resolves.toEqual([{ one: 1 }]);
  });
});
