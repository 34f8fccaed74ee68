import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import type { StaffMemberEntity } from './staff-member.entity';

@ObjectType('StaffMember', { implements: Node })
export class StaffMember extends Node {
  @Field(() => String) givenName: string;
  @Field(() => String) familyName: string;
  @Field(() => String) displayName: string;
  @Field(() => String) email: string;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => String, { nullable: true, description: "The roster system's id; unique in the district." })
  rosterId: string | null;
  @Field(() => Boolean, { description: 'Inactive people keep their history but cannot sign in.' }) active: boolean;
  @Field(() => Date, { nullable: true }) deactivatedAt: Date | null;
  @Field(() => Int) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  rawId: string;

  static from(e: StaffMemberEntity): StaffMember {
    return Object.assign(new StaffMember(), {
      id: toGlobalId('StaffMember', e.id),
      rawId: e.id,
      givenName: e.givenName,
      familyName: e.familyName,
      displayName: `${e.givenName} ${e.familyName}`,
      email: e.email,
      title: e.title,
      rosterId: e.rosterId,
      active: e.active,
      deactivatedAt: e.deactivatedAt,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

export const StaffMemberConnection = ConnectionType(StaffMember, 'StaffMember');
