import SchoolIcon from '@mui/icons-material/School';
import { SchoolCreate } from './SchoolCreate';
import { SchoolEdit } from './SchoolEdit';
import { SchoolList } from './SchoolList';

export const schools = {
  list: SchoolList,
  create: SchoolCreate,
  edit: SchoolEdit,
  icon: SchoolIcon,
  recordRepresentation: 'name',
  options: { label: 'Schools' },
};
