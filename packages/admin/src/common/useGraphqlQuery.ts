import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { graphql } from '../portal';

/** The react-query key of a read made with useGraphqlQuery, for screens that put a mutation's result in its place. */
export function graphqlQueryKey(key: unknown[], variables?: Record<string, unknown>): unknown[] {
  return ['graphql', ...key, variables];
}

/**
 * One GraphQL read through the portal's session, for what is not a react-admin resource call (dashboards, the
 * mapping grid, a strategy's funnel, the district's settings). It is cached under ['graphql', ...key, variables] in
 * react-admin's query client, so react-admin's refresh (and the conflict notice's Reload) refetches it too.
 */
export function useGraphqlQuery<T>(
  key: unknown[],
  query: string,
  variables?: Record<string, unknown>,
  options: Omit<UseQueryOptions<T>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<T>({
    queryKey: graphqlQueryKey(key, variables),
    queryFn: () => graphql<T>(query, variables),
    // A refusal or a missing record will not change on a retry; a server hiccup may.
    retry: (count, error) => ((error as { status?: number }).status ?? 500) >= 500 && count < 2,
    ...options,
  });
}
