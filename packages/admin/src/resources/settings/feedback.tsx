import { Alert, Button } from '@mui/material';
import { useCallback } from 'react';
import { useCloseNotification, useNotify, useRefresh } from 'react-admin';

/** What the data provider and `graphql()` reject with: an HttpError with the API's code and field messages. */
export interface ApiFailure {
  message?: string;
  status?: number;
  body?: { errors?: Record<string, string>; code?: string } | null;
}

/**
 * A stale version: someone saved first. Reloading fetches the record they left (and its new version); the
 * person's unsaved edits are dropped, which is why the notice stays until they choose.
 */
function ConflictNotice({ onReload }: { onReload?: () => void }) {
  const refresh = useRefresh();
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
            (onReload ?? refresh)();
          }}
        >
          Reload
        </Button>
      }
    >
      Someone else saved changes here after you opened it. Reload to see theirs, then make yours again.
    </Alert>
  );
}

/** Field messages from a failure; empty when the API named no field. */
export function fieldErrors(error: unknown): Record<string, string> {
  return (error as ApiFailure)?.body?.errors ?? {};
}

/**
 * One way to tell people why something did not save. Field messages stay on the form's own fields (react-admin
 * puts them there; custom forms return them from onSubmit); a message about a field the form does not show, a
 * conflict, a refusal or a vanished record becomes a notice.
 *
 * @param shownFields the form's fields; messages for any other field are announced instead.
 * @param onReload how to fetch the record again after a conflict, for screens that read it outside react-admin's
 *   queries; by default every query of the page is refreshed.
 */
export function useFailureNotice(shownFields?: string[], onReload?: () => void) {
  const notify = useNotify();
  return useCallback(
    (error: unknown) => {
      const e = error as ApiFailure;
      const errors = fieldErrors(e);
      const keys = Object.keys(errors);
      if (keys.length) {
        const elsewhere = shownFields ? keys.filter((k) => !shownFields.includes(k)) : [];
        if (elsewhere.length) notify(elsewhere.map((k) => errors[k]).join('. '), { type: 'error' });
        return;
      }
      if (e?.status === 409) {
        notify(<ConflictNotice onReload={onReload} />, { type: 'warning', autoHideDuration: null });
      } else if (e?.status === 403) {
        notify('Your role does not allow this. Ask a district admin if you need it.', { type: 'error' });
      } else if (e?.status === 404) {
        notify('This record no longer exists, or it is outside what you may see.', { type: 'error' });
      } else {
        notify(e?.message || 'That did not work. Try again in a moment.', { type: 'error' });
      }
    },
    [notify, shownFields, onReload],
  );
}
