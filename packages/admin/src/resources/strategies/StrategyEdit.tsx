import { Edit, useRecordContext } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { StrategyForm } from './StrategyForm';
import { useRecordRefusal } from '../../common/NotYours';

function Title() {
  const r = useRecordContext();
  return <>{r ? `Edit strategy: ${r.title}` : 'Edit strategy'}</>;
}

/** Pessimistic, so the API's field errors land on the fields and a stale version offers a reload. */
export function StrategyEdit() {
  const refusal = useRecordRefusal();
  const onError = useApiFailureNotice();
  return (
    <Edit
      queryOptions={{ onError: refusal }}
      title={<Title />}
      mutationMode="pessimistic"
      redirect="show"
      mutationOptions={{ onError: (e) => onError(e) }}
    >
      <StrategyForm edit />
    </Edit>
  );
}
