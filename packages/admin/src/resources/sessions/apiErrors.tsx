import { useCallback } from 'react';
import { useNotify, useRefresh } from 'react-admin';
import { ConflictNotice, fieldErrorsOf, messageOf, type ApiFailure } from '../../errors/apiErrors';

export { ConflictNotice, fieldErrorsOf, messageOf };

/**
 * Tells the person why a save failed. CONFLICT (409) offers to reload (every query refetches, so forms get the new
 * version); field errors are left to the form, which shows them next to their inputs, with a short notice pointing
 * there.
 */
export function useApiErrorNotice() {
  const notify = useNotify();
  const refresh = useRefresh();
  return useCallback(
    (error: unknown, onReload?: () => void) => {
      if ((error as ApiFailure | null)?.status === 409) {
        notify(<ConflictNotice onReload={onReload ?? refresh} />, { type: 'warning', autoHideDuration: null });
        return;
      }
      if (fieldErrorsOf(error)) {
        notify('Some fields need attention: see the messages next to them.', { type: 'error' });
        return;
      }
      notify(messageOf(error), { type: 'error', multiLine: true });
    },
    [notify, refresh],
  );
}
