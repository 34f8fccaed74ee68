import type { EntityManager } from 'typeorm';
import { ActionEntity } from './action.entity';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import type { InputChecker } from '../../graphql/errors';
import { requiredText } from '../../graphql/validate';

/**
 * Creating actions, for both ways they are made: actionItemCreate (one action) and sessionLog (the actions a logged
 * session carries). The checks and the insert live here once; each mutation audits itself. Kept apart from
 * action.service so that the session service can call it without the two services importing each other.
 */

export const ACTION_DESCRIPTION_MAX = 1000;

/** An action asked for, as the mutations take it once decoded: its owner's uuid and its local due day. */
export interface NewActionRequest {
  description: string;
  ownerId: string;
  dueOn: string;
}

/** An action to create, checked: its owner's uuid and its local due day. */
export interface NewAction {
  description: string;
  ownerId: string;
  dueOn: string;
}

/**
 * The owner of an action (by uuid) is a person of the district, still active. Returns their uuid, or null after
 * naming `field`: a uuid no person of the district has reads "No such person in this district".
 */
export async function checkOwner(
  manager: EntityManager,
  c: InputChecker,
  field: string,
  id: string,
  districtId: string,
): Promise<string | null> {
  const owner = await manager.findOne(StaffMemberEntity, { where: { id, districtId } });
  if (!owner) c.add(field, 'No such person in this district');
  else if (!owner.active) c.add(field, 'This person is inactive');
  return owner?.id ?? null;
}

/** An action follows from its session: it is due on or after the day the session was held, in the district. */
export function checkDueOn(c: InputChecker, field: string, dueOn: string, heldOn: string): void {
  if (dueOn < heldOn) c.add(field, 'An action is due on or after the day of its session');
}

/**
 * Checks actions to create from a session held on the local day `heldOn`. Errors name `prefix.<i>.<field>` (the
 * actions of sessionLog's input), or the bare field without a prefix (actionItemCreate's input).
 */
export async function checkNewActions(
  manager: EntityManager,
  c: InputChecker,
  districtId: string,
  heldOn: string,
  inputs: readonly NewActionRequest[],
  prefix?: string,
): Promise<NewAction[]> {
  const out: NewAction[] = [];
  for (const [i, a] of inputs.entries()) {
    const field = (f: string) => (prefix ? `${prefix}.${i}.${f}` : f);
    const description = requiredText(c, field('description'), a.description, ACTION_DESCRIPTION_MAX);
    const ownerId = await checkOwner(manager, c, field('ownerId'), a.ownerId, districtId);
    checkDueOn(c, field('dueOn'), a.dueOn, heldOn);
    out.push({ description, ownerId: ownerId ?? '', dueOn: a.dueOn });
  }
  return out;
}

/** Inserts checked actions of a session, all OPEN, in one statement; returns their uuids in order. */
export async function insertActions(
  manager: EntityManager,
  session: { districtId: string; id: string },
  actions: readonly NewAction[],
): Promise<string[]> {
  if (actions.length === 0) return [];
  const result = await manager.insert(
    ActionEntity,
    actions.map((a) => ({ ...a, districtId: session.districtId, sessionId: session.id, status: 'OPEN' as const })),
  );
  return result.identifiers.map((row) => String(row.id));
}
