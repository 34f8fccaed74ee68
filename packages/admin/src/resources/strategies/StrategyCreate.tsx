import { Create, useNotify, useRedirect } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { StrategyForm } from './StrategyForm';

/** A new strategy opens on its page, where its conversations are mapped next. */
export function StrategyCreate() {
  const onError = useApiFailureNotice();
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Create
      title="tl.strategies.create.title"
      mutationOptions={{
        onError: (e) => onError(e),
        onSuccess: (data: { id: string }) => {
          notify('tl.strategies.create.done', { type: 'success' });
          redirect('show', 'strategies', data.id);
        },
      }}
    >
      <StrategyForm />
    </Create>
  );
}
