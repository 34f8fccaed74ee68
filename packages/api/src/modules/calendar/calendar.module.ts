import type { ApiModule } from '../../graphql/module';
import { NonSchoolDayEntity } from './non-school-day.entity';
import { NonSchoolDayResolver } from './non-school-day.resolver';
import { nonSchoolDayService } from './non-school-day.service';

/** The district calendar: non-school days that cadences skip (schedule/rules/non-school-day.ts). */
export const calendarModule: ApiModule = {
  name: 'calendar',
  resolvers: [NonSchoolDayResolver],
  entities: [NonSchoolDayEntity],
  nodes: { NonSchoolDay: (ctx, id) => nonSchoolDayService.findById(ctx, id) },
};
