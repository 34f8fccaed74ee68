import { useListContext } from 'react-admin';

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
