import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { adminQuery } from '../setup/test-database';

/**
 * The real entry point, as `npm start` runs it (compiled), against a DATABASE_URL database: what it prints, what it
 * seeds, and how it stops.
 */
const ROOT = path.resolve(__dirname, '..', '..');

function start(env: Record<string, string>): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  ready: Promise<string>;
} {
  const child = spawn(process.execPath, [path.join(ROOT, 'packages/api/dist/main.js')], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_APP_PASSWORD: process.env.TL_TEST_APP_PASSWORD ?? '',
      ...env,
    },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /GraphQL\s+(http:\/\/\S+)\/graphql/.exec(out);
      if (match) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
  return { child, output: () => out, ready };
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

let db: TestDatabase;
beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/api'], {
    cwd: ROOT,
  });
  db = await createTestDatabase();
}, 120_000);
afterAll(() => db.drop());

describe('the server process', () => {
  it('with DATABASE_URL and no DEMO, starts, prints where everything is, and seeds no accounts', async () => {
    const server = start({ DATABASE_URL: db.ownerUrl, DATA_DIR: path.join(ROOT, '.data', 'test-process') });
    const base = await server.ready;
    expect(server.output()).toMatch(/Health\s+http:\/\/127\.0\.0\.1:\d+\/healthz/);
    expect(server.output()).toMatch(/Readiness\s+http:\/\/127\.0\.0\.1:\d+\/readyz/);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const [{ n }] = await adminQuery<{ n: number }>(db.ownerUrl, `SELECT count(*)::int AS n FROM district`);
    expect(n).toBe(0);
    const exited = exitCode(server.child);
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('with DEMO=1 seeds the demo districts; SIGTERM lets a request in flight finish, then exits 0', async () => {
    const server = start({ DATABASE_URL: db.ownerUrl, DEMO: '1', DATA_DIR: path.join(ROOT, '.data', 'test-process') });
    const base = await server.ready;
    const [{ n }] = await adminQuery<{ n: number }>(db.ownerUrl, `SELECT count(*)::int AS n FROM district`);
    expect(n).toBe(2);
    const exited = exitCode(server.child);
    // A sign-in takes a memory-hard hash: it is still running when the signal arrives.
    const inFlight = fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { signIn(input: { email: "admin@northfield.example", password: "throughline-demo" }) { accessToken } }`,
      }),
    });
    await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.signIn.accessToken).toBeTruthy();
    expect(await exited).toBe(0);
    expect(server.output()).not.toMatch(/Error|BEGIN|ROLLBACK|\bat .*\.js:\d+/);
  });

  it('refuses to start when the API role could bypass row-level security', async () => {
    const server = start({
      DATABASE_URL: db.ownerUrl,
      DATABASE_APP_URL: db.ownerUrl,
      DATA_DIR: path.join(ROOT, '.data', 'test-process'),
    });
    await expect(server.ready).rejects.toThrow(/must not be a superuser/);
  });
});
