import { Edit, useRecordContext } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { StrategyForm } from './StrategyForm';

function Title() {
  const r = useRecordContext();
  return <>{r ? `Edit strategy: ${r.title}` : 'Edit strategy'}</>;
}

/** Pessimistic, so the API's field errors land on the fields and a stale version offers a reload. */
export function StrategyEdit() {
  const onError = useApiFailureNotice();
  return (
    <Edit title={<Title />} mutationMode="pessimistic" redirect="show" mutationOptions={{ onError: (e) => onError(e) }}>
      <StrategyForm edit />
    </Edit>
  );
}
