import { Create } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { SCHOOL_FIELDS, SchoolForm } from './SchoolForm';

export function SchoolCreate() {
  const onError = useApiFailureNotice({ shownFields: SCHOOL_FIELDS });
  return (
    <Create title="Add a school" redirect="list" mutationOptions={{ onError }}>
      <SchoolForm />
    </Create>
  );
}
