import ForumIcon from '@mui/icons-material/Forum';
import { lazyNamed } from '../../common/lazyNamed';

const ConversationCreate = lazyNamed(() => import('./ConversationCreate'), 'ConversationCreate');
const ConversationEdit = lazyNamed(() => import('./ConversationEdit'), 'ConversationEdit');
const ConversationList = lazyNamed(() => import('./ConversationList'), 'ConversationList');
const ConversationShow = lazyNamed(() => import('./ConversationShow'), 'ConversationShow');

export const conversations = {
  list: ConversationList,
  show: ConversationShow,
  create: ConversationCreate,
  edit: ConversationEdit,
  icon: ForumIcon,
  recordRepresentation: 'title',
  options: { label: 'tl.conversations.name' },
};
