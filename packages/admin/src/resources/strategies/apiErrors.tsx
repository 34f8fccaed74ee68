import { useCallback } from 'react';
import { useNotify, useRefresh } from 'react-admin';
import { ConflictNotice, fieldErrorsOf, messageOf, type ApiFailure } from '../../errors/apiErrors';

export { ConflictNotice, fieldErrorsOf, messageOf };

/**
 * Notifies a failed save or load in the portal's words. A CONFLICT (409) offers to reload: every query refetches and
 * open forms reset to the stored record. Validation failures are left to the form's fields (react-admin marks them)
 * unless `always` is set, for custom forms that set their field errors themselves and still want a notice.
 */
export function useApiErrorNotice() {
  const notify = useNotify();
  const refresh = useRefresh();
  return useCallback(
    (error: unknown, options: { always?: boolean; onReload?: () => void } = {}) => {
      const status = (error as ApiFailure | null)?.status;
      if (status === 409) {
        notify(<ConflictNotice onReload={options.onReload ?? refresh} />, { type: 'warning', autoHideDuration: null });
        return;
      }
      const fields = fieldErrorsOf(error);
      if (fields && !options.always) return;
      const text = fields ? `Some fields need attention: ${Object.values(fields).join(' ')}` : messageOf(error);
      notify(text, { type: 'error', multiLine: true });
    },
    [notify, refresh],
  );
}
