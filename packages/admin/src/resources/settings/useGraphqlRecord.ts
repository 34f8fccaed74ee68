import { useCallback, useEffect, useState } from 'react';
import { graphql } from '../../portal';

/**
 * One record read with a plain GraphQL query, for screens that are not a react-admin resource (the district's
 * settings). `reload` reads it again (after a conflict); `replace` takes the copy a mutation returned.
 */
export function useGraphqlRecord<T>(query: string, pick: (data: Record<string, unknown>) => T | null) {
  const [record, setRecord] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);

  useEffect(() => {
    let current = true;
    graphql<Record<string, unknown>>(query).then(
      (data) => {
        if (!current) return;
        setRecord(pick(data));
        setError(null);
      },
      (e: Error) => current && setError(e),
    );
    return () => {
      current = false;
    };
    // `pick` is a plain accessor; re-reading happens on `round` or a new query only.
  }, [query, round]);

  return { record, error, reload, replace: setRecord };
}
