import { fromGlobalId, toGlobalId } from '../../packages/api/src/graphql/global-id';
import { ok, startTestServer, type TestServer } from '../support/server';

/**
 * Whether a request's writes are kept is decided by its root mutation fields: a mutation that succeeded stays
 * written even when a field read from its payload fails, and the answer says so truthfully; a failed root mutation
 * still undoes the whole operation (see "one operation, several mutations" in mutations-input).
 */
let server: TestServer;
let principal: string;
let strategyId: string;

beforeAll(async () => {
  server = await startTestServer();
  principal = (await server.signIn('principal@northfield.example')).accessToken;
  const [lms] = await server.owner.query(`SELECT id FROM school WHERE code = 'NF-LMS'`);
  const created = await server.gql(
    `mutation($i: StrategyCreateInput!) { strategyCreate(input: $i) { strategy { id version } } }`,
    {
      i: {
        schoolId: toGlobalId('School', lms.id),
        title: 'Number sense',
        goal: 'Students explain their reasoning',
        kind: 'DATA_TEAMS',
        status: 'ACTIVE',
        startsOn: '2026-09-01',
        endsOn: '2027-06-30',
      },
    },
    principal,
  );
  strategyId = ok(created).strategyCreate.strategy.id;
});
afterAll(() => server.close());

const READ_BACK = `query($id: ID!) { strategy(id: $id) { title version } }`;

describe('the fate of a request’s writes', () => {
  it('a successful strategyUpdate whose payload selects a field that errors keeps its write and reports it truthfully', async () => {
    const res = await server.gql(
      `mutation($i: StrategyUpdateInput!) {
        strategyUpdate(input: $i) {
          strategy { title version funnel(window: { from: "2026-12-01", to: "2026-01-01" }) { due } }
        }
      }`,
      { i: { id: strategyId, version: 1, title: 'Number sense (renamed)' } },
      principal,
    );
    // The nested read failed, on its own path, and answers null; the update itself is reported as done.
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({
      path: ['strategyUpdate', 'strategy', 'funnel'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(res.data?.strategyUpdate.strategy).toEqual({ title: 'Number sense (renamed)', version: 2, funnel: null });

    // ...and the database holds exactly what the answer reported, audit included.
    expect(ok(await server.gql(READ_BACK, { id: strategyId }, principal)).strategy).toEqual({
      title: 'Number sense (renamed)',
      version: 2,
    });
    const audit = await server.owner.query(
      `SELECT fields FROM audit_event WHERE action = 'strategy.update' AND entity_id = $1`,
      [fromGlobalId(strategyId)!.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('a failed root mutation next to a successful one writes nothing and answers data: null', async () => {
    const res = await server.gql(
      `mutation($a: StrategyUpdateInput!, $b: StrategyUpdateInput!) {
        a: strategyUpdate(input: $a) { strategy { version } }
        b: strategyUpdate(input: $b) { strategy { version } }
      }`,
      {
        a: { id: strategyId, version: 2, title: 'Renamed again' },
        b: { id: strategyId, version: 2, title: 'Stale rename' },
      },
      principal,
    );
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0]).toMatchObject({ path: ['b'], extensions: { code: 'CONFLICT' } });
    expect(ok(await server.gql(READ_BACK, { id: strategyId }, principal)).strategy).toEqual({
      title: 'Number sense (renamed)',
      version: 2,
    });
  });

  it('a wrong password counts towards the throttle, and only that survives the rollback of its operation', async () => {
    const res = await server.gql(
      `mutation($a: StrategyUpdateInput!) {
        a: strategyUpdate(input: $a) { strategy { version } }
        b: signIn(input: { email: "coach@northfield.example", password: "not-the-password" }) { accessToken }
      }`,
      { a: { id: strategyId, version: 2, title: 'Renamed beside a failed sign-in' } },
      principal,
    );
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0]).toMatchObject({ path: ['b'], extensions: { code: 'UNAUTHENTICATED' } });
    expect(ok(await server.gql(READ_BACK, { id: strategyId }, principal)).strategy).toEqual({
      title: 'Number sense (renamed)',
      version: 2,
    });
    const [throttle] = await server.owner.query(`SELECT failures FROM sign_in_throttle`);
    expect(throttle).toEqual({ failures: 1 });
  });
});
