/**
 * Effective-dated rows (conversation_mapping, role_assignment): a row is a fact that held from `valid_from` up to,
 * not including, `valid_to`; `valid_to` NULL means it still holds (the current row). Ending a fact closes its row
 * (`valid_to = now()`) rather than deleting it, so a past window is read against what was true then. At most one
 * current row per key (a partial unique index WHERE valid_to IS NULL).
 *
 * The rule in TypeScript and in SQL, side by side: "current" for what holds now (who may do what, who takes part in
 * a conversation now), "in effect at" for what held at an instant (a session's scheduled time).
 */
export interface EffectiveDated {
  validFrom: Date;
  validTo: Date | null;
}

/** Whether the row holds now. */
export function isCurrent(row: Pick<EffectiveDated, 'validTo'>): boolean {
  return row.validTo === null;
}

/** The same in SQL, over the row alias `alias`. */
export function currentSql(alias: string): string {
  return `${alias}.valid_to IS NULL`;
}

/** Whether the row held at instant `at`. */
export function inEffectAt(row: EffectiveDated, at: Date): boolean {
  return row.validFrom.getTime() <= at.getTime() && (row.validTo === null || at.getTime() < row.validTo.getTime());
}

/** The same in SQL, over the row alias `alias` and an SQL instant `at` (a column or a parameter). */
export function inEffectAtSql(alias: string, at: string): string {
  return `(${alias}.valid_from <= ${at} AND (${alias}.valid_to IS NULL OR ${at} < ${alias}.valid_to))`;
}

/** The columns that close a current row: what an "unmap" or "remove" writes instead of deleting. */
export const CLOSE_ROW = { validTo: () => 'now()' } as const;
