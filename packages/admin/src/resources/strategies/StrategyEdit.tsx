import { Edit, useRecordContext } from 'react-admin';
import { useApiErrorNotice } from './apiErrors';
import { StrategyForm } from './StrategyForm';

function Title() {
  const r = useRecordContext();
  return <>{r ? `Edit strategy: ${r.title}` : 'Edit strategy'}</>;
}

/** Pessimistic, so the API's field errors land on the fields and a stale version offers a reload. */
export function StrategyEdit() {
  const onError = useApiErrorNotice();
  return (
    <Edit title={<Title />} mutationMode="pessimistic" redirect="show" mutationOptions={{ onError: (e) => onError(e) }}>
      <StrategyForm edit />
    </Edit>
  );
}
