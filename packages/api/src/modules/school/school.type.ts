import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SchoolStatus } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import type { SchoolEntity } from './school.entity';

registerEnumType(SchoolStatus, { name: 'SchoolStatus' });

@ObjectType('School', { implements: Node })
export class School extends Node {
  @Field(() => String) name: string;
  @Field(() => String, { description: "The roster system's code; unique in the district." }) code: string;
  @Field(() => Int, { nullable: true, description: 'Lowest grade taught: -1 is pre-K, 0 is kindergarten.' })
  gradeLow: number | null;
  @Field(() => Int, { nullable: true }) gradeHigh: number | null;
  @Field(() => SchoolStatus) status: SchoolStatus;
  @Field(() => Int, { description: 'Pass back with updates; a stale version is a CONFLICT.' }) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  /** Raw uuid, for field resolvers; not exposed. */
  rawId: string;

  static from(e: SchoolEntity): School {
    return Object.assign(new School(), {
      id: toGlobalId('School', e.id),
      rawId: e.id,
      name: e.name,
      code: e.code,
      gradeLow: e.gradeLow,
      gradeHigh: e.gradeHigh,
      status: e.status,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

export const SchoolConnection = ConnectionType(School, 'School');
