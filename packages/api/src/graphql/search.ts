import { Limits } from '@throughline/shared';

/** A LIKE pattern that matches the text anywhere, with the user's %, _ and \ taken literally. */
export function containsPattern(search: string | undefined | null): string | null {
  const s = search?.trim().slice(0, Limits.SEARCH_MAX);
  return s ? `%${s.replace(/[\\%_]/g, (m) => '\\' + m)}%` : null;
}
