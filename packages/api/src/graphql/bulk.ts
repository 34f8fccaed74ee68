import { ErrorCode } from '@throughline/shared';
import { AppError, BadUserInputError, type FieldError } from './errors';

/** The most records one bulk mutation changes (a list page's worth, and a bounded transaction). */
export const BULK_MAX = 100;

/** One item the caller could not change, as the bulk mutation's error names it. */
export interface BulkRefusal {
  /** The id as the caller sent it (a global id). */
  id: string;
  code: string;
  message: string;
}

/**
 * Applies `run` to every item, each with the single-record mutation's own checks (its permission, its state, its
 * version), inside the request's one transaction: all or nothing. An item refused with an AppError does not stop the
 * others being tried, so the error names every offending id at once; then the whole request fails (BAD_USER_INPUT,
 * `refused` listing id, code and message per item, `fields` pointing at `items.<i>.id`) and its transaction rolls back,
 * so nothing was changed. Any other failure is rethrown as it is (and rolls back too).
 */
export async function allOrNothing<I extends { id: string }, R>(
  items: I[],
  run: (item: I) => Promise<R>,
): Promise<R[]> {
  const c: FieldError[] = [];
  if (items.length === 0) c.push({ field: 'items', message: 'Choose at least one' });
  if (items.length > BULK_MAX) c.push({ field: 'items', message: `At most ${BULK_MAX} at a time` });
  const ids = items.map((i) => i.id);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length) c.push({ field: 'items', message: `Listed twice: ${[...new Set(twice)].join(', ')}` });
  if (c.length) throw new BadUserInputError(c);

  const done: R[] = [];
  const refused: (BulkRefusal & { index: number })[] = [];
  for (const [index, item] of items.entries()) {
    try {
      done.push(await run(item));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // A field error says what is wrong ("A held session cannot be cancelled"), not only which field.
      const fields = error.extensions.fields as FieldError[] | undefined;
      const message = Array.isArray(fields) && fields.length ? fields.map((f) => f.message).join('; ') : error.message;
      refused.push({ index, id: item.id, code: String(error.extensions.code), message });
    }
  }
  if (refused.length)
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `Nothing was changed: ${refused.length} of ${items.length} refused (${refused.map((r) => r.id).join(', ')})`,
      {
        fields: refused.map((r) => ({ field: `items.${r.index}.id`, message: `${r.id}: ${r.message}` })),
        refused: refused.map(({ id, code, message }) => ({ id, code, message })),
      },
    );
  return done;
}
