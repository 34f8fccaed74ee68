import { Edit, useRecordContext } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { SCHOOL_FIELDS, SchoolForm } from './SchoolForm';

function SchoolTitle() {
  const record = useRecordContext<{ name: string }>();
  return <>{record ? `School: ${record.name}` : 'School'}</>;
}

/** Pessimistic, so a stale version or a taken code comes back before the screen moves on. */
export function SchoolEdit() {
  const onError = useApiFailureNotice({ shownFields: SCHOOL_FIELDS });
  return (
    <Edit title={<SchoolTitle />} mutationMode="pessimistic" mutationOptions={{ onError }}>
      <SchoolForm edit />
    </Edit>
  );
}
