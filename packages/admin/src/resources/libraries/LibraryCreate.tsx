import { Create } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { LibraryForm } from './LibraryForm';
import type { LibraryDefinition } from './types';

export function LibraryCreate({ definition }: { definition: LibraryDefinition }) {
  const onError = useApiFailureNotice({ shownFields: [...definition.fields.map((f) => f.source), 'position'] });
  return (
    <Create title={`Add a ${definition.singular}`} redirect="list" mutationOptions={{ onError }}>
      <LibraryForm definition={definition} />
    </Create>
  );
}
