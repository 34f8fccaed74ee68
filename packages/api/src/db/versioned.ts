import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ConflictError } from '../graphql/errors';

/**
 * Optimistic concurrency: the update only lands if the row still has the version the client read.
 * A stale version is a CONFLICT, never a silent overwrite. Returns the updated row.
 */
export async function updateVersioned<E extends ObjectLiteral & { id: string; version: number }>(
  manager: EntityManager,
  target: EntityTarget<E>,
  current: E,
  expectedVersion: number,
  patch: Partial<E>,
  typeName: string,
): Promise<E> {
  if (current.version !== expectedVersion) throw new ConflictError(typeName);
  const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set({ ...values, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
    .where('id = :id AND version = :version', { id: current.id, version: expectedVersion })
    .execute();
  if (!result.affected) throw new ConflictError(typeName);
  return manager.findOneOrFail(target, { where: { id: current.id } as never });
}
