import PeopleIcon from '@mui/icons-material/People';
import { BooleanField, Create, Datagrid, Edit, EmailField, List, PasswordInput, SimpleForm, TextField, TextInput, required } from 'react-admin';

export const staff = {
  list: () => (
    <List filters={[<TextInput key="search" source="search" label="Search" alwaysOn />]} sort={{ field: 'familyName', order: 'ASC' }}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="displayName" label="Name" sortBy="familyName" />
        <EmailField source="email" />
        <TextField source="title" sortable={false} />
        <BooleanField source="active" sortable={false} />
      </Datagrid>
    </List>
  ),
  create: () => (
    <Create redirect="edit">
      <SimpleForm>
        <TextInput source="givenName" validate={required()} />
        <TextInput source="familyName" validate={required()} />
        <TextInput source="email" validate={required()} />
        <TextInput source="title" />
        <TextInput source="rosterId" />
        <PasswordInput source="password" helperText="Optional first password (12+ characters)" />
      </SimpleForm>
    </Create>
  ),
  edit: () => (
    <Edit mutationMode="pessimistic">
      <SimpleForm>
        <TextInput source="givenName" validate={required()} />
        <TextInput source="familyName" validate={required()} />
        <TextInput source="email" validate={required()} />
        <TextInput source="title" />
        <TextInput source="rosterId" />
      </SimpleForm>
    </Edit>
  ),
  icon: PeopleIcon,
  recordRepresentation: 'displayName',
  options: { label: 'Staff' },
};
