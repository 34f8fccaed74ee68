import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { NO_CLAIMS, withTenantTransaction } from '../../db/transaction';

/**
 * The signed token of a one-click unsubscribe link (RFC 8058): `<district>.<person>.<KIND~KIND>.<issued>.<signature>`,
 * the signature an HMAC-SHA256 over the four fields before it. It names whose mail and which kinds it stops, so the
 * link needs no lookup of a message, and a link for one person or district can never be turned into another's.
 *
 * The key is derived (HKDF-SHA256, its own label) from the database's own secret (`sign_in_throttle_secret`, made by
 * the migrations), never from configuration: the worker signs and the API verifies, possibly in separate processes
 * or machines, and the database is the one thing every one of them shares by construction. Nothing to set; a new
 * secret in that table invalidates every link (and resets the sign-in throttle's buckets).
 *
 * The token is a bearer credential for one person's preferences: it is put in a message only as it is handed to
 * SMTP, never stored (the stored body carries TOKEN_SLOT), never logged (access logs mask long path segments).
 */

/** How long a link works after its message was sent. */
export const UNSUBSCRIBE_LINK_DAYS = 365;
/** What a stored body carries where the token goes, until it is sent. */
export const TOKEN_SLOT = '{unsubscribe-token}';
const LABEL = 'throughline mail unsubscribe link v1';
/** A token issued this far in the future is refused (clock skew between worker and API is allowed for). */
const SKEW_SECONDS = 300;

export interface UnsubscribeClaims {
  districtId: string;
  staffMemberId: string;
  kinds: string[];
  issuedAt: Date;
}

const keys = new WeakMap<DataSource, Promise<Buffer>>();

/** The signing key, read once per data source (a failed read is tried again next time). */
export function mailLinkKey(dataSource: DataSource): Promise<Buffer> {
  let key = keys.get(dataSource);
  if (!key) {
    key = withTenantTransaction(dataSource, NO_CLAIMS, (m) =>
      m.query(`SELECT secret FROM sign_in_throttle_secret`),
    ).then(([row]: { secret: Buffer }[]) => {
      if (!row) throw new Error('sign_in_throttle_secret is empty');
      return Buffer.from(hkdfSync('sha256', row.secret, Buffer.alloc(0), LABEL, 32));
    });
    key.catch(() => keys.delete(dataSource));
    keys.set(dataSource, key);
  }
  return key;
}

function sign(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

export function signUnsubscribe(key: Buffer, c: Omit<UnsubscribeClaims, 'issuedAt'>, issuedAt = new Date()): string {
  if (c.kinds.length === 0 || c.kinds.some((k) => !/^[A-Z_]{2,40}$/.test(k))) throw new Error('unsubscribe kinds');
  const body = `${c.districtId}.${c.staffMemberId}.${c.kinds.join('~')}.${Math.floor(issuedAt.getTime() / 1000)}`;
  return `${body}.${sign(key, body)}`;
}

const TOKEN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Z_]{2,40}(?:~[A-Z_]{2,40}){0,19})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/** Why a token is refused: a code for the log, never the token. */
export type RefusedToken = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED';

/** The claims of a genuine, unexpired token; otherwise why not. */
export function verifyUnsubscribe(
  key: Buffer,
  token: string,
  now = Date.now(),
): { claims: UnsubscribeClaims } | { refused: RefusedToken } {
  const match = TOKEN.exec(token);
  if (!match) return { refused: 'MALFORMED' };
  const [, districtId, staffMemberId, kinds, seconds, signature] = match;
  const expected = Buffer.from(sign(key, token.slice(0, token.length - signature.length - 1)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { refused: 'BAD_SIGNATURE' };
  const issued = Number(seconds);
  const nowSeconds = now / 1000;
  if (issued > nowSeconds + SKEW_SECONDS || issued + UNSUBSCRIBE_LINK_DAYS * 86_400 < nowSeconds)
    return { refused: 'EXPIRED' };
  return { claims: { districtId, staffMemberId, kinds: kinds.split('~'), issuedAt: new Date(issued * 1000) } };
}
