import HistoryIcon from '@mui/icons-material/History';
import { lazyNamed } from '../../common/lazyNamed';

const AuditList = lazyNamed(() => import('./AuditList'), 'AuditList');

export const auditEvents = {
  list: AuditList,
  icon: HistoryIcon,
  options: { label: 'tl.audit.name' },
};
