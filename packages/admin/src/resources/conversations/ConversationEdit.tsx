import { Edit, useRecordContext, useTranslate } from 'react-admin';
import { ConversationForm } from './ConversationForm';
import { useRecordRefusal } from '../../common/NotYours';

function Title() {
  const r = useRecordContext();
  const translate = useTranslate();
  return (
    <>
      {r
        ? translate('tl.conversations.titles.edit', { title: r.title })
        : translate('tl.conversations.titles.edit_plain')}
    </>
  );
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
