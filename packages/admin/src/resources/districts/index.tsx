import ApartmentIcon from '@mui/icons-material/Apartment';
import { lazyNamed } from '../../common/lazyNamed';

const DistrictCreate = lazyNamed(() => import('./DistrictCreate'), 'DistrictCreate');
const DistrictEdit = lazyNamed(() => import('./DistrictEdit'), 'DistrictEdit');
const DistrictList = lazyNamed(() => import('./DistrictList'), 'DistrictList');

/** Platform operators provision and look after tenants; they see nothing inside one. */
export const districts = {
  list: DistrictList,
  create: DistrictCreate,
  edit: DistrictEdit,
  icon: ApartmentIcon,
  recordRepresentation: 'name',
};
