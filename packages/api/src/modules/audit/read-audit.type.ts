import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.type';
import { ConnectionType, PageArgs } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import type { ConfidentialReadEntity } from './confidential-read.entity';

@ObjectType('ConfidentialRead', {
  implements: Node,
  description:
    'Someone other than its author was given a record’s confidential text (notes, check-in/out, a shared reflection, an action’s evidence). Names the record and field, never the text.',
})
export class ConfidentialRead extends Node {
  @Field(() => Date) readAt: Date;
  @Field(() => ID, {
    description: 'Global id of who read: a StaffMember, or the PlatformOperator (readerKind OPERATOR).',
  })
  readerId: string;
  @Field(() => String, { description: 'STAFF (a person of the district) or OPERATOR (the platform operator).' })
  readerKind: 'STAFF' | 'OPERATOR';
  @Field(() => ID, { nullable: true, description: 'Global id of the staff member whose text it is.' })
  authorId: string | null;
  @Field(() => String, {
    description:
      'ConversationSession, Reflection, ActionItem, or MailMessage (an outbox entry the operator was shown).',
  })
  recordType: string;
  @Field(() => ID) recordId: string;
  @Field(() => String, { description: 'e.g. notes, checkIn, answers, completionEvidence.' }) field: string;
  @Field(() => String, { nullable: true }) requestId: string | null;
  /** The staff member's id; null when the operator read. */
  readerRawId: string | null;
  authorRawId: string | null;

  static from(r: ConfidentialReadEntity): ConfidentialRead {
    return Object.assign(new ConfidentialRead(), {
      id: toGlobalId('ConfidentialRead', r.id),
      readAt: r.readAt,
      readerId: r.readerId
        ? toGlobalId('StaffMember', r.readerId)
        : toGlobalId('PlatformOperator', r.readerOperatorId ?? ''),
      readerKind: r.readerId ? 'STAFF' : 'OPERATOR',
      readerRawId: r.readerId,
      authorId: r.authorId ? toGlobalId('StaffMember', r.authorId) : null,
      authorRawId: r.authorId,
      recordType: r.recordType,
      recordId: toGlobalId(r.recordType, r.recordId),
      field: r.field,
      requestId: r.requestId,
    });
  }
}

export const ConfidentialReadConnection = ConnectionType(ConfidentialRead, 'ConfidentialRead');

@InputType()
export class ConfidentialReadFilter {
  @Field(() => ID, { nullable: true, description: 'Global id of the staff member who read.' }) readerId?: string;
  @Field(() => ID, { nullable: true, description: 'Global id of the staff member whose text was read.' })
  authorId?: string;
  @Field(() => ID, { nullable: true, description: 'Global id of the record (session, reflection or action).' })
  recordId?: string;
  @Field(() => Date, { nullable: true }) readAfter?: Date;
  @Field(() => Date, { nullable: true }) readBefore?: Date;
}

@ArgsType()
export class ConfidentialReadsArgs extends PageArgs {
  @Field(() => ConfidentialReadFilter, { nullable: true }) filter?: ConfidentialReadFilter;
}

export enum AuditLogKind {
  EVENTS = 'EVENTS',
  READS = 'READS',
}
registerEnumType(AuditLogKind, {
  name: 'AuditLogKind',
  description: 'EVENTS: who changed what (auditEvents); READS: who read confidential text (confidentialReads).',
});

@InputType()
export class AuditLogCsvInput {
  @Field(() => AuditLogKind) log: AuditLogKind;
  @Field(() => Date, { nullable: true }) occurredAfter?: Date;
  @Field(() => Date, { nullable: true }) occurredBefore?: Date;
}

@ObjectType('AuditLogCsv', { description: 'The audit log as a CSV file (newest first), for download.' })
export class AuditLogCsv {
  @Field(() => String) filename: string;
  @Field(() => String, { description: 'RFC 4180 CSV; a cell never starts a spreadsheet formula.' }) csv: string;
  @Field(() => Int) rowCount: number;
  @Field(() => Boolean, { description: 'True when more rows matched than one file holds: narrow the dates.' })
  truncated: boolean;
}
