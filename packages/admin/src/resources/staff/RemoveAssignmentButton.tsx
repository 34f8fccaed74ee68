import DeleteOutlinedIcon from '@mui/icons-material/DeleteOutlined';
import { Button } from '@mui/material';
import { useState } from 'react';
import { Confirm, useDelete, useNotify, useTranslate } from 'react-admin';
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
  const translate = useTranslate();
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
          notify('tl.staff.remove.done', {
            type: 'success',
            messageArgs: { name: personName, assignment: assignmentLabel(assignment, translate) },
          });
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
        {translate('tl.staff.remove.button')}
      </Button>
      <Confirm
        isOpen={open}
        loading={isPending}
        title="tl.staff.remove.title"
        content="tl.staff.remove.body"
        contentTranslateOptions={{ name: personName, assignment: assignmentLabel(assignment, translate) }}
        confirm="tl.staff.remove.button"
        confirmColor="warning"
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
