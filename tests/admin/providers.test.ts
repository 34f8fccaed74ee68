import { HttpError } from '../../packages/admin/src/providers/graphql';
import { PortalSession } from '../../packages/admin/src/providers/session';
import { createAuthProvider } from '../../packages/admin/src/providers/authProvider';
import { createDataProvider } from '../../packages/admin/src/providers/dataProvider';
import { canAccess } from '../../packages/admin/src/providers/access';
import { startTestServer, type TestServer } from '../support/server';
import { cookieFetch } from './cookie-jar';
import englishProviders from '../../packages/admin/src/i18n/en/providers';
import { setCurrentLocale } from '../../packages/admin/src/i18n/locale';
import { describeCadence } from '../../packages/api/src/modules/schedule/cadence';

/** The portal's auth and data providers, against the real API over HTTP (cookies kept as a browser would). */
let server: TestServer;

function portal(fetchImpl = cookieFetch(server.url)) {
  const session = new PortalSession('/graphql', fetchImpl);
  return { session, auth: createAuthProvider(session), data: createDataProvider(session.transport), fetchImpl };
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
describe('auth provider', () => {
  it('signs in, knows who you are, and keeps the refresh token out of reach of scripts', async () => {
    const { auth, session } = portal();
    await auth.login({ email: 'admin@northfield.example', password: 'throughline-demo' });
    expect(await auth.getIdentity!()).toMatchObject({ fullName: 'Dana Whitfield', district: 'Northfield Unified' });
    expect(session.signedIn).toBe(true);
    // The person's saved language (their mail profile's, else the district's) comes with the viewer: docs/i18n.md.
    expect(session.viewer?.language).toBe('en');
    // Nothing the script holds is the refresh token: only the short-lived access token and who you are.
    const held = JSON.stringify({ viewer: session.viewer, keys: Object.keys(session) });
    expect(held).not.toMatch(/tl_refresh|refreshToken/);
  });

  it('a wrong password is refused with one message (a key react-admin translates: "Email or password is incorrect")', async () => {
    const { auth } = portal();
    await expect(auth.login({ email: 'admin@northfield.example', password: 'wrong-password!' })).rejects.toThrow(
      'tl.providers.auth.wrong_password',
    );
    expect(englishProviders.auth.wrong_password).toBe('Email or password is incorrect');
    await expect(auth.checkAuth({})).rejects.toThrow();
  });

  it('a reload restores the session from the httpOnly cookie alone; sign-out ends it', async () => {
    const first = portal();
    await first.auth.login({ email: 'teacher@northfield.example', password: 'throughline-demo' });
    const reloaded = portal(first.fetchImpl);
    await expect(reloaded.auth.checkAuth({})).resolves.toBeUndefined();
    expect((await reloaded.auth.getIdentity!()).fullName).toBe('Sam Ortiz');
    await reloaded.auth.logout({});
    const again = portal(first.fetchImpl);
    await expect(again.auth.checkAuth({})).rejects.toThrow();
  });

  it('checkError on UNAUTHENTICATED refreshes silently, and gives up when the session is gone', async () => {
    const { auth, data, session, fetchImpl } = portal();
    await auth.login({ email: 'coach@northfield.example', password: 'throughline-demo' });
    await expect(auth.checkError({ code: 'OTHER' })).resolves.toBeUndefined();
    const { ApiError } = await import('../../packages/admin/src/providers/graphql');
    await expect(auth.checkError(new ApiError('expired', 'UNAUTHENTICATED'))).resolves.toBeUndefined();
    expect(session.signedIn).toBe(true);
    await session.signOut();
    await expect(auth.checkError(new ApiError('expired', 'UNAUTHENTICATED'))).rejects.toThrow();
    void data;
    void fetchImpl;
  });

  it('canAccess follows the shared matrix for each role', async () => {
    const expectations: [string, string, string, boolean][] = [
      ['admin@northfield.example', 'schools', 'create', true],
      ['admin@northfield.example', 'auditEvents', 'list', true],
      ['admin@northfield.example', 'districts', 'list', false],
      ['principal@northfield.example', 'strategies', 'create', true],
      ['principal@northfield.example', 'schools', 'create', false],
      ['principal@northfield.example', 'staff', 'list', true],
      ['coach@northfield.example', 'sessions', 'log', true],
      ['coach@northfield.example', 'strategies', 'edit', false],
      ['teacher@northfield.example', 'strategies', 'create', false],
      ['teacher@northfield.example', 'strategies', 'edit', false],
      ['teacher@northfield.example', 'sessions', 'rate', true],
      ['teacher@northfield.example', 'norms', 'create', false],
      ['operator@throughline.example', 'districts', 'create', true],
      ['operator@throughline.example', 'schools', 'list', false],
    ];
    for (const [email, resource, action, allowed] of expectations) {
      const { auth, session } = portal();
      await auth.login({ email, password: 'throughline-demo' });
      expect({ email, resource, action, allowed: await auth.canAccess!({ resource, action }) }).toEqual({
        email,
        resource,
        action,
        allowed,
      });
      expect(canAccess(session.viewer, resource, action)).toBe(allowed);
      // Staff bring their saved language; a platform operator has no profile, so none (the browser keeps theirs).
      expect({ email, language: session.viewer?.language }).toEqual({
        email,
        language: email.startsWith('operator@') ? null : 'en',
      });
    }
  });
});

describe('data provider', () => {
  let data: ReturnType<typeof portal>['data'];
  beforeAll(async () => {
    const p = portal();
    await p.auth.login({ email: 'admin@northfield.example', password: 'throughline-demo' });
    data = p.data;
  });

  it('pages through a connection by cursors: page 2 follows page 1, a jump to page 3 walks there', async () => {
    const list = (page: number) =>
      data.getList('staff', { pagination: { page, perPage: 4 }, sort: { field: 'email', order: 'ASC' }, filter: {} });
    const jump = await list(3);
    const p1 = await list(1);
    const p2 = await list(2);
    const p4 = await list(4);
    expect(p1.total).toBe(15);
    const emails = [...p1.data, ...p2.data, ...jump.data, ...p4.data].map((r) => r.email);
    expect(emails).toEqual([...emails].sort());
    expect(new Set(emails).size).toBe(15);
    expect(p4.data).toHaveLength(3);
  });

  it('filters and sorts through the API', async () => {
    const res = await data.getList('schools', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'code', order: 'DESC' },
      filter: { search: 'elementary' },
    });
    expect(res.data.map((s) => s.code)).toEqual(['NF-RSE', 'NF-MGE']);
  });

  it("words a conversation's cadence in the portal's language, in lists, one record and many", async () => {
    const list = () =>
      data.getList('conversations', {
        pagination: { page: 1, perPage: 25 },
        sort: { field: 'id', order: 'ASC' },
        filter: {},
      });
    const { data: staff } = await data.getList('staff', {
      pagination: { page: 1, perPage: 1 },
      sort: { field: 'email', order: 'ASC' },
      filter: {},
    });
    // Created through the data provider too: its create sends the language as well (English here).
    const { data: created } = await data.create('conversations', {
      data: {
        title: 'Cadence words',
        type: 'COACHING',
        purpose: 'Check the cadence reads in the portal language',
        cadence: 'FREQ=WEEKLY;BYDAY=WE;COUNT=3',
        firstStartsAt: '2027-01-06T15:30',
        durationMinutes: 30,
        facilitatorId: staff[0].id,
      },
    });
    expect(created.cadenceDescription).toBe('Weekly on Wednesday, 3 times');
    const repeating = (await list()).data.find((c) => c.id === created.id);
    expect(repeating).toBeDefined();
    expect(repeating!.cadenceDescription).toBe(describeCadence(repeating!.cadence));
    setCurrentLocale('es');
    try {
      const spanish = 'Cada semana, los miércoles, 3 veces';
      expect(describeCadence(repeating!.cadence, { language: 'es' })).toBe(spanish);
      expect((await list()).data.find((c) => c.id === repeating!.id)?.cadenceDescription).toBe(spanish);
      expect((await data.getOne('conversations', { id: repeating!.id })).data.cadenceDescription).toBe(spanish);
      expect((await data.getMany('conversations', { ids: [repeating!.id] })).data[0].cadenceDescription).toBe(spanish);
    } finally {
      setCurrentLocale('en');
    }
  });

  it('getOne, getMany and getManyReference', async () => {
    const { data: schools } = await data.getList('schools', {
      pagination: { page: 1, perPage: 2 },
      sort: { field: 'name', order: 'ASC' },
      filter: {},
    });
    expect((await data.getOne('schools', { id: schools[0].id })).data.name).toBe(schools[0].name);
    expect((await data.getMany('schools', { ids: schools.map((s) => s.id) })).data).toHaveLength(2);
    const staffAt = await data.getManyReference('staff', {
      target: 'schoolId',
      id: schools[0].id,
      pagination: { page: 1, perPage: 50 },
      sort: { field: 'email', order: 'ASC' },
      filter: {},
    });
    expect(staffAt.total).toBeGreaterThan(0);
  });

  it('BAD_USER_INPUT lands on the form fields (HttpError 400 with body.errors by field)', async () => {
    const error = await data.create('schools', { data: { name: '', code: 'NF-LMS' } }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(400);
    expect(error.body.errors).toEqual({ name: 'Required' });
  });

  it('a stale version is a 409 CONFLICT; another district id is a 404', async () => {
    const created = (await data.create('schools', { data: { name: 'Portal School', code: 'NF-PRT' } })).data;
    const updated = (
      await data.update('schools', {
        id: created.id,
        data: { ...created, name: 'Portal School 2' },
        previousData: created,
      })
    ).data;
    expect(updated.version).toBe(created.version + 1);
    const stale = await data
      .update('schools', { id: created.id, data: { ...created, name: 'Lost update' }, previousData: created })
      .catch((e) => e);
    expect(stale.status).toBe(409);
    const [sb] = await server.owner.query(
      `SELECT s.id FROM school s JOIN district d ON d.id = s.district_id WHERE d.slug = 'southbrook' LIMIT 1`,
    );
    const missing = await data
      .getOne('schools', { id: Buffer.from(`School:${sb.id}`).toString('base64url') })
      .catch((e) => e);
    expect(missing.status).toBe(404);
  });
});

describe('data provider, beyond a page', () => {
  it('gathers more than the API page limit 100 at a time (react-admin export asks for 1000), and names a missing required field', async () => {
    const p = portal();
    await p.auth.login({ email: 'admin@northfield.example', password: 'throughline-demo' });
    const all = await p.data.getList('staff', {
      pagination: { page: 1, perPage: 1000 },
      sort: { field: 'email', order: 'ASC' },
      filter: {},
    });
    expect(all.total).toBe(15);
    expect(all.data).toHaveLength(15);
    const missing = await p.data.create('schools', { data: { code: 'NF-NEW' } }).catch((e) => e);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual({ name: 'Required' });
  });
});
