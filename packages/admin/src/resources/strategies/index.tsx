import FlagIcon from '@mui/icons-material/Flag';
import { Datagrid, DateField, List, TextField } from 'react-admin';

export const strategies = {
  list: () => (
    <List sort={{ field: 'title', order: 'ASC' }}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="title" />
        <TextField source="school.name" label="School" sortable={false} emptyText="District-wide" />
        <TextField source="kind" sortable={false} />
        <TextField source="status" sortable={false} />
        <DateField source="startsOn" />
      </Datagrid>
    </List>
  ),
  icon: FlagIcon,
  recordRepresentation: 'title',
  options: { label: 'Strategies' },
};
