import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { adminQuery, ENV, withDatabase } from '../setup/test-database';

/**
 * The configuration as the compiled entry point reads it (zod schemas, packages/api/src/config.ts), and `--check`
 * (`npm start -- --check`): effective settings without secrets, one line per connection tried, exit 0 or 1, and
 * nothing started or migrated. A bad variable is one line naming it, exit 2, as at any start.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'packages/api/dist/main.js');
const METRICS_TOKEN = 'metrics-token-marker-check-0123456789';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string>): Promise<Outcome> {
  const base: Record<string, string | undefined> = { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env };
  for (const name of ['DATABASE_APP_URL', 'DATABASE_READ_URL', 'DATABASE_DIRECT_URL', 'REDIS_URL', 'SMTP_URL']) {
    if (!(name in env)) delete base[name];
  }
  const child = spawn(process.execPath, [MAIN, ...args], { env: base as NodeJS.ProcessEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

function noStackTrace(outcome: Outcome): void {
  expect(outcome.stdout + outcome.stderr).not.toMatch(/^\s+at /m);
  expect(outcome.stdout + outcome.stderr).not.toMatch(/Unhandled|node:internal/);
}

/** A port nothing listens on: taken from the system, then let go. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function tablesIn(url: string): Promise<number> {
  const [{ n }] = await adminQuery<{ n: number }>(
    url,
    `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
  );
  return n;
}

// Each case starts the compiled entry point, which loads the whole API first: slow on a busy machine.
jest.setTimeout(120_000);

const appPassword = () => process.env[ENV.appPassword] ?? '';

let db: TestDatabase;
beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/api'], {
    cwd: ROOT,
  });
  db = await createTestDatabase();
}, 120_000);
afterAll(() => db?.drop());

describe('--check', () => {
  it('a good configuration: every connection named passes, one line each, exit 0, no secret printed', async () => {
    const outcome = await run(['--check'], {
      DATABASE_URL: db.ownerUrl,
      DATABASE_APP_PASSWORD: appPassword(),
      // The primary stands in for a replica and for the worker's direct connection.
      DATABASE_READ_URL: db.appUrl,
      DATABASE_DIRECT_URL: db.appUrl,
      DATABASE_READ_MAX_LAG_MS: '2000',
      METRICS_TOKEN,
      PUBLIC_URL: 'https://tl.example.org',
    });
    noStackTrace(outcome);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    const checks = outcome.stdout.split('\n').filter((l) => /^(ok|FAIL)\s/.test(l));
    expect(checks).toEqual([
      expect.stringMatching(/^ok {4}database \(DATABASE_URL, owner\): .*PostgreSQL \d+/),
      expect.stringMatching(
        /^ok {4}API role \(DATABASE_APP_ROLE\): throughline_api@.*restricted by row-level security/,
      ),
      expect.stringMatching(/^ok {4}job worker connection \(DATABASE_DIRECT_URL\): throughline_api@/),
      expect.stringMatching(/^ok {4}read replica \(DATABASE_READ_URL\): throughline_api@.*not a standby/),
    ]);
    expect(outcome.stdout).toContain('DATABASE_READ_MAX_LAG_MS=2000');
    expect(outcome.stdout).toContain('METRICS_TOKEN=(set, hidden)');
    // The mail link key has no variable: said how it is made, never shown.
    expect(outcome.stdout).toContain(
      'mail unsubscribe links: signed (HMAC-SHA256) with a key derived (HKDF) from the database’s own secret; nothing to set',
    );
    expect(outcome.stdout).toMatch(/All checks passed\.\n$/);
    // Secrets are said to be set, never shown: the token, and the API role's password in its URLs.
    expect(outcome.stdout).not.toContain(METRICS_TOKEN);
    if (appPassword()) expect(outcome.stdout).not.toContain(appPassword());
    // Nothing was served.
    expect(outcome.stdout).not.toMatch(/Throughline is running|GraphQL\s+http/);
  });

  it('starts nothing and migrates nothing: an empty database stays empty', async () => {
    const adminUrl = process.env[ENV.adminUrl]!;
    const name = `${db.name}_empty`;
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    try {
      const url = withDatabase(adminUrl, name);
      const outcome = await run(['--check'], { DATABASE_URL: url, DATABASE_APP_PASSWORD: appPassword() });
      noStackTrace(outcome);
      expect(outcome.stdout).toMatch(/^ok {4}database \(DATABASE_URL, owner\)/m);
      expect(await tablesIn(url)).toBe(0);
      const [{ n }] = await adminQuery<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'graphile_worker'`,
      );
      expect(n).toBe(0);
    } finally {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });

  it('an unreachable database: a FAIL line naming the variable and the cause, exit 1, no stack trace', async () => {
    const port = await closedPort();
    const outcome = await run(['--check'], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/nowhere` });
    noStackTrace(outcome);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(
      new RegExp(`^FAIL {2}database \\(DATABASE_URL, owner\\): connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`, 'm'),
    );
    expect(outcome.stdout).toMatch(/Some checks failed\.\n$/);
  });

  it('a replica that does not answer fails its own line while the primary passes', async () => {
    const port = await closedPort();
    const outcome = await run(['--check'], {
      DATABASE_URL: db.ownerUrl,
      DATABASE_APP_PASSWORD: appPassword(),
      DATABASE_READ_URL: `postgres://throughline_api@127.0.0.1:${port}/replica`,
    });
    noStackTrace(outcome);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/^ok {4}database \(DATABASE_URL, owner\)/m);
    expect(outcome.stdout).toMatch(/^FAIL {2}read replica \(DATABASE_READ_URL\): connect ECONNREFUSED/m);
  });
});

describe('a bad variable', () => {
  it('is one line naming it and what it must be, exit 2, nothing checked, no stack trace', async () => {
    const outcome = await run(['--check'], { DATABASE_URL: db.ownerUrl, DATABASE_POOL_MAX: 'lots' });
    noStackTrace(outcome);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe('Configuration error: DATABASE_POOL_MAX must be an integer from 1 to 500\n');
    expect(outcome.stdout).toBe('');
  });

  it('several bad variables: one line each, at a normal start too', async () => {
    const outcome = await run([], {
      DATABASE_URL: 'mysql://db.example/throughline',
      JOB_WORKER: 'sometimes',
      PUBLIC_URL: 'throughline.example.org',
    });
    noStackTrace(outcome);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'Configuration error: DATABASE_URL must be a postgres:// URL',
      'Configuration error: JOB_WORKER must be 1/0, true/false, yes/no or on/off',
      'Configuration error: PUBLIC_URL must be an origin such as https://throughline.example.org',
    ]);
  });
});
