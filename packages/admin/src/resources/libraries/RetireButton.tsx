import ArchiveIcon from '@mui/icons-material/Archive';
import UnarchiveIcon from '@mui/icons-material/Unarchive';
import { Button } from '@mui/material';
import { useCanAccess, useNotify, useRecordContext, useResourceContext, useTranslate, useUpdate } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { libraryKey, type LibraryDefinition, type LibraryItem } from './types';

const NO_FIELDS: string[] = [];

/**
 * Library items are never deleted: sessions, ratings and conversations point at them. Retiring stops offering an
 * item; restoring offers it again. The version travels with the update, so a stale row is a conflict.
 */
export function RetireButton({ definition }: { definition: Pick<LibraryDefinition, 'name'> }) {
  const record = useRecordContext<LibraryItem>();
  const resource = useResourceContext();
  const { canAccess } = useCanAccess({ resource, action: 'edit' });
  const notify = useNotify();
  const translate = useTranslate();
  const onError = useApiFailureNotice({ shownFields: NO_FIELDS });
  const [update, { isPending }] = useUpdate();
  if (!record || !canAccess) return null;
  const retire = record.active;
  const toggle = (event: React.MouseEvent) => {
    // The button sits in a clickable row: the click must not also open the item.
    event.stopPropagation();
    update(
      resource,
      { id: record.id, data: { active: !retire }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => notify(libraryKey(definition, retire ? 'retired' : 'restored'), { type: 'success' }),
        onError,
      },
    );
  };
  return (
    <Button
      size="small"
      color={retire ? 'inherit' : 'primary'}
      startIcon={retire ? <ArchiveIcon /> : <UnarchiveIcon />}
      disabled={isPending}
      onClick={toggle}
    >
      {translate(retire ? 'tl.libraries.retire' : 'tl.libraries.restore')}
    </Button>
  );
}
