/**
 * The integrator's example (examples/nightly-sync.mjs) against a real server with the demo data: a district admin
 * creates an API client through GraphQL, the script runs as a child process with the client's id and secret, and its
 * CSV files hold what the database holds. Run again after changes, it picks up exactly those: an updated session, a
 * new action, a removed session.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { ok, startTestServer, type TestServer } from '../support/server';

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, '../../examples/nightly-sync.mjs');

let server: TestServer;
let out: string;
let client: { clientId: string; clientSecret: string };
let north = '';

async function asDistrict<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  return server.owner.transaction(async (m) => {
    await m.query(`SELECT set_config('app.district_id', $1, true)`, [north]);
    return m.query(sql, params);
  });
}

async function sync(): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [SCRIPT, out], {
    env: {
      PATH: process.env.PATH,
      THROUGHLINE_URL: server.url,
      THROUGHLINE_CLIENT_ID: client.clientId,
      THROUGHLINE_CLIENT_SECRET: client.clientSecret,
    },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/** The rows of a CSV the script wrote (its values hold no commas or quotes but what it quotes). */
function rows(file: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(path.join(out, file), 'utf8').trimEnd().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

async function counts(): Promise<{ sessions: number; actions: number }> {
  const [row] = await asDistrict<{ sessions: number; actions: number }>(
    `SELECT (SELECT count(*)::int FROM conversation_session WHERE district_id = $1) AS sessions,
            (SELECT count(*)::int FROM action_item WHERE district_id = $1) AS actions`,
    [north],
  );
  return row;
}

beforeAll(async () => {
  server = await startTestServer({ demoDomain: true });
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-sync-'));
  [{ id: north }] = await server.owner.query(`SELECT id FROM district WHERE slug = 'northfield'`);
  const admin = (await server.signIn('admin@northfield.example')).accessToken;
  client = ok(
    await server.gql(
      `mutation($i: ApiClientCreateInput!) { apiClientCreate(input: $i) { clientId clientSecret } }`,
      { i: { name: 'Nightly warehouse sync', scopes: ['improvement:read'] } },
      admin,
    ),
  ).apiClientCreate;
});

afterAll(async () => {
  await server?.close();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

it('mirrors the demo district into CSV files, then picks up only what changed', async () => {
  const firstRun = await sync();
  const db = await counts();
  expect(db.sessions).toBeGreaterThan(10);
  expect(db.actions).toBeGreaterThan(5);
  expect(firstRun).toMatchObject({ firstRun: true, sessions: db.sessions, actions: db.actions });
  const sessions = rows('sessions.csv');
  const actions = rows('actions.csv');
  expect(sessions).toHaveLength(db.sessions);
  expect(actions).toHaveLength(db.actions);
  const dbSessionIds = (
    await asDistrict<{ id: string }>(`SELECT id FROM conversation_session WHERE district_id = $1`, [north])
  )
    .map((r) => toGlobalId('ConversationSession', r.id))
    .sort();
  expect(sessions.map((s) => s.id).sort()).toEqual(dbSessionIds);

  // Changes between the runs: a session updated, an action added, a session removed.
  const [changed] = await asDistrict<{ id: string }>(
    `SELECT id FROM conversation_session WHERE district_id = $1 AND status = 'SCHEDULED' AND scheduled_at > now()
      AND NOT EXISTS (SELECT 1 FROM action_item a WHERE a.district_id = $1 AND a.session_id = conversation_session.id)
      ORDER BY scheduled_at LIMIT 1`,
    [north],
  );
  await asDistrict(`UPDATE conversation_session SET scheduled_at = scheduled_at + interval '1 hour' WHERE id = $1`, [
    changed.id,
  ]);
  const [removed] = await asDistrict<{ id: string }>(
    `SELECT s.id FROM conversation_session s WHERE s.district_id = $1 AND s.status = 'SCHEDULED' AND s.scheduled_at > now() AND s.id <> $2
      AND NOT EXISTS (SELECT 1 FROM action_item a WHERE a.district_id = $1 AND a.session_id = s.id)
      ORDER BY s.scheduled_at DESC LIMIT 1`,
    [north, changed.id],
  );
  await asDistrict(`DELETE FROM conversation_session WHERE id = $1`, [removed.id]);
  const [held] = await asDistrict<{ id: string; owner: string }>(
    `SELECT a.session_id AS id, a.owner_id AS owner FROM action_item a WHERE a.district_id = $1 LIMIT 1`,
    [north],
  );
  await asDistrict(
    `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on, original_due_on)
     VALUES ($1, $2, $3, 'Try the new protocol', current_date + 14, current_date + 14)`,
    [north, held.id, held.owner],
  );

  // A change shows once every older transaction has ended: on a busy server, a moment later.
  let second: Record<string, unknown> = {};
  for (let i = 0; i < 10; i++) {
    second = await sync();
    if (second.sessionsRemoved === 1 && second.actionsRead === 1) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const after = await counts();
  expect(second).toMatchObject({
    firstRun: false,
    sessionsRead: 1,
    actionsRead: 1,
    sessionsRemoved: 1,
    sessions: after.sessions,
    actions: after.actions,
  });
  expect(rows('sessions.csv')).toHaveLength(after.sessions);
  expect(rows('actions.csv')).toHaveLength(after.actions);
  const updated = rows('sessions.csv').find((s) => s.id === toGlobalId('ConversationSession', changed.id))!;
  const [{ scheduled_at }] = await asDistrict<{ scheduled_at: Date }>(
    `SELECT scheduled_at FROM conversation_session WHERE id = $1`,
    [changed.id],
  );
  expect(new Date(updated.scheduledAt).getTime()).toBe(scheduled_at.getTime());
  expect(rows('sessions.csv').some((s) => s.id === toGlobalId('ConversationSession', removed.id))).toBe(false);
});
