import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { BadUserInputError } from '../graphql/errors';
import { UNIQUE_FIELDS, type UniqueConstraint } from '../graphql/db-errors';

/**
 * Checks a per-district unique constraint before writing, so the client hears which field clashes. The constraint
 * itself still guards the race between two requests (see db-errors.ts, which words it the same way).
 */
export async function assertUnique<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  constraint: UniqueConstraint,
  check: { districtId: string; condition: string; params: Record<string, unknown>; exceptId: string | null },
): Promise<void> {
  const clash = await manager
    .createQueryBuilder(target, 'x')
    .where('x.district_id = :districtId', { districtId: check.districtId })
    .andWhere(check.condition, check.params)
    .andWhere(check.exceptId ? 'x.id <> :exceptId' : 'TRUE', { exceptId: check.exceptId })
    .getExists();
  if (clash) throw new BadUserInputError([{ ...UNIQUE_FIELDS[constraint] }]);
}
