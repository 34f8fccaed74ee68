import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import { DistrictStatus } from './district.entity';
import { District } from './district.type';

@InputType({ description: 'The first district admin, who then sets up schools and staff.' })
export class DistrictFirstAdminInput {
  @Field(() => String) givenName: string;
  @Field(() => String) familyName: string;
  @Field(() => String) email: string;
  @Field(() => String) password: string;
}

@InputType()
export class DistrictCreateInput {
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true, description: 'URL-safe short name; derived from the name when empty.' })
  slug?: string | null;
  @Field(() => String, { description: 'IANA time zone, e.g. America/Chicago.' }) timezone: string;
  @Field(() => Int, { nullable: true, defaultValue: 8 }) academicYearStartMonth?: number;
  @Field(() => DistrictFirstAdminInput) firstAdmin: DistrictFirstAdminInput;
}

@InputType()
export class DistrictUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) timezone?: string;
  @Field(() => Int, { nullable: true }) academicYearStartMonth?: number;
  @Field(() => DistrictStatus, {
    nullable: true,
    description: 'Platform operators only: SUSPENDED stops all sign-ins.',
  })
  status?: DistrictStatus;
}

@InputType()
export class DistrictFilter {
  @Field(() => String, { nullable: true }) search?: string;
  @Field(() => DistrictStatus, { nullable: true }) status?: DistrictStatus;
}

@ArgsType()
export class DistrictsArgs extends PageArgs {
  @Field(() => DistrictFilter, { nullable: true }) filter?: DistrictFilter;
}

@ObjectType()
export class DistrictPayload {
  @Field(() => District) district: District;
  @Field(() => Int, {
    description:
      'Future sessions not yet held that a time-zone change moved, so that each keeps its local day and time.',
  })
  sessionsMoved: number;
}
