import EventIcon from '@mui/icons-material/Event';
import { Menu, useCanAccess } from 'react-admin';
import { lazyNamed } from '../../common/lazyNamed';

const MailPage = lazyNamed(() => import('./MailPage'), 'MailPage');

export const MAIL_PATH = '/calendar-and-reminders';

/** A page, not a resource: wired through src/routes.tsx. Everyone in a district reaches it (not the operator). */
export const mailRoute = { path: MAIL_PATH, element: <MailPage /> };

/** The menu's way to one's calendar feed and reminders (and, for district admins, the district's mail). */
export function MailMenuItem() {
  const { canAccess } = useCanAccess({ resource: 'calendarAndMail', action: 'list' });
  if (!canAccess) return null;
  return <Menu.Item to={MAIL_PATH} primaryText="Calendar and reminders" leftIcon={<EventIcon />} />;
}
