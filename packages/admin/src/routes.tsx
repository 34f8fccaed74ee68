import type { ReactElement } from 'react';
import { NOT_YOURS_PATH, NotYoursPage } from './common/NotYours';
import { mappingRoute } from './resources/mapping';
import { settingsRoute } from './resources/settings';
import { webhooksRoute } from './resources/webhooks';
import { rosterImportsRoute } from './resources/roster-imports';
import { privacyRoute } from './resources/privacy';
import { mailRoute, operatorOutboxRoute } from './resources/mail';

/** Screens beyond the resources: the strategy-to-conversation mapping grid, the district settings, webhooks. */
export const extraRoutes: { path: string; element: ReactElement }[] = [
  mappingRoute,
  settingsRoute,
  webhooksRoute,
  rosterImportsRoute,
  privacyRoute,
  mailRoute,
  operatorOutboxRoute,
  { path: NOT_YOURS_PATH, element: <NotYoursPage /> },
];
