import DeleteOutlinedIcon from '@mui/icons-material/DeleteOutlined';
import { Button } from '@mui/material';
import { useState } from 'react';
import { Confirm, useNotify, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { useApiFailureNotice } from '../../common/apiFailure';

const NO_FIELDS: string[] = [];

/** Takes a training off the record, after a confirmation. */
export function RemoveTrainingButton({
  skillId,
  person,
  onRemoved,
}: {
  skillId: string;
  person: { id: string; displayName: string };
  onRemoved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const onError = useApiFailureNotice({ shownFields: NO_FIELDS });
  const remove = async () => {
    setBusy(true);
    try {
      await graphql(
        `
          mutation ($input: SkillTrainingRemoveInput!) {
            skillTrainingRemove(input: $input) {
              skillTraining {
                trainedOn
              }
            }
          }
        `,
        { input: { skillId, staffMemberId: person.id } },
      );
      notify('tl.libraries.training.removed', { type: 'success', messageArgs: { name: person.displayName } });
      onRemoved();
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };
  return (
    <>
      <Button size="small" color="error" startIcon={<DeleteOutlinedIcon />} onClick={() => setOpen(true)}>
        {translate('tl.libraries.training.remove')}
      </Button>
      <Confirm
        isOpen={open}
        loading={busy}
        title="tl.libraries.training.remove_title"
        content="tl.libraries.training.remove_body"
        contentTranslateOptions={{ name: person.displayName }}
        confirm="tl.libraries.training.remove"
        confirmColor="warning"
        onConfirm={remove}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
