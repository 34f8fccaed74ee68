import BlockIcon from '@mui/icons-material/Block';
import RestoreIcon from '@mui/icons-material/Restore';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Tooltip } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteInput,
  Confirm,
  Form,
  ReferenceInput,
  SaveButton,
  useGetIdentity,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';

interface Person {
  id: string;
  displayName: string;
  active: boolean;
  version: number;
}

const NO_FIELDS: string[] = [];
const HANDOVER_FIELDS = ['handoverToId'];
const searchable = (search: string) => ({ search });

/**
 * Deactivate or reactivate with the version the page was read at: a change made meanwhile is a conflict, not a
 * silent overwrite. People are never deleted; their history must stay. Someone who still facilitates active
 * conversations or owns open actions or strategies is deactivated only with a person named to take that over: the
 * API says what needs a new owner, under the picker.
 */
export function ActivationButton() {
  const record = useRecordContext<Person>();
  const { identity } = useGetIdentity();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const refresh = useRefresh();
  const onError = useApiFailureNotice({ shownFields: NO_FIELDS });
  const onDeactivateError = useApiFailureNotice({ shownFields: HANDOVER_FIELDS });
  if (!record) return null;
  const deactivate = record.active;
  const self = identity?.id === record.id;
  const mutation = deactivate ? 'staffMemberDeactivate' : 'staffMemberReactivate';

  const send = (handoverToId?: string) =>
    graphql(
      `mutation($input: StaffMemberActivationInput!) { ${mutation}(input: $input) { staffMember { id active version } } }`,
      { input: { id: record.id, version: record.version, ...(handoverToId ? { handoverToId } : {}) } },
    );

  const reactivate = async () => {
    setBusy(true);
    try {
      await send();
      notify('tl.staff.activation.reactivated', { type: 'success', messageArgs: { name: record.displayName } });
      refresh();
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };

  const submitDeactivation = async (values: Record<string, unknown>) => {
    const handoverToId = (values.handoverToId as string | null | undefined) || undefined;
    try {
      await send(handoverToId);
      setOpen(false);
      notify(handoverToId ? 'tl.staff.activation.deactivated_handover' : 'tl.staff.activation.deactivated', {
        type: 'success',
        messageArgs: { name: record.displayName },
      });
      refresh();
    } catch (error) {
      onDeactivateError(error);
      return fieldErrorsOf(error) ?? {};
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
      {translate(deactivate ? 'tl.staff.activation.deactivate' : 'tl.staff.activation.reactivate')}
    </Button>
  );
  return (
    <>
      {deactivate && self ? (
        <Tooltip title={translate('tl.staff.activation.not_yourself')}>
          <span>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
      {deactivate ? (
        <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth>
          <Form onSubmit={submitDeactivation} record={{}}>
            <DialogTitle>{translate('tl.staff.activation.deactivate_title', { name: record.displayName })}</DialogTitle>
            <DialogContent>
              <DialogContentText sx={{ mb: 2 }}>{translate('tl.staff.activation.deactivate_body')}</DialogContentText>
              <ReferenceInput
                source="handoverToId"
                reference="staff"
                filter={{ active: true }}
                sort={{ field: 'familyName', order: 'ASC' }}
              >
                <AutocompleteInput
                  label="tl.staff.activation.handover"
                  optionText="displayName"
                  filterToQuery={searchable}
                  helperText="tl.staff.activation.handover_help"
                  fullWidth
                />
              </ReferenceInput>
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setOpen(false)}>{translate('tl.staff.activation.cancel')}</Button>
              <SaveButton label="tl.staff.activation.deactivate" icon={<BlockIcon />} color="warning" alwaysEnable />
            </DialogActions>
          </Form>
        </Dialog>
      ) : (
        <Confirm
          isOpen={open}
          loading={busy}
          title="tl.staff.activation.reactivate_title"
          titleTranslateOptions={{ name: record.displayName }}
          content="tl.staff.activation.reactivate_body"
          confirm="tl.staff.activation.reactivate"
          confirmColor="primary"
          onConfirm={reactivate}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
