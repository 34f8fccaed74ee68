import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { Limits, Permission } from '@throughline/shared';
import { PageInfo } from '../../graphql/connection';

/** The records the change feed reports on, each with the GraphQL type of its global id. */
export enum ChangeRecordType {
  SCHOOL = 'SCHOOL',
  STAFF_MEMBER = 'STAFF_MEMBER',
  ROLE_ASSIGNMENT = 'ROLE_ASSIGNMENT',
  IMPROVEMENT_STRATEGY = 'IMPROVEMENT_STRATEGY',
  CONVERSATION_MAPPING = 'CONVERSATION_MAPPING',
  LEARNING_CONVERSATION = 'LEARNING_CONVERSATION',
  CONVERSATION_SESSION = 'CONVERSATION_SESSION',
  ACTION_ITEM = 'ACTION_ITEM',
}
registerEnumType(ChangeRecordType, {
  name: 'ChangeRecordType',
  description: 'A kind of record the change feed reports on; its ids are global ids of the GraphQL type of that name.',
});

/** Per record type: the GraphQL type (as in its global id and in change_log.entity_type) and the permission to read it. */
export const CHANGE_RECORDS: Readonly<Record<ChangeRecordType, { typename: string; permission: Permission }>> = {
  SCHOOL: { typename: 'School', permission: Permission.SCHOOL_READ },
  STAFF_MEMBER: { typename: 'StaffMember', permission: Permission.STAFF_READ },
  ROLE_ASSIGNMENT: { typename: 'RoleAssignment', permission: Permission.ROLE_ASSIGNMENT_READ },
  IMPROVEMENT_STRATEGY: { typename: 'ImprovementStrategy', permission: Permission.STRATEGY_READ },
  CONVERSATION_MAPPING: { typename: 'ConversationMapping', permission: Permission.STRATEGY_READ },
  LEARNING_CONVERSATION: { typename: 'LearningConversation', permission: Permission.CONVERSATION_READ },
  CONVERSATION_SESSION: { typename: 'ConversationSession', permission: Permission.SESSION_READ },
  ACTION_ITEM: { typename: 'ActionItem', permission: Permission.ACTION_READ },
};

export enum ChangeOp {
  UPSERT = 'UPSERT',
  DELETE = 'DELETE',
  DEACTIVATE = 'DEACTIVATE',
  CANCEL = 'CANCEL',
}
registerEnumType(ChangeOp, {
  name: 'ChangeOp',
  description: 'What happened to the record.',
  valuesConfig: {
    UPSERT: { description: 'Created or changed: read it again (nodes(ids:)).' },
    DELETE: {
      description:
        'Gone: deleted (a session removed from a schedule), or ended (a role assignment removed, a conversation unmapped from a strategy). Its id no longer answers.',
    },
    DEACTIVATE: {
      description: 'Deactivated: a person or conversation made inactive, a school closed, a strategy archived.',
    },
    CANCEL: { description: 'Cancelled: a session cancelled, an action item dropped.' },
  },
});

@ObjectType({ description: 'One change to one record.' })
export class ChangeEntry {
  @Field(() => ChangeRecordType) type: ChangeRecordType;
  @Field(() => ID, { description: 'The global id of the record.' }) id: string;
  @Field(() => ChangeOp) op: ChangeOp;
  @Field(() => Date, { description: 'When the change was made (the start of its transaction).' }) at: Date;
  @Field(() => String, { description: 'The position just after this entry, opaque.' }) cursor: string;
}

@ObjectType()
export class ChangeEdge {
  @Field(() => ChangeEntry) node: ChangeEntry;
  @Field(() => String) cursor: string;
}

@ObjectType({
  description:
    'A page of the change feed. pageInfo.endCursor is the position to resume from (pass it as `since`): it moves past the last entry, and past changes not yet final only once they are; it is null only when nothing was read from the start.',
})
export class ChangeFeed {
  @Field(() => [ChangeEdge]) edges: ChangeEdge[];
  @Field(() => [ChangeEntry]) nodes: ChangeEntry[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ArgsType()
export class ChangesArgs {
  @Field(() => String, {
    nullable: true,
    description: "A position: a previous page's pageInfo.endCursor or an entry's cursor. Absent: from the start.",
  })
  since?: string | null;

  @Field(() => Int, { nullable: true, description: `At most ${Limits.PAGE_MAX}; ${Limits.PAGE_DEFAULT} by default.` })
  @Min(0)
  @Max(Limits.PAGE_MAX)
  first?: number | null;

  @Field(() => [ChangeRecordType], {
    nullable: true,
    description: 'Only these kinds of record. Absent: every kind you may read district-wide.',
  })
  types?: ChangeRecordType[] | null;
}
