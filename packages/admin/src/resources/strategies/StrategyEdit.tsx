import { Edit, useRecordContext, useTranslate } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { StrategyForm } from './StrategyForm';
import { useRecordRefusal } from '../../common/NotYours';

function Title() {
  const r = useRecordContext();
  const translate = useTranslate();
  return (
    <>{r ? translate('tl.strategies.edit.title_of', { title: r.title }) : translate('tl.strategies.edit.title')}</>
  );
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
