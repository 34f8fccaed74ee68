import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.type';
import { ConnectionType, PageArgs } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { ActorKind, type AuditEventEntity } from './audit-event.entity';

registerEnumType(ActorKind, { name: 'ActorKind' });

@ObjectType('AuditEvent', { implements: Node, description: 'Who did what to which record, and which fields changed.' })
export class AuditEvent extends Node {
  @Field(() => Date) occurredAt: Date;
  @Field(() => ActorKind) actorKind: ActorKind;
  @Field(() => ID, { nullable: true }) actorId: string | null;
  @Field(() => String, { description: 'e.g. school.update' }) action: string;
  @Field(() => String) entityType: string;
  @Field(() => ID, { nullable: true }) entityId: string | null;
  @Field(() => [String], { description: 'Names of the fields set or changed; never their values.' }) fields: string[];
  @Field(() => String, { nullable: true }) client: string | null;
  @Field(() => String, { nullable: true }) requestId: string | null;
  actorRawId: string | null;

  static from(e: AuditEventEntity): AuditEvent {
    return Object.assign(new AuditEvent(), {
      id: toGlobalId('AuditEvent', e.id),
      occurredAt: e.occurredAt,
      actorKind: e.actorKind,
      actorId: e.actorId
        ? toGlobalId(
            e.actorKind === ActorKind.OPERATOR
              ? 'PlatformOperator'
              : e.actorKind === ActorKind.CLIENT
                ? 'ApiClient'
                : 'StaffMember',
            e.actorId,
          )
        : null,
      actorRawId: e.actorKind === ActorKind.STAFF ? e.actorId : null,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ? toGlobalId(e.entityType, e.entityId) : null,
      fields: e.fields,
      client: e.client,
      requestId: e.requestId,
    });
  }
}

export const AuditEventConnection = ConnectionType(AuditEvent, 'AuditEvent');

@InputType()
export class AuditEventFilter {
  @Field(() => String, { nullable: true }) entityType?: string;
  @Field(() => ID, { nullable: true, description: 'Global id of the record.' }) entityId?: string;
  @Field(() => ID, { nullable: true, description: 'Global id of the staff member who acted.' }) actorId?: string;
  @Field(() => String, { nullable: true }) action?: string;
  @Field(() => Date, { nullable: true }) occurredAfter?: Date;
  @Field(() => Date, { nullable: true }) occurredBefore?: Date;
}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter;
}
