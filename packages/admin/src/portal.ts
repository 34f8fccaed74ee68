import { PortalSession } from './providers/session';
import { createAuthProvider } from './providers/authProvider';
import { createDataProvider } from './providers/dataProvider';

/** The one session of this browser tab, and the providers built on it. */
export const session = new PortalSession('/graphql');
export const authProvider = createAuthProvider(session);
export const dataProvider = createDataProvider(session.transport);

/** One GraphQL operation for screens that need more than CRUD (dashboards, the mapping grid, logging a session). */
export function graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  return (dataProvider as unknown as { graphql: <R>(q: string, v?: Record<string, unknown>) => Promise<R> }).graphql<T>(
    query,
    variables,
  );
}
