import ApartmentIcon from '@mui/icons-material/Apartment';
import { DistrictCreate } from './DistrictCreate';
import { DistrictEdit } from './DistrictEdit';
import { DistrictList } from './DistrictList';

/** Platform operators provision and look after tenants; they see nothing inside one. */
export const districts = {
  list: DistrictList,
  create: DistrictCreate,
  edit: DistrictEdit,
  icon: ApartmentIcon,
  recordRepresentation: 'name',
  options: { label: 'Districts' },
};
