import HistoryIcon from '@mui/icons-material/History';
import { Datagrid, DateField, List, TextField } from 'react-admin';

export const auditEvents = {
  list: () => (
    <List>
      <Datagrid bulkActionButtons={false}>
        <DateField source="occurredAt" showTime sortable={false} />
        <TextField source="actor.displayName" label="Who" sortable={false} emptyText="System" />
        <TextField source="action" sortable={false} />
        <TextField source="entityType" label="Record" sortable={false} />
      </Datagrid>
    </List>
  ),
  icon: HistoryIcon,
  options: { label: 'Audit log' },
};
