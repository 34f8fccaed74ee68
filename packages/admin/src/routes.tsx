import type { ReactElement } from 'react';
import { mappingRoute } from './resources/mapping';
import { settingsRoute } from './resources/settings';
import { webhooksRoute } from './resources/webhooks';

/** Screens beyond the resources: the strategy-to-conversation mapping grid, the district settings, webhooks. */
export const extraRoutes: { path: string; element: ReactElement }[] = [mappingRoute, settingsRoute, webhooksRoute];
