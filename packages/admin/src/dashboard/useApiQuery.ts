import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { graphql } from '../portal';

/**
 * One GraphQL read for the dashboard, cached in react-admin's query client under ['dashboard', ...key], so the
 * refresh button (and any Reload) refetches it with everything else.
 */
export function useApiQuery<T>(
  key: unknown[],
  query: string,
  variables?: Record<string, unknown>,
  options: Omit<UseQueryOptions<T>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<T>({
    queryKey: ['dashboard', ...key, variables],
    queryFn: () => graphql<T>(query, variables),
    ...options,
  });
}
