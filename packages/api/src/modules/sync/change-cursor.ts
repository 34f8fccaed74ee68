import { BadUserInputError } from '../../graphql/errors';

/** A position in the change feed: after the entry (xid, seq), both bigints kept as decimal strings. */
export interface ChangePosition {
  xid: string;
  seq: string;
}

const INTEGER = /^\d{1,19}$/;
const BIGINT_MAX = 9223372036854775807n;

export function encodeChangeCursor(p: ChangePosition): string {
  return Buffer.from(JSON.stringify(['c', p.xid, p.seq]), 'utf8').toString('base64url');
}

/** A cursor back into a position, or BAD_USER_INPUT naming `field`. */
export function decodeChangeCursor(cursor: string, field: string): ChangePosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === 'c' &&
      typeof parsed[1] === 'string' &&
      typeof parsed[2] === 'string' &&
      INTEGER.test(parsed[1]) &&
      INTEGER.test(parsed[2]) &&
      BigInt(parsed[1]) <= BIGINT_MAX &&
      BigInt(parsed[2]) <= BIGINT_MAX
    ) {
      return { xid: parsed[1], seq: parsed[2] };
    }
  } catch {
    // fall through
  }
  throw new BadUserInputError([{ field, message: 'Not a cursor of the change feed' }]);
}

/** The position after every entry of a transaction below `horizon`. */
export function belowHorizon(horizon: string): ChangePosition {
  return { xid: (BigInt(horizon) - 1n).toString(), seq: BIGINT_MAX.toString() };
}

export function laterOf(a: ChangePosition, b: ChangePosition | null): ChangePosition {
  if (!b) return a;
  const [ax, as, bx, bs] = [BigInt(a.xid), BigInt(a.seq), BigInt(b.xid), BigInt(b.seq)];
  return ax > bx || (ax === bx && as >= bs) ? a : b;
}
