import type { ReactElement } from 'react';
import { mappingRoute } from './resources/mapping';
import { settingsRoute } from './resources/settings';

/** Screens beyond the resources: the strategy-to-conversation mapping grid and the district settings. */
export const extraRoutes: { path: string; element: ReactElement }[] = [mappingRoute, settingsRoute];
