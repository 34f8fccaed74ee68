import BlockIcon from '@mui/icons-material/Block';
import RestoreIcon from '@mui/icons-material/Restore';
import { Button, Tooltip } from '@mui/material';
import { useState } from 'react';
import { Confirm, useGetIdentity, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { graphql } from '../../portal';
import { useApiFailureNotice } from '../../common/apiFailure';

interface Person {
  id: string;
  displayName: string;
  active: boolean;
  version: number;
}

const NO_FIELDS: string[] = [];

/**
 * Deactivate or reactivate with the version the page was read at: a change made meanwhile is a conflict, not a
 * silent overwrite. People are never deleted; their history must stay.
 */
export function ActivationButton() {
  const record = useRecordContext<Person>();
  const { identity } = useGetIdentity();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const notify = useNotify();
  const refresh = useRefresh();
  const onError = useApiFailureNotice({ shownFields: NO_FIELDS });
  if (!record) return null;
  const deactivate = record.active;
  const self = identity?.id === record.id;
  const mutation = deactivate ? 'staffMemberDeactivate' : 'staffMemberReactivate';

  const run = async () => {
    setBusy(true);
    try {
      await graphql(
        `mutation($input: StaffMemberActivationInput!) { ${mutation}(input: $input) { staffMember { id active version } } }`,
        { input: { id: record.id, version: record.version } },
      );
      notify(deactivate ? `${record.displayName} can no longer sign in` : `${record.displayName} can sign in again`, {
        type: 'success',
      });
      refresh();
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };

  const button = (
    <Button
      variant="outlined"
      color={deactivate ? 'error' : 'primary'}
      startIcon={deactivate ? <BlockIcon /> : <RestoreIcon />}
      disabled={busy || (deactivate && self)}
      onClick={() => setOpen(true)}
    >
      {deactivate ? 'Deactivate' : 'Reactivate'}
    </Button>
  );
  return (
    <>
      {deactivate && self ? (
        <Tooltip title="You cannot deactivate yourself">
          <span>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
      <Confirm
        isOpen={open}
        loading={busy}
        title={deactivate ? `Deactivate ${record.displayName}?` : `Reactivate ${record.displayName}?`}
        content={
          deactivate
            ? 'They are signed out everywhere and cannot sign in. Their sessions, ratings, reflections and actions stay on record, and you can reactivate them later.'
            : 'They can sign in again with their password and see what their roles allow.'
        }
        confirm={deactivate ? 'Deactivate' : 'Reactivate'}
        confirmColor={deactivate ? 'warning' : 'primary'}
        onConfirm={run}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
