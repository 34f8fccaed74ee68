import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { BadUserInputError, type InputChecker } from '../../graphql/errors';

/** Positions are small non-negative integers; lists order by them. */
export const POSITION_MAX = 100_000;

/** Optional text that may be empty (the column defaults to ''): undefined leaves it alone, null clears it. */
export function freeText(
  c: InputChecker,
  field: string,
  value: string | null | undefined,
  max: number,
): string | undefined {
  if (value === undefined) return undefined;
  const v = (value ?? '').trim();
  if (v.length > max) c.add(field, `At most ${max} characters`);
  return v;
}

/** A list position: undefined (and, when `clearable`, null) leaves it to the default. */
export function position(
  c: InputChecker,
  field: string,
  value: number | null | undefined,
  clearable: boolean,
): number | undefined {
  if (value === undefined || (value === null && clearable)) return undefined;
  if (value === null) c.add(field, 'Cannot be cleared');
  else if (!Number.isInteger(value) || value < 0 || value > POSITION_MAX) {
    c.add(field, `A whole number from 0 to ${POSITION_MAX}`);
  }
  return value ?? undefined;
}

/** A patched flag: undefined leaves it alone; null is refused. */
export function flag(c: InputChecker, field: string, value: boolean | null | undefined): boolean | undefined {
  if (value === null) c.add(field, 'Cannot be cleared');
  return value ?? undefined;
}

/**
 * The library's own equivalent of assertUnique (db/unique.ts): names within a district are unique, retired items
 * included. Compared ignoring case, which is stricter than the constraint, so the constraint never has to speak.
 * `field` is both the input field named in the error and the column (the library's text columns are one word).
 */
export async function assertUniqueText<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  check: { districtId: string; field: string; value: string; exceptId: string | null; message: string },
): Promise<void> {
  const clash = await manager
    .createQueryBuilder(target, 'x')
    .where('x.district_id = :districtId', { districtId: check.districtId })
    .andWhere(`lower(x.${check.field}) = lower(:value)`, { value: check.value })
    .andWhere(check.exceptId ? 'x.id <> :exceptId' : 'TRUE', { exceptId: check.exceptId })
    .getExists();
  if (clash) throw new BadUserInputError([{ field: check.field, message: check.message }]);
}
