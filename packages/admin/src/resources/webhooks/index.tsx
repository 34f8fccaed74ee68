import { WebhooksPage } from './WebhooksPage';

export { WebhooksMenuItem } from './WebhooksMenuItem';

/** A page, not a resource: wired through src/routes.tsx. */
export const webhooksRoute = { path: '/webhooks', element: <WebhooksPage /> };
