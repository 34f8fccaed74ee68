import { Alert, Card, Stack } from '@mui/material';
import { Edit, useRecordContext, useTranslate } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { LibraryForm } from './LibraryForm';
import { TrainedStaffPanel } from './TrainedStaffPanel';
import { libraryKey, type LibraryDefinition } from './types';
import { useRecordRefusal } from '../../common/NotYours';

function RetiredNotice({ definition }: { definition: LibraryDefinition }) {
  const record = useRecordContext<{ active: boolean }>();
  const translate = useTranslate();
  if (!record || record.active) return null;
  return <Alert severity="info">{translate(libraryKey(definition, 'retired_notice'))}</Alert>;
}

function ItemTitle({ definition }: { definition: LibraryDefinition }) {
  const record = useRecordContext<Record<string, unknown>>();
  const translate = useTranslate();
  const kind = translate(libraryKey(definition, 'item'));
  const name = record ? String(record[definition.fields[0].source] ?? '') : '';
  return <>{name ? translate('tl.libraries.item_title', { kind, name }) : kind}</>;
}

/** An item's texts and place; skills also list who is trained in them. */
export function LibraryEdit({ definition }: { definition: LibraryDefinition }) {
  const refusal = useRecordRefusal();
  const onError = useApiFailureNotice({
    shownFields: [...definition.fields.map((f) => f.source), 'position', 'active'],
  });
  return (
    <Edit
      queryOptions={{ onError: refusal }}
      title={<ItemTitle definition={definition} />}
      mutationMode="pessimistic"
      mutationOptions={{ onError }}
      redirect="list"
      component="div"
    >
      <Stack spacing={2}>
        <RetiredNotice definition={definition} />
        <Card>
          <LibraryForm definition={definition} edit />
        </Card>
        {definition.name === 'skills' && <TrainedStaffPanel />}
      </Stack>
    </Edit>
  );
}
