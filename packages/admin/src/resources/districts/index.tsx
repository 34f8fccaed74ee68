import ApartmentIcon from '@mui/icons-material/Apartment';
import { Create, Datagrid, DateField, Edit, List, NumberInput, PasswordInput, SelectInput, SimpleForm, TextField, TextInput, required } from 'react-admin';

const STATUSES = [
  { id: 'ACTIVE', name: 'Active' },
  { id: 'SUSPENDED', name: 'Suspended' },
];

export const districts = {
  list: () => (
    <List filters={[<TextInput key="search" source="search" label="Search" alwaysOn />]}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="name" sortable={false} />
        <TextField source="slug" sortable={false} />
        <TextField source="timezone" sortable={false} />
        <TextField source="status" sortable={false} />
        <DateField source="createdAt" sortable={false} />
      </Datagrid>
    </List>
  ),
  create: () => (
    <Create redirect="list">
      <SimpleForm>
        <TextInput source="name" validate={required()} fullWidth />
        <TextInput source="slug" helperText="Short name; derived from the name when empty" />
        <TextInput source="timezone" defaultValue="America/Chicago" validate={required()} helperText="IANA time zone" />
        <NumberInput source="academicYearStartMonth" defaultValue={8} min={1} max={12} />
        <TextInput source="firstAdmin.givenName" label="First admin: given name" validate={required()} />
        <TextInput source="firstAdmin.familyName" label="First admin: family name" validate={required()} />
        <TextInput source="firstAdmin.email" label="First admin: email" validate={required()} />
        <PasswordInput source="firstAdmin.password" label="First admin: password (12+ characters)" validate={required()} />
      </SimpleForm>
    </Create>
  ),
  edit: () => (
    <Edit mutationMode="pessimistic">
      <SimpleForm>
        <TextInput source="name" validate={required()} fullWidth />
        <TextInput source="timezone" validate={required()} />
        <NumberInput source="academicYearStartMonth" min={1} max={12} />
        <SelectInput source="status" choices={STATUSES} />
      </SimpleForm>
    </Edit>
  ),
  icon: ApartmentIcon,
  recordRepresentation: 'name',
  options: { label: 'Districts' },
};
