import type { ReactElement } from 'react';

/** Screens beyond the resources (the mapping grid, settings): each adds itself here. */
export const extraRoutes: { path: string; element: ReactElement }[] = [];
