import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** Secrets start with this, so secret scanners (and people) can tell what leaked. */
const SECRET_PREFIX = 'tlcs_';

/**
 * A new client secret: 256 bits from the system's CSPRNG, base64url, with a recognisable prefix. Shown once; only
 * its hash is stored.
 */
export function newClientSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * SHA-256 of a secret, hex. A slow, salted password hash (scrypt, argon2) defends guessable secrets against
 * dictionary and brute-force attacks on a stolen table; these secrets are 256 random bits, so neither attack has
 * anything to work with, and a fast hash keeps the token endpoint cheap under a flood.
 */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in constant time (no early exit on the first differing byte). */
export function secretMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashClientSecret(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The peer's address as PostgreSQL's inet reads it: an IPv4-mapped IPv6 address is its IPv4; junk is null. */
export function callerInet(address: string): string | null {
  let a = address.trim().toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (a.startsWith('::ffff:') && isIPv4(a.slice(7))) a = a.slice(7);
  return isIPv4(a) || isIPv6(a) ? a : null;
}

/**
 * A CIDR block (or a single address) as given to allowedAddresses, normalised as PostgreSQL prints an inet (a single
 * address without /32 or /128); null when it is not one.
 */
export function parseCidr(value: string): string | null {
  const [address, prefix, ...rest] = value.trim().toLowerCase().split('/');
  if (rest.length) return null;
  const v4 = isIPv4(address);
  if (!v4 && !isIPv6(address)) return null;
  const max = v4 ? 32 : 128;
  if (prefix === undefined) return address;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return null;
  return Number(prefix) === max ? address : `${address}/${Number(prefix)}`;
}
