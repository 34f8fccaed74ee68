import ForumIcon from '@mui/icons-material/Forum';
import { ConversationCreate } from './ConversationCreate';
import { ConversationEdit } from './ConversationEdit';
import { ConversationList } from './ConversationList';
import { ConversationShow } from './ConversationShow';

export const conversations = {
  list: ConversationList,
  show: ConversationShow,
  create: ConversationCreate,
  edit: ConversationEdit,
  icon: ForumIcon,
  recordRepresentation: 'title',
  options: { label: 'Conversations' },
};
