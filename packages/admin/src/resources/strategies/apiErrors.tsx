import { Alert, Button } from '@mui/material';
import { useCallback } from 'react';
import { useCloseNotification, useNotify, useRefresh } from 'react-admin';

/** What the data provider and `graphql()` reject with: an HttpError whose body carries the API's code and field errors. */
interface ApiFailure {
  status?: number;
  message?: string;
  body?: { errors?: Record<string, string>; code?: string };
}

/** The field errors of a BAD_USER_INPUT failure (keyed like the form's sources), or null. */
export function fieldErrorsOf(error: unknown): Record<string, string> | null {
  const errors = (error as ApiFailure | null)?.body?.errors;
  return errors && Object.keys(errors).length ? errors : null;
}

/** A sentence a person can act on, for any failure but the field errors a form shows next to its fields. */
export function messageOf(error: unknown): string {
  const e = error as ApiFailure | null;
  switch (e?.status) {
    case 403:
      return 'You do not have permission to do that here.';
    case 404:
      return 'That record no longer exists, or it is not yours to see.';
    case 409:
      return 'Someone else changed this in the meantime.';
    case 429:
      return 'Too many requests just now; wait a moment and try again.';
    default:
      return e?.message || 'Something went wrong; try again.';
  }
}

function ConflictNotice({ onReload }: { onReload: () => void }) {
  const close = useCloseNotification();
  return (
    <Alert
      severity="warning"
      variant="filled"
      action={
        <Button
          color="inherit"
          size="small"
          onClick={() => {
            close();
            onReload();
          }}
        >
          Reload
        </Button>
      }
    >
      Someone else changed this in the meantime. Reload to see their version, then make your change again.
    </Alert>
  );
}

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
