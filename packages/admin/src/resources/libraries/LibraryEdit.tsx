import { Alert, Card, Stack } from '@mui/material';
import { Edit, useRecordContext } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { LibraryForm } from './LibraryForm';
import { TrainedStaffPanel } from './TrainedStaffPanel';
import type { LibraryDefinition } from './types';
import { useRecordRefusal } from '../../common/NotYours';

function RetiredNotice({ singular }: { singular: string }) {
  const record = useRecordContext<{ active: boolean }>();
  if (!record || record.active) return null;
  return (
    <Alert severity="info">
      This {singular} is retired: it is no longer offered, but records that use it keep it. Restore it to offer it
      again.
    </Alert>
  );
}

function ItemTitle({ definition }: { definition: LibraryDefinition }) {
  const record = useRecordContext<Record<string, unknown>>();
  const kind = definition.singular.charAt(0).toUpperCase() + definition.singular.slice(1);
  const name = record ? String(record[definition.fields[0].source] ?? '') : '';
  return <>{name ? `${kind}: ${name}` : kind}</>;
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
        <RetiredNotice singular={definition.singular} />
        <Card>
          <LibraryForm definition={definition} edit />
        </Card>
        {definition.name === 'skills' && <TrainedStaffPanel />}
      </Stack>
    </Edit>
  );
}
