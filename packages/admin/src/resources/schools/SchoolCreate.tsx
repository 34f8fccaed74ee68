import { Create } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { SCHOOL_FIELDS, SchoolForm } from './SchoolForm';

export function SchoolCreate() {
  const onError = useApiFailureNotice({ shownFields: SCHOOL_FIELDS });
  return (
    <Create title="tl.schools.create.title" redirect="list" mutationOptions={{ onError }}>
      <SchoolForm />
    </Create>
  );
}
