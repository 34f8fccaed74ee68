import { Edit, useRecordContext } from 'react-admin';
import { ConversationForm } from './ConversationForm';
import { useRecordRefusal } from '../../common/NotYours';

function Title() {
  const r = useRecordContext();
  return <>{r ? `Edit conversation: ${r.title}` : 'Edit conversation'}</>;
}

/** The form saves through useConversationSave; the Edit only loads the record (and reports a failed load). */
export function ConversationEdit() {
  const refusal = useRecordRefusal();
  return (
    <Edit title={<Title />} mutationMode="pessimistic" queryOptions={{ onError: refusal }}>
      <ConversationForm edit />
    </Edit>
  );
}
