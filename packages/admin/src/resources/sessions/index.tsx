import EventIcon from '@mui/icons-material/Event';
import type { SessionRecord } from './types';
import { formatWhen } from '../../common/when';
import { lazyNamed } from '../../common/lazyNamed';
import { t } from '../../i18n/translate';

const SessionList = lazyNamed(() => import('./SessionList'), 'SessionList');
const SessionLog = lazyNamed(() => import('./SessionLog'), 'SessionLog');
const SessionShow = lazyNamed(() => import('./SessionShow'), 'SessionShow');

/**
 * Sessions: the agenda, one session's page, and logging it as held (the resource's edit route, which the access
 * map opens with SESSION_LOG).
 */
export const sessions = {
  list: SessionList,
  show: SessionShow,
  edit: SessionLog,
  icon: EventIcon,
  recordRepresentation: (r: SessionRecord) =>
    t('tl.sessions.title_when', {
      title: r.conversation?.title ?? t('tl.sessions.session'),
      when: formatWhen(r.scheduledAt),
    }),
  options: { label: 'tl.sessions.name' },
};
