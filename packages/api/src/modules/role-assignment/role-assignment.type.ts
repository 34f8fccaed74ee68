import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { AssignmentScope, Role } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import type { RoleAssignmentEntity } from './role-assignment.entity';

registerEnumType(AssignmentScope, { name: 'AssignmentScope' });

@ObjectType('RoleAssignment', { implements: Node })
export class RoleAssignment extends Node {
  @Field(() => Role) role: Role;
  @Field(() => AssignmentScope, { description: 'DISTRICT: the whole district; SCHOOL: the one school below.' })
  scope: AssignmentScope;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  rawId: string;
  staffMemberRawId: string;
  schoolRawId: string | null;

  static from(e: RoleAssignmentEntity): RoleAssignment {
    return Object.assign(new RoleAssignment(), {
      id: toGlobalId('RoleAssignment', e.id),
      rawId: e.id,
      role: e.role,
      scope: e.schoolId ? AssignmentScope.SCHOOL : AssignmentScope.DISTRICT,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      staffMemberRawId: e.staffMemberId,
      schoolRawId: e.schoolId,
    });
  }
}

export const RoleAssignmentConnection = ConnectionType(RoleAssignment, 'RoleAssignment');
