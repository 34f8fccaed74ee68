/**
 * Due: a session whose scheduled time has passed and that was not cancelled, so it ought to have been held by now.
 * Due sessions are the denominator of the held rate: each is either held or missed. A cancelled session was never
 * expected to happen, and a future one cannot have happened yet.
 *
 * Only SQL needs this rule (the funnel counts due sessions); SQL over the session alias `alias`.
 */
export function dueSql(alias: string): string {
  return `(${alias}.scheduled_at < now() AND ${alias}.status <> 'CANCELLED')`;
}
