import { lazyNamed } from '../../common/lazyNamed';

export { WebhooksMenuItem } from './WebhooksMenuItem';

const WebhooksPage = lazyNamed(() => import('./WebhooksPage'), 'WebhooksPage');

/** A page, not a resource: wired through src/routes.tsx. */
export const webhooksRoute = { path: '/webhooks', element: <WebhooksPage /> };
