import EventIcon from '@mui/icons-material/Event';
import { Datagrid, DateField, List, TextField } from 'react-admin';

export const sessions = {
  list: () => (
    <List sort={{ field: 'scheduledAt', order: 'ASC' }}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <DateField source="scheduledAt" showTime sortable={false} />
        <TextField source="conversation.title" label="Conversation" sortable={false} />
        <TextField source="state" sortable={false} />
      </Datagrid>
    </List>
  ),
  icon: EventIcon,
  options: { label: 'Sessions' },
};
