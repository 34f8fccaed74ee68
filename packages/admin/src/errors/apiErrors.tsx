/* The portal's words for the API's failures, shared by every screen that saves or loads outside react-admin's forms. */
import { Alert, Button } from '@mui/material';
import { useCloseNotification } from 'react-admin';

/** What the data provider and `graphql()` reject with: an HttpError carrying the API's code and field errors. */
export interface ApiFailure {
  status?: number;
  message?: string;
  body?: { errors?: Record<string, string>; code?: string };
}

/** The field errors of a BAD_USER_INPUT failure, keyed like the API's input ("actions.0.dueOn"), or null. */
export function fieldErrorsOf(error: unknown): Record<string, string> | null {
  const errors = (error as ApiFailure | null)?.body?.errors;
  return errors && Object.keys(errors).length ? errors : null;
}

/**
 * A sentence a person can act on. FORBIDDEN keeps the API's own words when it says why (for instance that only the
 * facilitator or a school leader logs a session), since that tells the person whom to ask.
 */
export function messageOf(error: unknown): string {
  const e = error as ApiFailure | null;
  switch (e?.status) {
    case 403:
      return e.message && !/^You do not have permission/.test(e.message)
        ? `Not allowed: ${e.message}.`
        : 'You do not have permission to do that here.';
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

export function ConflictNotice({ onReload }: { onReload: () => void }) {
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
            onReload();
            close();
          }}
        >
          Reload
        </Button>
      }
    >
      Someone else changed this in the meantime. Reload to see their version, then try again.
    </Alert>
  );
}
