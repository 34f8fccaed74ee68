import SchoolIcon from '@mui/icons-material/School';
import { lazyNamed } from '../../common/lazyNamed';

const SchoolCreate = lazyNamed(() => import('./SchoolCreate'), 'SchoolCreate');
const SchoolEdit = lazyNamed(() => import('./SchoolEdit'), 'SchoolEdit');
const SchoolList = lazyNamed(() => import('./SchoolList'), 'SchoolList');

export const schools = {
  list: SchoolList,
  create: SchoolCreate,
  edit: SchoolEdit,
  icon: SchoolIcon,
  recordRepresentation: 'name',
};
