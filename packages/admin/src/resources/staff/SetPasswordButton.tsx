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
} from 'react-admin';
import { Limits } from '@throughline/shared';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';

const FIELDS = ['password'];

function samePassword(values: Record<string, unknown>): Record<string, string> {
  return values.password && values.repeat !== values.password ? { repeat: 'The two passwords differ' } : {};
}

/** Sets or resets someone's password; the API also ends their open sessions, so the old one stops working. */
export function SetPasswordButton() {
  const record = useRecordContext<{ id: string; displayName: string }>();
  const [open, setOpen] = useState(false);
  const notify = useNotify();
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
      notify(`Password set. ${record.displayName} is signed out everywhere and signs in with the new one.`, {
        type: 'success',
      });
      refresh();
    } catch (error) {
      onError(error);
      return fieldErrorsOf(error) ?? {};
    }
  };

  return (
    <>
      <Button variant="outlined" startIcon={<KeyIcon />} onClick={() => setOpen(true)}>
        Set password
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="xs" fullWidth>
        <Form onSubmit={submit} validate={samePassword} record={{}}>
          <DialogTitle>Set a password for {record.displayName}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>
              Give it to them privately. Any session they have open ends now.
            </DialogContentText>
            <PasswordInput
              source="password"
              label="New password"
              validate={[required(), minLength(Limits.PASSWORD_MIN), maxLength(Limits.PASSWORD_MAX)]}
              helperText={`At least ${Limits.PASSWORD_MIN} characters`}
              fullWidth
              autoComplete="new-password"
            />
            <PasswordInput
              source="repeat"
              label="Repeat it"
              validate={required()}
              fullWidth
              autoComplete="new-password"
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <SaveButton label="Set password" icon={<KeyIcon />} alwaysEnable />
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
}
