import { randomUUID } from 'node:crypto';
import { generateSigningJwk, keySetFromJwks, type KeySet } from '../keys';
import { issueAccessToken, verifyAccessToken, InvalidTokenError, type TokenSettings } from '../tokens';

const settings: TokenSettings = { issuer: 'throughline-test', audience: 'throughline-api', accessTokenTtlSeconds: 900 };
const person = { subject: randomUUID(), districtId: randomUUID(), roles: ['TEACHER' as const] };

let keys: KeySet;
beforeEach(async () => {
  keys = await keySetFromJwks(JSON.stringify([await generateSigningJwk()]));
});
afterEach(() => jest.useRealTimers());

describe('a verified token is checked once, and what time or the key set change is checked every time', () => {
  it('the same token verified twice gives the claims verified the first time', async () => {
    const { token } = await issueAccessToken(keys, settings, person);
    const first = await verifyAccessToken(keys, settings, token);
    expect(first).toEqual(person);
    expect(await verifyAccessToken(keys, settings, token)).toBe(first);
    // Nobody downstream can change what the next request is told.
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('a token verified before is refused once it expires', async () => {
    const { token, expiresAt } = await issueAccessToken(keys, settings, person);
    await verifyAccessToken(keys, settings, token);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'setInterval'] });
    jest.setSystemTime(expiresAt.getTime() + 6_000);
    await expect(verifyAccessToken(keys, settings, token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('a token verified before is refused once its key leaves the key set', async () => {
    const { token } = await issueAccessToken(keys, settings, person);
    await verifyAccessToken(keys, settings, token);
    keys.verification.delete(keys.signing.kid);
    await expect(verifyAccessToken(keys, settings, token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('a token verified for one audience is still refused for another', async () => {
    const { token } = await issueAccessToken(keys, settings, person);
    await verifyAccessToken(keys, settings, token);
    await expect(verifyAccessToken(keys, { ...settings, audience: 'elsewhere' }, token)).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });

  it('a refused token is refused again (failures are not kept as successes)', async () => {
    const { token } = await issueAccessToken(keys, settings, person);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verifyAccessToken(keys, settings, tampered)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verifyAccessToken(keys, settings, tampered)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
