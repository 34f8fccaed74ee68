import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ENV } from './test-database';

/**
 * PgBouncer in transaction pooling, in front of the test database server, so that a suite can run the API the way
 * production runs it behind one (tests/api/pgbouncer.test.ts). Debian's package puts it in /usr/sbin; CI installs
 * it (.ci/run). Started by the jest global setup when the program is there.
 */
export function pgbouncerPath(): string | null {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'pgbouncer'));
  const candidates = [process.env.PGBOUNCER_PATH, '/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', ...onPath].filter(
    Boolean,
  ) as string[];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/** Server connections PgBouncer keeps per database and user: few, so that many clients take turns on them. */
export const PGBOUNCER_POOL_SIZE = 3;

export interface RunningPgBouncer {
  /** host:port where clients connect. */
  address: string;
  stop(): Promise<void>;
}

function waitForPort(port: number, child: ChildProcess, output: () => string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`PgBouncer exited: ${output().trim()}`));
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > until) return reject(new Error(`PgBouncer did not listen in ${ms} ms: ${output().trim()}`));
        setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Starts PgBouncer on a free loopback port, pooling by transaction, in front of `server`. Clients sign in with
 * SCRAM as one of `users` (the passwords are kept in PgBouncer's auth file, which it also uses to sign in to the
 * server). PgBouncer refuses to run as root: as root it switches to the `postgres` account.
 */
export async function startPgBouncer(options: {
  binary: string;
  port: number;
  server: { host: string; port: number };
  users: { name: string; password: string }[];
}): Promise<RunningPgBouncer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-pgbouncer-'));
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  fs.writeFileSync(
    path.join(dir, 'users.txt'),
    options.users.map((u) => `${quote(u.name)} ${quote(u.password)}`).join('\n') + '\n',
    { mode: 0o600 },
  );
  const ini = [
    '[databases]',
    `* = host=${options.server.host} port=${options.server.port}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${options.port}`,
    'unix_socket_dir =',
    'auth_type = scram-sha-256',
    `auth_file = ${path.join(dir, 'users.txt')}`,
    'pool_mode = transaction',
    `default_pool_size = ${PGBOUNCER_POOL_SIZE}`,
    'max_client_conn = 500',
    // A client that waits this long for a server connection is told so: a stall ends in an error, not a hang.
    'query_wait_timeout = 20',
    // What a client sends at start-up is refused unless PgBouncer tracks it: no ignore_startup_parameters, so a
    // statement_timeout passed as a connection option fails loudly here, as it does in production.
    'server_lifetime = 3600',
    'log_connections = 0',
    'log_disconnections = 0',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'pgbouncer.ini'), ini + '\n', { mode: 0o600 });

  const args = [path.join(dir, 'pgbouncer.ini')];
  if (process.getuid?.() === 0) {
    // It reads its files as root, then drops to postgres; let postgres own them for a reload.
    const uid = Number.parseInt(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }), 10);
    const gid = Number.parseInt(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }), 10);
    for (const f of ['', 'users.txt', 'pgbouncer.ini']) fs.chownSync(path.join(dir, f), uid, gid);
    args.unshift('-u', 'postgres');
  }
  const child = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => keep(Buffer.from(String(error))));
  // Never outlive the test run, even when jest exits without its teardown.
  const killOnExit = () => {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(options.port, child, () => out, 10_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address: `127.0.0.1:${options.port}`, stop };
}

/** The same connection URL, through the run's PgBouncer; null when the run has none. */
export function throughPgBouncer(url: string): string | null {
  const address = process.env[ENV.pgbouncer];
  if (!address) return null;
  const u = new URL(url);
  u.host = address;
  return u.toString();
}
