import { Create } from 'react-admin';
import { useApiErrorNotice } from './apiErrors';
import { StrategyForm } from './StrategyForm';

/** A new strategy opens on its page, where its conversations are mapped next. */
export function StrategyCreate() {
  const onError = useApiErrorNotice();
  return (
    <Create redirect="show" mutationOptions={{ onError: (e) => onError(e) }}>
      <StrategyForm />
    </Create>
  );
}
