import { Create } from 'react-admin';
import { useFailureNotice } from '../settings/feedback';
import { SCHOOL_FIELDS, SchoolForm } from './SchoolForm';

export function SchoolCreate() {
  const onError = useFailureNotice(SCHOOL_FIELDS);
  return (
    <Create title="Add a school" redirect="list" mutationOptions={{ onError }}>
      <SchoolForm />
    </Create>
  );
}
