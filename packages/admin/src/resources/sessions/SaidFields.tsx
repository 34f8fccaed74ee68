import LockIcon from '@mui/icons-material/Lock';
import { Alert } from '@mui/material';
import { TextInput } from 'react-admin';
import { BOUNDARY_WORDS, type SessionRecord } from './types';

/**
 * Check-in, notes, check-out. Inside the boundary they are editable; outside it they are withheld from this reader,
 * so the form neither shows nor sends them (what is stored stays as it is).
 */
export function SaidFields({ session }: { session: SessionRecord }) {
  const boundary = session.conversation ? BOUNDARY_WORDS[session.conversation.confidentiality] : undefined;
  if (session.confidentialWithheld) {
    return (
      <Alert severity="info" icon={<LockIcon />}>
        Notes and check-in/check-out are withheld by the confidentiality boundary ({boundary ?? 'those inside it'});
        logging leaves them as they are.
      </Alert>
    );
  }
  return (
    <>
      <TextInput source="checkIn" label="Check-in" helperText="How people arrived: a line or two" multiline />
      <TextInput
        source="notes"
        label="Notes"
        multiline
        minRows={4}
        helperText={boundary ? `Readable by ${boundary}.` : undefined}
      />
      <TextInput source="checkOut" label="Check-out" helperText="What people leave with" multiline />
    </>
  );
}
