#!/usr/bin/env node
/* eslint-disable no-console -- a command-line tool reports on the console */
/* global fetch, setTimeout, URLSearchParams -- Node 20 globals */
// Mirrors a district's sessions and action items into CSV files, using only Throughline's public API
// (docs/integrators.md). Node 20+, no dependencies.
//
//   THROUGHLINE_URL=https://throughline.example.org \
//   THROUGHLINE_CLIENT_ID=tlc_… THROUGHLINE_CLIENT_SECRET=… \
//   node examples/nightly-sync.mjs [out-dir]
//
// The client needs the scope improvement:read (who owns an action is staff data: organization:read). The first run copies everything; each later run reads only what
// changed since the last one: the lists ordered UPDATED_AT resume from the cursor saved last time, and the changes
// feed tells which sessions were removed. State (the mirror and the cursors) is kept in <out-dir>/state.json; the
// CSV files are written from it on every run: <out-dir>/sessions.csv and <out-dir>/actions.csv.

import fs from 'node:fs';
import path from 'node:path';

const BASE = (process.env.THROUGHLINE_URL ?? 'http://localhost:4000').replace(/\/$/, '');
const CLIENT_ID = process.env.THROUGHLINE_CLIENT_ID;
const CLIENT_SECRET = process.env.THROUGHLINE_CLIENT_SECRET;
const OUT = path.resolve(process.argv[2] ?? process.env.THROUGHLINE_OUT ?? 'throughline-mirror');
const PAGE = 100;

if (!CLIENT_ID || !CLIENT_SECRET) {
  console.error('Set THROUGHLINE_CLIENT_ID and THROUGHLINE_CLIENT_SECRET.');
  process.exit(2);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An access token by the OAuth 2.0 client credentials grant; asked for again when it expires. */
let token = null;
async function accessToken() {
  if (token && token.expiresAt > Date.now() + 30_000) return token.value;
  const res = await fetch(`${BASE}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope: 'improvement:read',
    }),
  });
  const body = await res.json();
  if (res.status !== 200)
    throw new Error(`token refused (${res.status}): ${body.error} ${body.error_description ?? ''}`);
  token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
  return token.value;
}

/** One GraphQL request; waits and tries again on 429 and 503 (Retry-After), fails on any error. */
async function gql(query, variables = {}) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${BASE}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await accessToken()}` },
      body: JSON.stringify({ query, variables }),
    });
    if ((res.status === 429 || res.status === 503) && attempt < 5) {
      const wait = Number(res.headers.get('retry-after') ?? '5');
      console.error(`${res.status}: waiting ${wait} s`);
      await sleep(wait * 1000);
      continue;
    }
    if (res.status === 401 && attempt < 2) {
      token = null; // expired or revoked: one more try with a new token
      continue;
    }
    const body = await res.json();
    if (body.errors?.length) {
      const e = body.errors[0];
      throw new Error(`${e.extensions?.code ?? res.status}: ${e.message}`);
    }
    return body.data;
  }
}

const SESSIONS = `query($after: String) {
  sessions(first: ${PAGE}, after: $after, orderBy: { field: UPDATED_AT }) {
    nodes { id scheduledAt heldAt durationMinutes cancelledAt conversation { id } createdAt updatedAt }
    pageInfo { hasNextPage endCursor }
  }
}`;

const ACTIONS = `query($after: String) {
  actionItems(first: ${PAGE}, after: $after, orderBy: { field: UPDATED_AT }) {
    nodes { id session { id } status dueOn completedOn createdAt updatedAt }
    pageInfo { hasNextPage endCursor }
  }
}`;

const CHANGES = `query($since: String) {
  changes(since: $since, first: ${PAGE}, types: [CONVERSATION_SESSION, ACTION_ITEM]) {
    nodes { type id op }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Reads a list ordered UPDATED_AT from `after` to its end; returns the cursor to resume from next time. */
async function follow(query, field, after, onNode) {
  let cursor = after;
  for (;;) {
    const page = (await gql(query, { after: cursor }))[field];
    page.nodes.forEach(onNode);
    cursor = page.pageInfo.endCursor ?? cursor; // an empty page has no endCursor: keep ours
    if (!page.pageInfo.hasNextPage) return cursor;
  }
}

/** Reads the changes feed from `since` to its end; returns the position to resume from. */
async function changes(since, onEntry) {
  let cursor = since;
  for (;;) {
    const page = (await gql(CHANGES, { since: cursor })).changes;
    page.nodes.forEach(onEntry);
    cursor = page.pageInfo.endCursor ?? cursor;
    if (!page.pageInfo.hasNextPage) return cursor;
  }
}

function csv(rows, columns) {
  const cell = (v) => {
    const s = v == null ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

const stateFile = path.join(OUT, 'state.json');
fs.mkdirSync(OUT, { recursive: true });
const state = fs.existsSync(stateFile)
  ? JSON.parse(fs.readFileSync(stateFile, 'utf8'))
  : { sessionsAfter: null, actionsAfter: null, changesSince: null, sessions: {}, actions: {} };
const first = state.changesSince === null;

// 1. Removals and cancellations. On the first run, only find the feed's end: the full copy below has everything,
//    and anything removed from here on shows up in the next run's feed.
let removed = 0;
state.changesSince = await changes(state.changesSince, (entry) => {
  if (first) return;
  if (entry.op === 'DELETE' && entry.type === 'CONVERSATION_SESSION' && state.sessions[entry.id]) {
    delete state.sessions[entry.id];
    removed++;
  }
  // DEACTIVATE and CANCEL change the record too: the lists below bring its new version.
});

// 2. Sessions and actions written since the last run (everything, the first time), at their latest version.
let sessionsRead = 0;
state.sessionsAfter = await follow(SESSIONS, 'sessions', state.sessionsAfter, (s) => {
  sessionsRead++;
  state.sessions[s.id] = {
    id: s.id,
    conversationId: s.conversation?.id ?? '',
    scheduledAt: s.scheduledAt,
    heldAt: s.heldAt,
    durationMinutes: s.durationMinutes,
    cancelledAt: s.cancelledAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
});
let actionsRead = 0;
state.actionsAfter = await follow(ACTIONS, 'actionItems', state.actionsAfter, (a) => {
  actionsRead++;
  state.actions[a.id] = {
    id: a.id,
    sessionId: a.session?.id ?? '',
    status: a.status,
    dueOn: a.dueOn,
    completedOn: a.completedOn,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
});

// 3. The files, written whole each time (to a temporary name first, so a reader never sees half a file).
function write(name, rows, columns) {
  const file = path.join(OUT, name);
  fs.writeFileSync(`${file}.tmp`, csv(rows, columns));
  fs.renameSync(`${file}.tmp`, file);
}
const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
write('sessions.csv', Object.values(state.sessions).sort(byId), [
  'id',
  'conversationId',
  'scheduledAt',
  'heldAt',
  'durationMinutes',
  'cancelledAt',
  'createdAt',
  'updatedAt',
]);
write('actions.csv', Object.values(state.actions).sort(byId), [
  'id',
  'sessionId',
  'status',
  'dueOn',
  'completedOn',
  'createdAt',
  'updatedAt',
]);
fs.writeFileSync(`${stateFile}.tmp`, JSON.stringify(state));
fs.renameSync(`${stateFile}.tmp`, stateFile);

console.log(
  JSON.stringify({
    firstRun: first,
    sessionsRead,
    actionsRead,
    sessionsRemoved: removed,
    sessions: Object.keys(state.sessions).length,
    actions: Object.keys(state.actions).length,
  }),
);
