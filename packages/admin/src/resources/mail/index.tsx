import EventIcon from '@mui/icons-material/Event';
import OutboxIcon from '@mui/icons-material/Outbox';
import { Menu, useCanAccess } from 'react-admin';
import { lazyNamed } from '../../common/lazyNamed';

const MailPage = lazyNamed(() => import('./MailPage'), 'MailPage');
const OperatorOutboxPage = lazyNamed(() => import('./OperatorOutboxPage'), 'OperatorOutboxPage');

export const MAIL_PATH = '/calendar-and-reminders';

/** A page, not a resource: wired through src/routes.tsx. Everyone in a district reaches it (not the operator). */
export const mailRoute = { path: MAIL_PATH, element: <MailPage /> };

/** The menu's way to one's calendar feed and reminders (and, for district admins, the district's mail). */
export function MailMenuItem() {
  const { canAccess } = useCanAccess({ resource: 'calendarAndMail', action: 'list' });
  if (!canAccess) return null;
  return <Menu.Item to={MAIL_PATH} primaryText="tl.mail.menu" leftIcon={<EventIcon />} />;
}

export const OPERATOR_OUTBOX_PATH = '/mail-outboxes';

/** The platform operator's page for any district's outbox (each read is recorded in that district's read audit). */
export const operatorOutboxRoute = { path: OPERATOR_OUTBOX_PATH, element: <OperatorOutboxPage /> };

/** The operator's menu entry to districts' outboxes. */
export function OperatorOutboxMenuItem() {
  const { canAccess } = useCanAccess({ resource: 'mailOutboxes', action: 'list' });
  if (!canAccess) return null;
  return <Menu.Item to={OPERATOR_OUTBOX_PATH} primaryText="tl.mail.operatorOutbox.menu" leftIcon={<OutboxIcon />} />;
}
