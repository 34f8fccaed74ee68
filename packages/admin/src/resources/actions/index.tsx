import TaskAltIcon from '@mui/icons-material/TaskAlt';
import { BooleanField, Datagrid, DateField, List, TextField } from 'react-admin';

export const actions = {
  list: () => (
    <List>
      <Datagrid bulkActionButtons={false}>
        <TextField source="description" sortable={false} />
        <TextField source="owner.displayName" label="Owner" sortable={false} />
        <DateField source="dueOn" sortable={false} />
        <TextField source="status" sortable={false} />
        <BooleanField source="overdue" sortable={false} />
      </Datagrid>
    </List>
  ),
  icon: TaskAltIcon,
  recordRepresentation: 'description',
  options: { label: 'Actions' },
};
