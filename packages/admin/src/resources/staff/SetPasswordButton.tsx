import KeyIcon from '@mui/icons-material/Key';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useState } from 'react';
import {
  Form,
  PasswordInput,
  SaveButton,
  maxLength,
  minLength,
  required,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { Limits } from '@throughline/shared';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';

const FIELDS = ['password'];

function samePassword(values: Record<string, unknown>): Record<string, string> {
  return values.password && values.repeat !== values.password ? { repeat: 'tl.staff.password.differ' } : {};
}

/** Sets or resets someone's password; the API also ends their open sessions, so the old one stops working. */
export function SetPasswordButton() {
  const record = useRecordContext<{ id: string; displayName: string }>();
  const [open, setOpen] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const refresh = useRefresh();
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  if (!record) return null;

  const submit = async (values: Record<string, unknown>) => {
    try {
      await graphql(
        `
          mutation ($input: StaffMemberSetPasswordInput!) {
            staffMemberSetPassword(input: $input) {
              staffMember {
                id
                version
              }
            }
          }
        `,
        { input: { id: record.id, password: values.password } },
      );
      setOpen(false);
      notify('tl.staff.password.done', { type: 'success', messageArgs: { name: record.displayName } });
      refresh();
    } catch (error) {
      onError(error);
      return fieldErrorsOf(error) ?? {};
    }
  };

  return (
    <>
      <Button variant="outlined" startIcon={<KeyIcon />} onClick={() => setOpen(true)}>
        {translate('tl.staff.password.button')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="xs" fullWidth>
        <Form onSubmit={submit} validate={samePassword} record={{}}>
          <DialogTitle>{translate('tl.staff.password.title', { name: record.displayName })}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{translate('tl.staff.password.body')}</DialogContentText>
            <PasswordInput
              source="password"
              label="tl.staff.password.new"
              validate={[required(), minLength(Limits.PASSWORD_MIN), maxLength(Limits.PASSWORD_MAX)]}
              helperText={translate('tl.staff.password.new_help', { min: Limits.PASSWORD_MIN })}
              fullWidth
              autoComplete="new-password"
            />
            <PasswordInput
              source="repeat"
              label="tl.staff.password.repeat"
              validate={required()}
              fullWidth
              autoComplete="new-password"
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{translate('tl.staff.password.cancel')}</Button>
            <SaveButton label="tl.staff.password.button" icon={<KeyIcon />} alwaysEnable />
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
}
