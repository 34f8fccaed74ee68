/**
 * What the API client page reads of a client's use (`ApiClient.usage`): its default, the last 14 UTC days (today
 * included), oldest first, one entry a day.
 */
export const API_CLIENT_USAGE_QUERY = `query ApiClientUsage($id: ID!) {
  node(id: $id) { id ... on ApiClient { usage { day requests points rateLimited errors } } } }`;

/** One UTC day of a client's use, as `ApiClient.usage` answers it. */
export interface UsageDay {
  /** 'YYYY-MM-DD', UTC. */
  day: string;
  requests: number;
  points: number;
  rateLimited: number;
  errors: number;
}

export interface ApiClientUsageResult {
  node: { id: string; usage?: UsageDay[] } | null;
}

/** The days' sums, for the table's last row. */
export function usageTotals(days: readonly UsageDay[]): Omit<UsageDay, 'day'> {
  return days.reduce(
    (t, d) => ({
      requests: t.requests + d.requests,
      points: t.points + d.points,
      rateLimited: t.rateLimited + d.rateLimited,
      errors: t.errors + d.errors,
    }),
    { requests: 0, points: 0, rateLimited: 0, errors: 0 },
  );
}
