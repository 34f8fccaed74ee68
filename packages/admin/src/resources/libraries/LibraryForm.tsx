import { NumberInput, SaveButton, SimpleForm, TextInput, Toolbar, required } from 'react-admin';
import { RetireButton } from './RetireButton';
import type { LibraryDefinition } from './types';

/** Save, and on an existing item the retire/restore switch, which saves at once on its own. */
function LibraryToolbar({ definition, edit }: { definition: LibraryDefinition; edit?: boolean }) {
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      {edit && <RetireButton definition={definition} />}
    </Toolbar>
  );
}

export function LibraryForm({ definition, edit }: { definition: LibraryDefinition; edit?: boolean }) {
  return (
    <SimpleForm sx={{ maxWidth: 720 }} toolbar={<LibraryToolbar definition={definition} edit={edit} />}>
      {definition.fields.map((f, i) => (
        <TextInput
          key={f.source}
          source={f.source}
          label={f.label}
          validate={i === 0 ? required() : undefined}
          multiline={f.multiline}
          minRows={f.multiline ? 3 : undefined}
        />
      ))}
      <NumberInput
        source="position"
        label="tl.libraries.place"
        min={0}
        step={1}
        helperText={edit ? 'tl.libraries.place_help_edit' : 'tl.libraries.place_help_new'}
      />
    </SimpleForm>
  );
}
