import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { DistrictStatus, type DistrictEntity } from './district.entity';

registerEnumType(DistrictStatus, { name: 'DistrictStatus' });

@ObjectType('District', { implements: Node, description: 'A tenant: everything else belongs to exactly one district.' })
export class District extends Node {
  @Field(() => String) name: string;
  @Field(() => String) slug: string;
  @Field(() => String, { description: 'IANA time zone; due dates and days are computed in it.' }) timezone: string;
  @Field(() => Int, { description: 'Month (1-12) in which the academic year starts.' }) academicYearStartMonth: number;
  @Field(() => DistrictStatus) status: DistrictStatus;
  @Field(() => Int) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  rawId: string;

  static from(e: DistrictEntity): District {
    return Object.assign(new District(), {
      id: toGlobalId('District', e.id),
      rawId: e.id,
      name: e.name,
      slug: e.slug,
      timezone: e.timezone,
      academicYearStartMonth: e.academicYearStartMonth,
      status: e.status,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

export const DistrictConnection = ConnectionType(District, 'District');
