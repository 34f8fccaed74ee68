import LockIcon from '@mui/icons-material/Lock';
import { Alert } from '@mui/material';
import { TextInput, useTranslate } from 'react-admin';
import { boundaryKey, type SessionRecord } from './types';

/**
 * Check-in, notes, check-out. Inside the boundary they are editable; outside it they are withheld from this reader,
 * so the form neither shows nor sends them (what is stored stays as it is).
 */
export function SaidFields({ session }: { session: SessionRecord }) {
  const translate = useTranslate();
  const key = boundaryKey(session.conversation?.confidentiality);
  const boundary = key ? translate(key) : undefined;
  if (session.confidentialWithheld) {
    return (
      <Alert severity="info" icon={<LockIcon />}>
        {translate('tl.sessions.said.withheld_on_form', {
          who: boundary ?? translate('tl.sessions.said.inside_it'),
        })}
      </Alert>
    );
  }
  return (
    <>
      <TextInput
        source="checkIn"
        label="tl.sessions.said.check_in"
        helperText="tl.sessions.said.check_in_help"
        multiline
      />
      <TextInput
        source="notes"
        label="tl.sessions.said.notes"
        multiline
        minRows={4}
        helperText={boundary ? translate('tl.sessions.said.notes_readable', { who: boundary }) : undefined}
      />
      <TextInput
        source="checkOut"
        label="tl.sessions.said.check_out"
        helperText="tl.sessions.said.check_out_help"
        multiline
      />
    </>
  );
}
