import MenuBookIcon from '@mui/icons-material/MenuBook';
import { BooleanField, BooleanInput, Create, Datagrid, Edit, List, NumberField, NumberInput, SimpleForm, TextField, TextInput, required } from 'react-admin';

/** The district libraries share one shape: a text or two, a position, and retirement instead of deletion. */
function library(name: string, label: string, fields: { source: string; label: string; multiline?: boolean }[]) {
  const form = (
    <SimpleForm>
      {fields.map((f, i) => (
        <TextInput key={f.source} source={f.source} label={f.label} validate={i === 0 ? required() : undefined} multiline={f.multiline} fullWidth />
      ))}
      <NumberInput source="position" />
      <BooleanInput source="active" label="In use" />
    </SimpleForm>
  );
  return {
    name,
    list: () => (
      <List filters={[<TextInput key="search" source="search" label="Search" alwaysOn />]}>
        <Datagrid rowClick="edit" bulkActionButtons={false}>
          <NumberField source="position" sortable={false} />
          {fields.map((f) => (
            <TextField key={f.source} source={f.source} label={f.label} sortable={false} />
          ))}
          <BooleanField source="active" label="In use" sortable={false} />
        </Datagrid>
      </List>
    ),
    create: () => <Create redirect="list">{form}</Create>,
    edit: () => <Edit mutationMode="pessimistic">{form}</Edit>,
    icon: MenuBookIcon,
    options: { label },
  };
}

export const libraries = [
  library('norms', 'Norms', [
    { source: 'title', label: 'Norm' },
    { source: 'description', label: 'What it means', multiline: true },
  ]),
  library('rubricCriteria', 'Rubric', [
    { source: 'name', label: 'Criterion' },
    { source: 'description', label: 'Description', multiline: true },
  ]),
  library('questionBankItems', 'Question bank', [
    { source: 'text', label: 'Question' },
    { source: 'purpose', label: 'Purpose' },
  ]),
  library('reflectionPrompts', 'Reflection prompts', [{ source: 'text', label: 'Prompt' }]),
  library('skills', 'Skills', [
    { source: 'name', label: 'Skill' },
    { source: 'description', label: 'Description', multiline: true },
  ]),
];
