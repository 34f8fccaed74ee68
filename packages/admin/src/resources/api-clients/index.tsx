import KeyIcon from '@mui/icons-material/Key';
import { ApiClientCreate } from './ApiClientCreate';
import { ApiClientEdit } from './ApiClientEdit';
import { ApiClientList } from './ApiClientList';

export const apiClients = {
  list: ApiClientList,
  create: ApiClientCreate,
  edit: ApiClientEdit,
  icon: KeyIcon,
  recordRepresentation: 'name',
  options: { label: 'API clients' },
};
