import TaskAltIcon from '@mui/icons-material/TaskAlt';
import { lazyNamed } from '../../common/lazyNamed';

const ActionList = lazyNamed(() => import('./ActionList'), 'ActionList');
const ActionShow = lazyNamed(() => import('./ActionShow'), 'ActionShow');

/** Actions that came out of sessions: listed, and moved along OPEN -> IN_PROGRESS -> DONE (or DROPPED). */
export const actions = {
  list: ActionList,
  show: ActionShow,
  icon: TaskAltIcon,
  recordRepresentation: 'description',
};
