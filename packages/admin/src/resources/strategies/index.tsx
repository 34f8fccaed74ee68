import FlagIcon from '@mui/icons-material/Flag';
import { StrategyCreate } from './StrategyCreate';
import { StrategyEdit } from './StrategyEdit';
import { StrategyList } from './StrategyList';
import { StrategyShow } from './StrategyShow';

export const strategies = {
  list: StrategyList,
  show: StrategyShow,
  create: StrategyCreate,
  edit: StrategyEdit,
  icon: FlagIcon,
  recordRepresentation: 'title',
  options: { label: 'Strategies' },
};
