import ForumIcon from '@mui/icons-material/Forum';
import { Datagrid, List, TextField } from 'react-admin';

export const conversations = {
  list: () => (
    <List>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="title" sortable={false} />
        <TextField source="type" sortable={false} />
        <TextField source="cadenceDescription" label="Cadence" sortable={false} />
        <TextField source="facilitator.displayName" label="Facilitator" sortable={false} />
      </Datagrid>
    </List>
  ),
  icon: ForumIcon,
  recordRepresentation: 'title',
  options: { label: 'Conversations' },
};
