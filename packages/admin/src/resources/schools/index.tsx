import SchoolIcon from '@mui/icons-material/School';
import {
  Create,
  Datagrid,
  DateField,
  Edit,
  List,
  NumberField,
  NumberInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  required,
} from 'react-admin';

const STATUSES = [
  { id: 'ACTIVE', name: 'Active' },
  { id: 'CLOSED', name: 'Closed' },
];

const filters = [<TextInput key="search" source="search" label="Search" alwaysOn />, <SelectInput key="status" source="status" choices={STATUSES} />];

export function SchoolList() {
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="name" />
        <TextField source="code" />
        <NumberField source="gradeLow" label="From grade" />
        <NumberField source="gradeHigh" label="To grade" />
        <TextField source="status" sortable={false} />
        <DateField source="createdAt" label="Added" />
      </Datagrid>
    </List>
  );
}

function SchoolForm({ edit }: { edit?: boolean }) {
  return (
    <SimpleForm>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="code" validate={required()} helperText="The roster system's code" />
      <NumberInput source="gradeLow" label="Lowest grade (-1 pre-K, 0 K)" min={-1} max={12} />
      <NumberInput source="gradeHigh" label="Highest grade" min={-1} max={12} />
      {edit && <SelectInput source="status" choices={STATUSES} />}
    </SimpleForm>
  );
}

export const schools = {
  list: SchoolList,
  create: () => (
    <Create redirect="list">
      <SchoolForm />
    </Create>
  ),
  edit: () => (
    <Edit mutationMode="pessimistic">
      <SchoolForm edit />
    </Edit>
  ),
  icon: SchoolIcon,
  recordRepresentation: 'name',
  options: { label: 'Schools' },
};
