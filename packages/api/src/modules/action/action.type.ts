import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ActionStatus } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { LocalDate } from '../../graphql/scalars';
import type { ActionEntity } from './action.entity';

registerEnumType(ActionStatus, { name: 'ActionStatus' });

@ObjectType('ActionItem', { implements: Node, description: 'A commitment that came out of a session.' })
export class ActionItem extends Node {
  @Field(() => String) description: string;
  @Field(() => LocalDate) dueOn: string;
  @Field(() => ActionStatus) status: ActionStatus;
  @Field(() => LocalDate, { nullable: true }) completedOn: string | null;
  @Field(() => String, { nullable: true, description: 'What can now be seen, heard or measured.' })
  practiceChangeEvidence: string | null;
  @Field(() => Int) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  rawId: string;
  sessionRawId: string;
  ownerRawId: string;

  static from(e: ActionEntity): ActionItem {
    return Object.assign(new ActionItem(), {
      id: toGlobalId('ActionItem', e.id),
      rawId: e.id,
      sessionRawId: e.sessionId,
      ownerRawId: e.ownerId,
      description: e.description,
      dueOn: e.dueOn,
      status: e.status,
      completedOn: e.completedOn,
      practiceChangeEvidence: e.practiceChangeEvidence,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

export const ActionItemConnection = ConnectionType(ActionItem, 'ActionItem');
