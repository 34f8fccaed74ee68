import { Edit } from 'react-admin';
import { useApiErrorNotice } from '../strategies/apiErrors';
import { ConversationForm } from './ConversationForm';

/** The form saves through useConversationSave; the Edit only loads the record (and reports a failed load). */
export function ConversationEdit() {
  const onError = useApiErrorNotice();
  return (
    <Edit mutationMode="pessimistic" queryOptions={{ onError: (e) => onError(e) }}>
      <ConversationForm edit />
    </Edit>
  );
}
