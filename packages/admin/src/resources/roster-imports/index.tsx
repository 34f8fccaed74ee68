import { lazyNamed } from '../../common/lazyNamed';

export { RosterImportsMenuItem } from './RosterImportsMenuItem';

const RosterImportsPage = lazyNamed(() => import('./RosterImportsPage'), 'RosterImportsPage');

/** A page, not a resource: wired through src/routes.tsx. */
export const rosterImportsRoute = { path: '/roster-imports', element: <RosterImportsPage /> };
