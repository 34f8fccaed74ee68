import WebhookIcon from '@mui/icons-material/Webhook';
import { Menu, useCanAccess } from 'react-admin';

/** The menu's way to the Webhooks page, for district admins. */
export function WebhooksMenuItem() {
  const { canAccess } = useCanAccess({ resource: 'webhooks', action: 'list' });
  if (!canAccess) return null;
  return <Menu.Item to="/webhooks" primaryText="tl.webhooks.menu" leftIcon={<WebhookIcon />} />;
}
