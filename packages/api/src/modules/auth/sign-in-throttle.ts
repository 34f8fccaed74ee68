import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { DataSource, EntityManager } from 'typeorm';
import { RateLimitedError } from '../../graphql/errors';

/**
 * Sign-in throttling, shared by every API instance through the database (table sign_in_throttle, functions of
 * migration 1764300000000-SignInThrottle).
 *
 * An attempt is charged BEFORE its password is checked, in one statement that counts and decides under a row lock,
 * so concurrent attempts can never all see "not yet at the limit". The charge runs in a short transaction of its
 * own (`tx.apart`), committed at once, so every other attempt sees it and the rows stay locked only for that moment.
 * A right password gives the charge back; a wrong one keeps it. A refused attempt counts for nothing.
 *
 * Three counters, each a fixed window of WINDOW_SECONDS from its first attempt:
 * - per address and email (the pair): the attacker's own guesses at one account; at its limit the owner, elsewhere,
 *   can still sign in;
 * - per email, across addresses: far higher, it only bounds guessing spread over many addresses;
 * - per address, across emails: one client spraying many accounts. A refresh token that matches nothing counts here
 *   too (and is refused once the address is at its limit), so one client cannot alternate between the two.
 * Keys are HMAC-SHA-256 with a secret kept in the database: the table never holds an email or an address. IPv6
 * addresses count by their /64 (what one subscriber usually holds); an IPv4-mapped IPv6 address is its IPv4.
 */
export const WINDOW_SECONDS = 15 * 60;

export const SIGN_IN_LIMITS = {
  /** Wrong guesses from one address at one email in a window. */
  pair: 10,
  /** Wrong guesses at one email from all addresses in a window. */
  email: 100,
  /** Wrong guesses (and unknown refresh tokens) from one address at all emails in a window. */
  address: 50,
} as const;

/** An attempt counted against its keys: what a right password gives back. */
export interface SignInCharge {
  pair: string;
  email: string;
  address: string;
  /** The charging transaction's now(), exactly as PostgreSQL wrote it (text keeps the microseconds). */
  chargedAt: string;
}

const secrets = new WeakMap<DataSource, Promise<Buffer>>();

function secretOf(manager: EntityManager): Promise<Buffer> {
  let secret = secrets.get(manager.dataSource);
  if (!secret) {
    secret = manager.query(`SELECT secret FROM sign_in_throttle_secret`).then((rows: { secret: Buffer }[]) => {
      if (!rows[0]) throw new Error('sign_in_throttle_secret is empty');
      return rows[0].secret;
    });
    secrets.set(manager.dataSource, secret);
    secret.catch(() => secrets.delete(manager.dataSource));
  }
  return secret;
}

/** Emails compare ignoring case (as auth_login_candidates does) and Unicode compatibility forms. */
function normalEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}

/** The first four groups of an IPv6 address, expanded: its /64. */
function ipv6Prefix(address: string): string {
  const groups = (s: string) => (s ? s.split(':') : []);
  const width = (xs: string[]) => xs.reduce((n, x) => n + (x.includes('.') ? 2 : 1), 0);
  const [head, tail] = address.split('::');
  const full =
    tail === undefined
      ? groups(head)
      : [...groups(head), ...Array(8 - width(groups(head)) - width(groups(tail))).fill('0'), ...groups(tail)];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** What one client is, for counting: an IPv4 address, or an IPv6 /64. */
export function addressKeyOf(address: string): string {
  let a = address.trim().toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (a.startsWith('::ffff:') && isIPv4(a.slice(7))) return a.slice(7);
  if (isIPv4(a)) return a;
  if (isIPv6(a)) return ipv6Prefix(a);
  return a || 'unknown';
}

async function keysOf(manager: EntityManager, email: string, address: string) {
  const secret = await secretOf(manager);
  const key = (kind: string, value: string) =>
    `${kind}:${createHmac('sha256', secret).update(`${kind}\n${value}`, 'utf8').digest('hex')}`;
  const e = normalEmail(email);
  const a = addressKeyOf(address);
  return { pair: key('pair', `${a}\n${e}`), email: key('email', e), address: key('address', a) };
}

/** Counts the attempt on every key, or throws RateLimitedError (counting nothing) when one is at its limit. */
async function charge(manager: EntityManager, limits: [key: string, limit: number][]): Promise<string> {
  const [row]: { allowed: boolean; retry_after_seconds: number; charged_at: string }[] = await manager.query(
    `SELECT allowed, retry_after_seconds, charged_at::text AS charged_at
       FROM sign_in_throttle_charge($1::text[], $2::integer[], $3)`,
    [limits.map(([key]) => key), limits.map(([, limit]) => limit), WINDOW_SECONDS],
  );
  if (!row.allowed) throw new RateLimitedError(Math.max(1, row.retry_after_seconds));
  return row.charged_at;
}

/**
 * Charges one sign-in attempt before its password is checked; RateLimitedError when the pair, the email or the
 * address is at its limit. Run it apart from the request's transaction (`ctx.tx.apart`).
 */
export async function chargeSignIn(manager: EntityManager, email: string, address: string): Promise<SignInCharge> {
  const keys = await keysOf(manager, email, address);
  const chargedAt = await charge(manager, [
    [keys.pair, SIGN_IN_LIMITS.pair],
    [keys.email, SIGN_IN_LIMITS.email],
    [keys.address, SIGN_IN_LIMITS.address],
  ]);
  return { ...keys, chargedAt };
}

/**
 * The password was right: the attempt counts for nothing, and the pair starts afresh. The email's and the address's
 * other failures stand (signing in to one's own account does not wipe out guesses at others).
 */
export async function refundSignIn(manager: EntityManager, charged: SignInCharge): Promise<void> {
  await manager.query(`SELECT sign_in_throttle_refund($1::text[], $2::text[], $3::timestamptz)`, [
    [charged.email, charged.address],
    [charged.pair],
    charged.chargedAt,
  ]);
}

/**
 * How many seconds until the address may try again, when it is at its limit; else null. A plain read: for refresh
 * tokens, where guessing is hopeless (256 random bits) and the limit only stops a flood, a few concurrent guesses
 * past it do not matter, and the request's own transaction serves (see countAddressFailure).
 */
export async function addressRefusal(manager: EntityManager, address: string): Promise<number | null> {
  const keys = await keysOf(manager, '', address);
  const [row]: { remaining: number }[] = await manager.query(
    `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS remaining
       FROM sign_in_throttle
      WHERE key = $1 AND failures >= $3 AND window_started_at > now() - make_interval(secs => $2)`,
    [keys.address, WINDOW_SECONDS, SIGN_IN_LIMITS.address],
  );
  return row ? Math.max(1, row.remaining) : null;
}

/**
 * Counts a refresh token that matched nothing against its address, deciding nothing (addressRefusal decided), so it
 * can run as a kept write (`ctx.tx.keep`), replayed after the rollback of the failed operation without a second
 * connection.
 */
export async function countAddressFailure(manager: EntityManager, address: string): Promise<void> {
  const keys = await keysOf(manager, '', address);
  await manager.query(`SELECT allowed FROM sign_in_throttle_charge($1::text[], $2::integer[], $3)`, [
    [keys.address],
    [2147483647],
    WINDOW_SECONDS,
  ]);
}
