import { Edit, useRecordContext } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { ConversationForm } from './ConversationForm';

function Title() {
  const r = useRecordContext();
  return <>{r ? `Edit conversation: ${r.title}` : 'Edit conversation'}</>;
}

/** The form saves through useConversationSave; the Edit only loads the record (and reports a failed load). */
export function ConversationEdit() {
  const onError = useApiFailureNotice();
  return (
    <Edit title={<Title />} mutationMode="pessimistic" queryOptions={{ onError: (e) => onError(e) }}>
      <ConversationForm edit />
    </Edit>
  );
}
