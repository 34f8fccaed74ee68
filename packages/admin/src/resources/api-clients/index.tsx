import KeyIcon from '@mui/icons-material/Key';
import { lazyNamed } from '../../common/lazyNamed';

const ApiClientCreate = lazyNamed(() => import('./ApiClientCreate'), 'ApiClientCreate');
const ApiClientEdit = lazyNamed(() => import('./ApiClientEdit'), 'ApiClientEdit');
const ApiClientList = lazyNamed(() => import('./ApiClientList'), 'ApiClientList');

export const apiClients = {
  list: ApiClientList,
  create: ApiClientCreate,
  edit: ApiClientEdit,
  icon: KeyIcon,
  recordRepresentation: 'name',
  options: { label: 'tl.apiClients.name' },
};
