import { SettingsPage } from './SettingsPage';

export { SettingsMenuItem } from './SettingsMenuItem';

/** A page, not a resource: wired through src/routes.tsx. */
export const settingsRoute = { path: '/settings', element: <SettingsPage /> };
