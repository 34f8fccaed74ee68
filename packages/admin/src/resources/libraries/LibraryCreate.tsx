import { Create } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { LibraryForm } from './LibraryForm';
import { libraryKey, type LibraryDefinition } from './types';

export function LibraryCreate({ definition }: { definition: LibraryDefinition }) {
  const onError = useApiFailureNotice({ shownFields: [...definition.fields.map((f) => f.source), 'position'] });
  return (
    <Create title={libraryKey(definition, 'add')} redirect="list" mutationOptions={{ onError }}>
      <LibraryForm definition={definition} />
    </Create>
  );
}
