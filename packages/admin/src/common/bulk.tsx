import { Alert } from '@mui/material';
import { useState } from 'react';
import { useListContext, useNotify, useRefresh, useTranslate } from 'react-admin';
import { graphql } from '../portal';
import { fieldErrorsOf, useApiFailureNotice } from './apiFailure';

/** The selected records of the list as a bulk mutation takes them: each id with the version the reader saw. */
export function useSelectedRefs(): { id: string; version: number }[] {
  const { selectedIds, data } = useListContext<{ id: string; version: number }>();
  const byId = new Map((data ?? []).map((r) => [r.id, r]));
  return selectedIds.flatMap((id) => {
    const r = byId.get(id as string);
    return r ? [{ id: r.id, version: r.version }] : [];
  });
}

/**
 * What a refused bulk change says, one line per refused record in the person's terms: the API names each refused item
 * by its place in the list (`items.<i>.id`, "<id>: <why>"); the line gives the record's own label and the why.
 */
export function refusedLines(
  errors: Record<string, string> | null,
  items: { id: string }[],
  label: (id: string) => string,
): string[] {
  if (!errors) return [];
  return Object.entries(errors).flatMap(([field, message]) => {
    const m = /^items\.(\d+)\.id$/.exec(field);
    const item = m ? items[Number(m[1])] : undefined;
    if (!item) return [message];
    const why = message.startsWith(`${item.id}: `) ? message.slice(item.id.length + 2) : message;
    return [`${label(item.id)}: ${why}`];
  });
}

/**
 * A bulk dialog's save, for the list's selected records: `run` sends the mutation with them as `input.items` (and the
 * dialog's own input); done, it says so, clears the selection, closes the dialog and refreshes the list; refused, it
 * lists the refused records (refusedLines), shows the API's notice, and returns the field errors for the dialog's own
 * fields (null when it went through).
 */
export function useBulkChange(onClose: () => void, labelOf: (id: string) => string) {
  const items = useSelectedRefs();
  const { onUnselectItems } = useListContext();
  const [refused, setRefused] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const refresh = useRefresh();
  const notice = useApiFailureNotice({ onReload: () => (onClose(), refresh()) });
  const run = async (
    document: string,
    input: Record<string, unknown>,
    done: string,
  ): Promise<Record<string, string> | null> => {
    setSaving(true);
    setRefused([]);
    try {
      await graphql(document, { input: { items, ...input } });
      notify(done, { type: 'success' });
      onUnselectItems();
      onClose();
      refresh();
      return null;
    } catch (e) {
      const fields = fieldErrorsOf(e);
      setRefused(refusedLines(fields, items, labelOf));
      notice(e);
      return fields ?? {};
    } finally {
      setSaving(false);
    }
  };
  return { items, refused, saving, run };
}

/** What a refused bulk change refused, one line per record: nothing was changed. */
export function BulkRefused({ lines }: { lines: string[] }) {
  const translate = useTranslate();
  if (lines.length === 0) return null;
  return (
    <Alert severity="error" sx={{ mt: 2 }} role="alert">
      {translate('tl.common.bulk.refused', { _: 'Nothing was changed. Refused:' })}
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </Alert>
  );
}
