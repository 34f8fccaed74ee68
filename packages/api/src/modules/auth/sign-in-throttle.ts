import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { RateLimitedError } from '../../graphql/errors';

/** At most this many failed sign-ins for one email in one window; then RATE_LIMITED until the window ends. */
export const MAX_FAILURES = 10;
export const WINDOW_SECONDS = 15 * 60;

/** The key is a hash of the normalised email: the table never holds an address. */
function keyOf(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');
}

export async function assertNotThrottled(manager: EntityManager, email: string): Promise<void> {
  const [row] = await manager.query(
    `SELECT failures, ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS remaining
       FROM sign_in_throttle WHERE key = $1 AND window_started_at > now() - make_interval(secs => $2)`,
    [keyOf(email), WINDOW_SECONDS],
  );
  if (row && row.failures >= MAX_FAILURES) throw new RateLimitedError(Math.max(1, row.remaining));
}

export async function recordFailure(manager: EntityManager, email: string): Promise<void> {
  await manager.query(
    `INSERT INTO sign_in_throttle AS t (key, failures) VALUES ($1, 1)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.window_started_at > now() - make_interval(secs => $2) THEN t.failures + 1 ELSE 1 END,
       window_started_at = CASE WHEN t.window_started_at > now() - make_interval(secs => $2) THEN t.window_started_at ELSE now() END`,
    [keyOf(email), WINDOW_SECONDS],
  );
}

export async function clearFailures(manager: EntityManager, email: string): Promise<void> {
  await manager.query(`DELETE FROM sign_in_throttle WHERE key = $1`, [keyOf(email)]);
}
