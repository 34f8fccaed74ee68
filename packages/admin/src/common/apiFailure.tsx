/*
 * The portal's one way of telling people why the API refused or failed, in one wording, for every screen: the
 * sentence for a failure (messageOf), the conflict notice with its Reload, and the hook that chooses between them.
 */
import { Alert, Button } from '@mui/material';
import { useCallback } from 'react';
import { useCloseNotification, useNotify, useRefresh, useTranslate } from 'react-admin';
import { t } from '../i18n/translate';

/** What the data provider and `graphql()` reject with: an HttpError carrying the API's code and field errors. */
export interface ApiFailure {
  status?: number;
  message?: string;
  body?: { errors?: Record<string, string>; code?: string } | null;
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
        ? t('tl.common.failure.not_allowed', { reason: e.message })
        : t('tl.common.failure.forbidden');
    case 404:
      return t('tl.common.failure.not_found');
    case 409:
      return t('tl.common.failure.conflict');
    case 429:
      return t('tl.common.failure.rate_limited');
    default:
      return e?.message || t('tl.common.failure.unknown');
  }
}

/**
 * A stale version: someone saved first. Reloading fetches what they left (and its new version); the person's unsaved
 * edits are dropped, which is why the notice stays until they choose.
 */
export function ConflictNotice({ onReload }: { onReload: () => void }) {
  const close = useCloseNotification();
  const translate = useTranslate();
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
          {translate('tl.common.failure.reload')}
        </Button>
      }
    >
      {translate('tl.common.failure.conflict_reload')}
    </Alert>
  );
}

export interface FailureNoticeOptions {
  /**
   * The fields whose messages the screen shows next to their inputs (react-admin forms do, custom forms return them
   * from onSubmit or set them themselves); a message for any other field is announced. Without it, every field's
   * message is taken to be shown; `[]` announces them all.
   */
  shownFields?: readonly string[];
  /** Also say, when the API named fields, that their messages are next to them (for dialogs and custom forms). */
  pointToFields?: boolean;
  /** How to read the record again after a conflict; by default every query of the page refetches. */
  onReload?: () => void;
}

/**
 * Tells the person why a save or a load failed. A CONFLICT (409) offers to reload; field messages stay on their
 * fields unless the options say otherwise; anything else becomes one sentence (messageOf). The returned function takes
 * only the error, so it can be react-admin's `onError` as it is: `mutationOptions={{ onError: notice }}`.
 */
export function useApiFailureNotice({ shownFields, pointToFields, onReload }: FailureNoticeOptions = {}) {
  const notify = useNotify();
  const refresh = useRefresh();
  return useCallback(
    (error: unknown) => {
      if ((error as ApiFailure | null)?.status === 409) {
        notify(<ConflictNotice onReload={onReload ?? refresh} />, { type: 'warning', autoHideDuration: null });
        return;
      }
      const fields = fieldErrorsOf(error);
      if (!fields) {
        notify(messageOf(error), { type: 'error', multiLine: true });
        return;
      }
      const elsewhere = shownFields ? Object.keys(fields).filter((k) => !shownFields.includes(k)) : [];
      if (elsewhere.length) notify(elsewhere.map((k) => fields[k]).join('. '), { type: 'error', multiLine: true });
      else if (pointToFields) notify('tl.common.failure.see_fields', { type: 'error', multiLine: true });
    },
    [notify, refresh, shownFields, pointToFields, onReload],
  );
}
