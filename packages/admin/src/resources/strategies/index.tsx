import FlagIcon from '@mui/icons-material/Flag';
import { lazyNamed } from '../../common/lazyNamed';

const StrategyCreate = lazyNamed(() => import('./StrategyCreate'), 'StrategyCreate');
const StrategyEdit = lazyNamed(() => import('./StrategyEdit'), 'StrategyEdit');
const StrategyList = lazyNamed(() => import('./StrategyList'), 'StrategyList');
const StrategyShow = lazyNamed(() => import('./StrategyShow'), 'StrategyShow');

export const strategies = {
  list: StrategyList,
  show: StrategyShow,
  create: StrategyCreate,
  edit: StrategyEdit,
  icon: FlagIcon,
  recordRepresentation: 'title',
};
