import { Create } from 'react-admin';
import { ConversationForm } from './ConversationForm';

/** Saving schedules its sessions; the conversation's page then says how many. */
export function ConversationCreate() {
  return (
    <Create title="tl.conversations.titles.create">
      <ConversationForm />
    </Create>
  );
}
