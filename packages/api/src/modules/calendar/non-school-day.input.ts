import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { NonSchoolDayKind } from '@throughline/shared';
import { PageArgs } from '../../graphql/connection';
import { LocalDate } from '../../graphql/scalars';
import { NonSchoolDay } from './non-school-day.type';

@ArgsType()
export class NonSchoolDaysArgs extends PageArgs {
  @Field(() => LocalDate, { nullable: true, description: 'Only days that end on or after this day.' })
  from?: string | null;
  @Field(() => LocalDate, { nullable: true, description: 'Only days that start on or before this day.' })
  to?: string | null;
}

@InputType()
export class NonSchoolDayCreateInput {
  @Field(() => LocalDate) startsOn: string;
  @Field(() => LocalDate, {
    nullable: true,
    description: 'The last day, included; leave empty for a single day. At most 366 days in all.',
  })
  endsOn?: string | null;
  @Field(() => String) name: string;
  @Field(() => NonSchoolDayKind) kind: NonSchoolDayKind;
}

@InputType({ description: 'Give only what changes.' })
export class NonSchoolDayUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you read; a stale one is a CONFLICT.' }) version: number;
  @Field(() => LocalDate, { nullable: true }) startsOn?: string | null;
  @Field(() => LocalDate, { nullable: true }) endsOn?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => NonSchoolDayKind, { nullable: true }) kind?: NonSchoolDayKind | null;
}

@InputType()
export class NonSchoolDayDeleteInput {
  @Field(() => ID) id: string;
  @Field(() => Int, {
    nullable: true,
    description: 'The version you read, if you want a stale one refused (CONFLICT).',
  })
  version?: number | null;
}

@InputType()
export class NonSchoolDaysImportInput {
  @Field(() => String, {
    description:
      'The text of an iCalendar (.ics) file, at most 500 KB and 1000 events. All-day events count as written (DTEND ' +
      "exclusive); timed events cover the local days they touch in the district's time zone.",
  })
  icalendar: string;
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'Also delete imported days whose UID is not in this file (days typed in are never touched). Default: keep them.',
  })
  replaceImported?: boolean | null;
}

@ObjectType({ description: 'What a calendar change did to the sessions of repeating conversations (future only).' })
export class CalendarSessionChanges {
  @Field(() => Int, {
    description: 'Future sessions, not yet held and with nothing recorded, removed from days that became non-school.',
  })
  sessionsRemoved: number;
  @Field(() => Int, { description: 'Future sessions scheduled on days that became school days again.' })
  sessionsScheduled: number;
}

@ObjectType()
export class NonSchoolDayPayload extends CalendarSessionChanges {
  @Field(() => NonSchoolDay) nonSchoolDay: NonSchoolDay;
}

@ObjectType()
export class NonSchoolDayDeletePayload extends CalendarSessionChanges {
  @Field(() => ID) deletedId: string;
}

@ObjectType()
export class NonSchoolDaysImportPayload extends CalendarSessionChanges {
  @Field(() => Int, { description: 'Days the file added.' }) created: number;
  @Field(() => Int, { description: 'Days imported before whose dates or name the file changed.' }) updated: number;
  @Field(() => Int, { description: 'Days imported before that the file left as they were.' }) unchanged: number;
  @Field(() => Int, { description: 'Imported days not in the file, deleted (replaceImported only).' }) removed: number;
  @Field(() => [NonSchoolDay], { description: 'The days of the file, as stored, in date order.' })
  nonSchoolDays: NonSchoolDay[];
}
