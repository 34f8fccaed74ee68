import { lazyNamed } from '../../common/lazyNamed';

export { SettingsMenuItem } from './SettingsMenuItem';

const SettingsPage = lazyNamed(() => import('./SettingsPage'), 'SettingsPage');

/** A page, not a resource: wired through src/routes.tsx. */
export const settingsRoute = { path: '/settings', element: <SettingsPage /> };
