import type { ApiModule } from '../../graphql/module';
import { CalendarFeedResolver } from './feed.resolver';

/** Private iCalendar feeds of sessions (a person's, a school's, a conversation's); the route is in feed-route.ts. */
export const calendarFeedModule: ApiModule = {
  name: 'calendar-feed',
  resolvers: [CalendarFeedResolver],
};
