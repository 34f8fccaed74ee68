import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NonSchoolDayKind, NonSchoolDaySource } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { LocalDate } from '../../graphql/scalars';
import type { NonSchoolDayEntity } from './non-school-day.entity';

registerEnumType(NonSchoolDayKind, { name: 'NonSchoolDayKind' });
registerEnumType(NonSchoolDaySource, { name: 'NonSchoolDaySource' });

@ObjectType('NonSchoolDay', {
  implements: Node,
  description:
    "A holiday, break or in-service day of the district calendar: local days in the district's time zone, both ends " +
    'included. Cadences skip them: no session of a repeating conversation is scheduled on one (docs/metrics.md).',
})
export class NonSchoolDay extends Node {
  @Field(() => LocalDate, { description: 'The first day.' }) startsOn: string;
  @Field(() => LocalDate, { description: 'The last day, included (the same as startsOn for a single day).' })
  endsOn: string;
  @Field(() => String, { description: 'Shown as the reason a session is skipped.' }) name: string;
  @Field(() => NonSchoolDayKind) kind: NonSchoolDayKind;
  @Field(() => NonSchoolDaySource) source: NonSchoolDaySource;
  @Field(() => String, {
    nullable: true,
    description: "The iCalendar event's UID it was imported from; a re-import updates the day with this UID.",
  })
  importUid: string | null;
  @Field(() => Int, { description: 'Pass back with updates; a stale version is a CONFLICT.' }) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;

  static from(e: NonSchoolDayEntity): NonSchoolDay {
    return Object.assign(new NonSchoolDay(), {
      id: toGlobalId('NonSchoolDay', e.id),
      startsOn: e.startsOn,
      endsOn: e.endsOn,
      name: e.name,
      kind: e.kind,
      source: e.source,
      importUid: e.importUid,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

export const NonSchoolDayConnection = ConnectionType(NonSchoolDay, 'NonSchoolDay');
