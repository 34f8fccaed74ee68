import PeopleIcon from '@mui/icons-material/People';
import { lazyNamed } from '../../common/lazyNamed';

const StaffCreate = lazyNamed(() => import('./StaffCreate'), 'StaffCreate');
const StaffEdit = lazyNamed(() => import('./StaffEdit'), 'StaffEdit');
const StaffList = lazyNamed(() => import('./StaffList'), 'StaffList');
const StaffShow = lazyNamed(() => import('./StaffShow'), 'StaffShow');

/** Managers (STAFF_MANAGE) get the edit page; readers get the show page, chosen per row by canAccess. */
export const staff = {
  list: StaffList,
  create: StaffCreate,
  edit: StaffEdit,
  show: StaffShow,
  icon: PeopleIcon,
  recordRepresentation: 'displayName',
  options: { label: 'tl.staff.name' },
};
