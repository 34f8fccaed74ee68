import { lazyNamed } from '../../common/lazyNamed';

const MappingGrid = lazyNamed(() => import('./MappingGrid'), 'MappingGrid');

/** The mapping grid's route; App declares it through src/routes.tsx (extraRoutes). */
export const mappingRoute = { path: '/mapping', element: <MappingGrid /> };
