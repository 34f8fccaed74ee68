import { Edit, useRecordContext, useTranslate } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { SCHOOL_FIELDS, SchoolForm } from './SchoolForm';
import { useRecordRefusal } from '../../common/NotYours';

function SchoolTitle() {
  const record = useRecordContext<{ name: string }>();
  const translate = useTranslate();
  return (
    <>
      {record
        ? translate('tl.schools.edit.title_of', { name: record.name })
        : translate('resources.schools.name', { smart_count: 1 })}
    </>
  );
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
