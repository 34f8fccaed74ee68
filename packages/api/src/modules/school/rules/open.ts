import type { EntityManager } from 'typeorm';
import { SchoolStatus } from '@throughline/shared';
import { SchoolEntity } from '../school.entity';
import { InputChecker } from '../../../graphql/errors';

/**
 * Open: a school that is not CLOSED. Only an open school takes new work: a new conversation, strategy, role or
 * session there is refused, on the field that names the school, once it is closed. Closing it already cancelled its
 * future sessions and stopped its conversations (conversation/school-closure.ts); its history stays as it was, and
 * reopening it brings nothing back by itself. District-wide work (no school) is never held back by this rule.
 */
export function isOpen(school: Pick<SchoolEntity, 'status'>): boolean {
  return school.status !== SchoolStatus.CLOSED;
}

function closedMessage(name: string): string {
  return `${name} is closed: it takes no new conversations, strategies, roles or sessions. Reopen it first.`;
}

/**
 * Notes on the checker, under `field`, that the school (by uuid, in the district) is closed. No school, or one not
 * found, adds nothing: saying that it does not exist is the caller's check.
 */
export async function checkSchoolOpen(
  manager: EntityManager,
  c: InputChecker,
  districtId: string,
  schoolId: string | null | undefined,
  field = 'schoolId',
): Promise<void> {
  if (!schoolId) return;
  const school = await manager.findOne(SchoolEntity, { where: { id: schoolId, districtId } });
  if (school && !isOpen(school)) c.add(field, closedMessage(school.name));
}

/** checkSchoolOpen, answered at once: BAD_USER_INPUT naming `field` when the school is closed. */
export async function assertSchoolOpen(
  manager: EntityManager,
  districtId: string,
  schoolId: string | null | undefined,
  field = 'schoolId',
): Promise<void> {
  const c = new InputChecker();
  await checkSchoolOpen(manager, c, districtId, schoolId, field);
  c.throwIfAny();
}
