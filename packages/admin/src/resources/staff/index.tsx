import PeopleIcon from '@mui/icons-material/People';
import { StaffCreate } from './StaffCreate';
import { StaffEdit } from './StaffEdit';
import { StaffList } from './StaffList';
import { StaffShow } from './StaffShow';

/** Managers (STAFF_MANAGE) get the edit page; readers get the show page, chosen per row by canAccess. */
export const staff = {
  list: StaffList,
  create: StaffCreate,
  edit: StaffEdit,
  show: StaffShow,
  icon: PeopleIcon,
  recordRepresentation: 'displayName',
  options: { label: 'Staff' },
};
