import { randomBytes } from 'node:crypto';
import { signUnsubscribe, UNSUBSCRIBE_LINK_DAYS, verifyUnsubscribe } from '../unsubscribe-token';

const key = randomBytes(32);
const claims = {
  districtId: '6f1c2b4e-8a1d-4c3e-9b7a-1d2e3f4a5b6c',
  staffMemberId: '0a9b8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d',
  kinds: ['ACTION_OVERDUE', 'SESSION_REMINDER'],
};
const DAY = 86_400_000;

describe('signed unsubscribe tokens', () => {
  test('a token verifies to the district, person, kinds and issue time it was signed with', () => {
    const issued = new Date('2026-11-30T12:00:00Z');
    const token = signUnsubscribe(key, claims, issued);
    expect(verifyUnsubscribe(key, token, issued.getTime() + DAY)).toEqual({ claims: { ...claims, issuedAt: issued } });
  });

  test('changing any one character of a token refuses it', () => {
    const now = Date.now();
    const token = signUnsubscribe(key, claims, new Date(now));
    for (let i = 0; i < token.length; i += 1) {
      const swapped = token[i] === '0' ? '1' : token[i] === 'A' ? 'B' : token[i] === '.' ? '-' : '0';
      const changed = token.slice(0, i) + swapped + token.slice(i + 1);
      expect('refused' in verifyUnsubscribe(key, changed, now)).toBe(true);
    }
  });

  test("another deployment's key, an expired token, or one issued in the future is refused", () => {
    const now = Date.now();
    const token = signUnsubscribe(key, claims, new Date(now));
    expect(verifyUnsubscribe(randomBytes(32), token, now)).toEqual({ refused: 'BAD_SIGNATURE' });
    expect(verifyUnsubscribe(key, token, now + (UNSUBSCRIBE_LINK_DAYS - 1) * DAY)).toHaveProperty('claims');
    expect(verifyUnsubscribe(key, token, now + (UNSUBSCRIBE_LINK_DAYS + 1) * DAY)).toEqual({ refused: 'EXPIRED' });
    expect(verifyUnsubscribe(key, token, now - DAY)).toEqual({ refused: 'EXPIRED' });
    expect(verifyUnsubscribe(key, '../../etc/passwd', now)).toEqual({ refused: 'MALFORMED' });
  });
});
