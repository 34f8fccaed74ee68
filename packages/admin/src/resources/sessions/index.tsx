import EventIcon from '@mui/icons-material/Event';
import { SessionList } from './SessionList';
import { SessionLog } from './SessionLog';
import { SessionShow } from './SessionShow';
import type { SessionRecord } from './types';
import { formatWhen } from '../../common/when';

/**
 * Sessions: the agenda, one session's page, and logging it as held (the resource's edit route, which the access
 * map opens with SESSION_LOG).
 */
export const sessions = {
  list: SessionList,
  show: SessionShow,
  edit: SessionLog,
  icon: EventIcon,
  recordRepresentation: (r: SessionRecord) => `${r.conversation?.title ?? 'Session'}, ${formatWhen(r.scheduledAt)}`,
  options: { label: 'Sessions' },
};
