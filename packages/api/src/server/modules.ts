import type { ApiModule } from '../graphql/module';
import type { NodeFinder } from '../graphql/module';
import { actionModule } from '../modules/action/action.module';
import { analyticsModule } from '../modules/analytics/analytics.module';
import { apiClientModule } from '../modules/api-client/api-client.module';
import { auditModule } from '../modules/audit/audit.module';
import { authModule } from '../modules/auth/auth.module';
import { calendarModule } from '../modules/calendar/calendar.module';
import { calendarFeedModule } from '../modules/calendar-feed/calendar-feed.module';
import { mailModule } from '../modules/mail/mail.module';
import { conversationModule } from '../modules/conversation/conversation.module';
import { districtModule } from '../modules/district/district.module';
import { libraryModule } from '../modules/library/library.module';
import { rateLimitModule } from '../modules/rate-limit/rate-limit.module';
import { ratingModule } from '../modules/rating/rating.module';
import { reflectionModule } from '../modules/reflection/reflection.module';
import { roleAssignmentModule } from '../modules/role-assignment/role-assignment.module';
import { schoolModule } from '../modules/school/school.module';
import { sessionModule } from '../modules/session/session.module';
import { staffModule } from '../modules/staff/staff.module';
import { strategyModule } from '../modules/strategy/strategy.module';
import { syncModule } from '../modules/sync/sync.module';
import { viewerModule } from '../modules/viewer/viewer.module';
import { ssoModule } from '../modules/sso/sso.module';
import { webhookModule } from '../modules/webhook/webhook.module';
import { rosterImportModule } from '../modules/roster-import/roster-import.module';
import { privacyModule } from '../modules/privacy/privacy.module';

/**
 * Every feature module of the API. This list is the one place that knows them all: a new module is written in
 * its own folder, declares itself in `<area>.module.ts`, and is added here.
 */
export const MODULES: readonly ApiModule[] = [
  authModule,
  viewerModule,
  districtModule,
  schoolModule,
  staffModule,
  roleAssignmentModule,
  auditModule,
  libraryModule,
  calendarModule,
  strategyModule,
  conversationModule,
  sessionModule,
  ratingModule,
  actionModule,
  reflectionModule,
  analyticsModule,
  rateLimitModule,
  webhookModule,
  apiClientModule,
  syncModule,
  ssoModule,
  rosterImportModule,
  calendarFeedModule,
  mailModule,
  privacyModule,
];

export const ENTITIES = MODULES.flatMap((m) => m.entities ?? []);

/** How node(id:) refetches each node type, gathered from the modules; a type declared twice is a bug. */
export const NODE_FINDERS: Readonly<Record<string, NodeFinder>> = (() => {
  const finders: Record<string, NodeFinder> = {};
  for (const m of MODULES) {
    for (const [type, finder] of Object.entries(m.nodes ?? {})) {
      if (finders[type]) throw new Error(`Node type ${type} is declared by two modules`);
      finders[type] = finder;
    }
  }
  return finders;
})();
