import Redis from 'ioredis';
import { ServiceUnavailableError } from '../../graphql/errors';
import type { BudgetStore, Charge } from './budget-store';

/**
 * Budgets in Redis (REDIS_URL), for deployments that would rather not write to PostgreSQL on every request: one Lua
 * script per charge, atomic in Redis, on Redis's clock. Here the hour is a fixed window that the caller's first
 * charge opens: a key holds `used` and `reset` (epoch ms) and expires when its window ends.
 */
const CHARGE = `
local points = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local used = tonumber(redis.call('HGET', KEYS[1], 'used') or '0')
local reset = tonumber(redis.call('HGET', KEYS[1], 'reset') or '0')
if reset <= now then
  used = 0
  reset = now + window
end
if used + points > limit then
  return {0, used, reset}
end
used = used + points
redis.call('HSET', KEYS[1], 'used', used, 'reset', reset)
redis.call('PEXPIREAT', KEYS[1], reset)
return {1, used, reset}
`;

export class RedisBudgetStore implements BudgetStore {
  private readonly redis: Redis;

  constructor(url: string) {
    // Fail fast rather than queue while Redis is away: the request is answered 503 and may be retried.
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  }

  async charge(key: string, points: number, limit: number, windowSeconds: number): Promise<Charge> {
    let result: [number, number, number];
    try {
      result = (await this.redis.eval(CHARGE, 1, `throughline:budget:${key}`, points, limit, windowSeconds * 1000)) as [
        number,
        number,
        number,
      ];
    } catch {
      // Redis away or refusing: the request is answered 503 with Retry-After, like a database outage.
      throw new ServiceUnavailableError();
    }
    const [allowed, used, reset] = result;
    return { allowed: allowed === 1, used, resetAt: new Date(reset) };
  }

  async close(): Promise<void> {
    if (this.redis.status === 'wait' || this.redis.status === 'end') {
      this.redis.disconnect();
      return;
    }
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
