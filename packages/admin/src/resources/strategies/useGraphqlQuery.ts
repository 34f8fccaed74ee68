import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { graphql } from '../../portal';

/**
 * One GraphQL read through the portal's session, cached by react-query under ['graphql', ...key]. It lives in
 * react-admin's query client, so react-admin's refresh (and the conflict notice's Reload) refetches it too.
 */
export function useGraphqlQuery<T>(
  key: unknown[],
  query: string,
  variables?: Record<string, unknown>,
  options: Omit<UseQueryOptions<T>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<T>({
    queryKey: ['graphql', ...key, variables],
    queryFn: () => graphql<T>(query, variables),
    // A refusal or a missing record will not change on a retry; a server hiccup may.
    retry: (count, error) => ((error as { status?: number }).status ?? 500) >= 500 && count < 2,
    ...options,
  });
}
