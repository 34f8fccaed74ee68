import 'reflect-metadata';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { NodeResolver } from './node.resolver';
import { AuthResolver } from '../modules/auth/auth.resolver';
import { ViewerResolver } from '../modules/viewer/viewer.resolver';
import { DistrictResolver } from '../modules/district/district.resolver';
import { SchoolResolver } from '../modules/school/school.resolver';
import { StaffMemberResolver } from '../modules/staff/staff-member.resolver';
import { RoleAssignmentResolver } from '../modules/role-assignment/role-assignment.resolver';
import { AuditResolver } from '../modules/audit/audit.resolver';
import { LIBRARY_RESOLVERS } from '../modules/library';
import { MappingResolver, StrategyResolver } from '../modules/strategy/strategy.resolver';
import { ConversationResolver } from '../modules/conversation/conversation.resolver';
import { SessionResolver } from '../modules/session/session.resolver';
import { ActionResolver } from '../modules/action/action.resolver';
import { ReflectionResolver } from '../modules/reflection/reflection.resolver';
import { AnalyticsResolver } from '../modules/analytics/analytics.resolver';

export const RESOLVERS = [
  ...LIBRARY_RESOLVERS,
  NodeResolver,
  AuthResolver,
  ViewerResolver,
  DistrictResolver,
  SchoolResolver,
  StaffMemberResolver,
  RoleAssignmentResolver,
  AuditResolver,
  StrategyResolver,
  MappingResolver,
  ConversationResolver,
  SessionResolver,
  ActionResolver,
  ReflectionResolver,
  AnalyticsResolver,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
] as unknown as NonEmptyArray<Function>;

/** The schema, generated from the decorated code. Validation covers pagination limits (class-validator). */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}
