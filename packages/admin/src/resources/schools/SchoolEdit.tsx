import { Edit, useRecordContext } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { SCHOOL_FIELDS, SchoolForm } from './SchoolForm';
import { useRecordRefusal } from '../../common/NotYours';

function SchoolTitle() {
  const record = useRecordContext<{ name: string }>();
  return <>{record ? `School: ${record.name}` : 'School'}</>;
}

/** Pessimistic, so a stale version or a taken code comes back before the screen moves on. */
export function SchoolEdit() {
  const refusal = useRecordRefusal();
  const onError = useApiFailureNotice({ shownFields: SCHOOL_FIELDS });
  return (
    <Edit
      queryOptions={{ onError: refusal }}
      title={<SchoolTitle />}
      mutationMode="pessimistic"
      mutationOptions={{ onError }}
    >
      <SchoolForm edit />
    </Edit>
  );
}
