import DeleteOutlinedIcon from '@mui/icons-material/DeleteOutlined';
import { Button } from '@mui/material';
import { useState } from 'react';
import { Confirm, useDelete, useNotify } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { assignmentLabel, type Assignment } from './roles';

const NO_FIELDS: string[] = [];

/** Removes one assignment after a confirmation; the API keeps the last district admin from being removed. */
export function RemoveAssignmentButton({
  assignment,
  personName,
  onRemoved,
}: {
  assignment: Assignment;
  personName: string;
  onRemoved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const notify = useNotify();
  const onError = useApiFailureNotice({ shownFields: NO_FIELDS });
  const [remove, { isPending }] = useDelete();
  const confirm = () =>
    remove(
      'roleAssignments',
      { id: assignment.id, previousData: assignment },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setOpen(false);
          notify(`${personName} no longer holds ${assignmentLabel(assignment)}`, { type: 'success' });
          onRemoved();
        },
        onError: (error) => {
          setOpen(false);
          onError(error);
        },
      },
    );
  return (
    <>
      <Button size="small" color="error" startIcon={<DeleteOutlinedIcon />} onClick={() => setOpen(true)}>
        Remove
      </Button>
      <Confirm
        isOpen={open}
        loading={isPending}
        title="Remove this role?"
        content={`${personName} will no longer be ${assignmentLabel(assignment)}. What they did in it stays on record.`}
        confirm="Remove"
        confirmColor="warning"
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
