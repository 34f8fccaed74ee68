import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('health and discovery endpoints', () => {
  it('/healthz answers while the process is alive', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz reports the database reachable and every migration applied', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', migrations: 'applied' });
  });

  it('/.well-known/jwks.json publishes public keys only', async () => {
    const res = await fetch(`${server.url}/.well-known/jwks.json`);
    const body = (await res.json()) as { keys: Record<string, string>[] };
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: server.keys.signing.kid,
    });
    expect(body.keys[0].d).toBeUndefined();
  });

  it('signs in a demo admin and lists their district schools', async () => {
    const { accessToken } = await server.signIn('admin@northfield.example');
    const res = await server.gql(`{ schools { totalCount nodes { name } } }`, {}, accessToken);
    expect(res.data?.schools.totalCount).toBe(4);
  });
});
