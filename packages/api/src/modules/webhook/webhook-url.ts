import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import type { InputChecker } from '../../graphql/errors';
import type { WebhookSettings } from '../../jobs/queue';

/**
 * Where a webhook may point.
 * - Always: an absolute http(s) URL of at most 2000 characters, without user name or password.
 * - Outside production: https anywhere, or plain http only to this machine (127.0.0.1, ::1, localhost) for testing.
 * - In production: https only, and never a loopback, private, link-local, carrier-grade NAT, multicast or
 *   unspecified address, nor a name of this server: checked on the URL when it is saved, and again on every address
 *   the name resolves to when a delivery connects (the check runs inside the connection's own DNS lookup, so a name
 *   that changes its answer after being saved — DNS rebinding — still cannot reach inside).
 */

export const URL_MAX = 2000;

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether an address is one a production webhook must not reach (IPv4-mapped IPv6 is judged as its IPv4). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
}

/** The URL's problem, said for a person, or null when it may be saved. */
export function webhookUrlProblem(
  raw: string,
  settings: Pick<WebhookSettings, 'production' | 'ownHosts'>,
): string | null {
  if (raw.length > URL_MAX) return `At most ${URL_MAX} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Not a URL: give an absolute https:// URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Must be an https:// URL';
  if (url.username || url.password) return 'Must not carry a user name or password';
  if (url.hash) return 'Must not have a #fragment';
  const host = bareHost(url.hostname);
  if (!settings.production) {
    if (url.protocol === 'http:' && !LOOPBACK_NAMES.has(host))
      return 'Must be https:// (plain http only to 127.0.0.1 or localhost, outside production)';
    return null;
  }
  if (url.protocol !== 'https:') return 'Must be an https:// URL';
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal'))
    return 'Must not point at a local or internal host';
  if (isIP(host) && isInternalAddress(host)) return 'Must not point at a private, loopback or link-local address';
  if (settings.ownHosts.some((own) => bareHost(own) === host)) return 'Must not point at this server';
  return null;
}

/** Puts the URL's problem on the checker (field `url`); returns the trimmed URL. */
export function checkWebhookUrl(
  c: InputChecker,
  field: string,
  raw: string,
  settings: Pick<WebhookSettings, 'production' | 'ownHosts'>,
): string {
  const url = raw.trim();
  const problem = webhookUrlProblem(url, settings);
  if (problem) c.add(field, problem);
  return url;
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
}

/**
 * A DNS lookup for the delivery's connection that refuses internal addresses in production: the address checked is
 * the address connected to.
 */
export function guardedLookup(production: boolean): LookupFunction | undefined {
  if (!production) return undefined;
  return ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const list = addresses as { address: string; family: number }[];
      if (list.length === 0 || list.some((a) => isInternalAddress(a.address)))
        return callback(new BlockedAddressError('address not allowed'));
      if ((options as { all?: boolean }).all) return callback(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  }) as LookupFunction;
}
