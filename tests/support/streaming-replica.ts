import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A PostgreSQL primary and a streaming replica of it, started for one suite from the machine's PostgreSQL programs
 * (initdb, pg_ctl, pg_basebackup; Debian puts them in /usr/lib/postgresql/<major>/bin). Both listen on loopback
 * only, trust local connections, and live in a temporary folder removed on stop(). As root, the servers run as the
 * `postgres` account (PostgreSQL refuses root).
 */
export interface StreamingPair {
  primaryPort: number;
  replicaPort: number;
  /** A superuser URL of `database` on the primary or the replica. */
  url(server: 'primary' | 'replica', database: string): string;
  /** Pauses or resumes the replica's replay of what it receives (the replica falls behind, then catches up). */
  setReplay(paused: boolean): Promise<void>;
  stopReplica(): void;
  startReplica(): void;
  stop(): void;
}

export function postgresBinaries(): string | null {
  const candidates = [process.env.PG_BINDIR ?? ''];
  if (fs.existsSync('/usr/lib/postgresql')) {
    const majors = fs
      .readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  return (
    candidates.find(
      (dir) => dir && ['initdb', 'pg_ctl', 'pg_basebackup'].every((p) => fs.existsSync(path.join(dir, p))),
    ) ?? null
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startStreamingPair(bin: string): Promise<StreamingPair> {
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-replica-'));
  fs.chmodSync(dir, 0o755);
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    fs.chownSync(dir, uid, gid);
  }
  const run = (program: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(bin, program), args, { stdio: 'pipe' });
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const settings = (port: number) =>
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      'wal_level = replica',
      'max_wal_senders = 4',
      'fsync = off',
      'full_page_writes = off',
      'max_connections = 60',
      'shared_buffers = 32MB',
    ].join('\n') + '\n';
  const start = (data: string, log: string) =>
    run('pg_ctl', ['-D', data, '-l', path.join(dir, log), '-w', '-t', '120', 'start']);
  const stopServer = (data: string) => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not running
    }
  };
  try {
    run('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
    // What initdb writes trusts replication connections from loopback; the settings below come last and win.
    fs.appendFileSync(path.join(primaryDir, 'postgresql.conf'), settings(primaryPort));
    start(primaryDir, 'primary.log');
    run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    fs.appendFileSync(path.join(replicaDir, 'postgresql.conf'), `port = ${replicaPort}\nhot_standby = on\n`);
    start(replicaDir, 'replica.log');
  } catch (error) {
    stopServer(replicaDir);
    stopServer(primaryDir);
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`could not start a primary and its streaming replica: ${(error as Error).message} ${stderr}`, {
      cause: error,
    });
  }
  const url = (server: 'primary' | 'replica', database: string) =>
    `postgres://postgres@127.0.0.1:${server === 'primary' ? primaryPort : replicaPort}/${database}`;
  return {
    primaryPort,
    replicaPort,
    url,
    setReplay: async (paused) => {
      const client = new Client({ connectionString: url('replica', 'postgres') });
      await client.connect();
      try {
        await client.query(paused ? 'SELECT pg_wal_replay_pause()' : 'SELECT pg_wal_replay_resume()');
      } finally {
        await client.end();
      }
    },
    stopReplica: () => stopServer(replicaDir),
    startReplica: () => start(replicaDir, 'replica.log'),
    stop: () => {
      stopServer(replicaDir);
      stopServer(primaryDir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
