import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { fieldErrorsOf, useApiFailureNotice } from './apiFailure';

/**
 * Runs one mutation from a card of a page (privacy, calendar and reminders): busy while it runs, the API's field
 * messages kept for the card's inputs (and announced when no input shows them), then the card's reads (the given
 * useGraphqlQuery keys) fetched again.
 */
export function useCardAction(keys: unknown[][], shownFields: readonly string[] = []) {
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const queryClient = useQueryClient();
  const notify = useNotify();
  const onError = useApiFailureNotice({ shownFields });
  const run = async (work: () => Promise<unknown>, success?: string): Promise<boolean> => {
    setBusy(true);
    setFieldErrors({});
    try {
      await work();
      if (success) notify(success, { type: 'success' });
      return true;
    } catch (e) {
      setFieldErrors(fieldErrorsOf(e) ?? {});
      onError(e);
      return false;
    } finally {
      setBusy(false);
      await Promise.all(keys.map((key) => queryClient.invalidateQueries({ queryKey: ['graphql', ...key] })));
    }
  };
  return { busy, fieldErrors, run };
}
