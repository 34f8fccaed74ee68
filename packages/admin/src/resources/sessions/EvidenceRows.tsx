import { ArrayInput, DateInput, SelectInput, SimpleFormIterator, TextInput, required } from 'react-admin';
import { AddRowButton } from './AddRowButton';
import { EVIDENCE_KINDS } from './types';

/**
 * The evidence the conversation used, one row each. Saving replaces what was recorded before. The day it was
 * collected lets the funnel tell recent evidence from old (the API refuses days after the session).
 */
export function EvidenceRows({ heldOn }: { heldOn: string }) {
  return (
    <ArrayInput source="evidence" label="tl.sessions.evidence.title">
      <SimpleFormIterator
        inline
        disableReordering
        disableClear
        addButton={<AddRowButton label="tl.sessions.evidence.add" />}
      >
        <SelectInput
          source="kind"
          label="tl.sessions.evidence.kind"
          choices={EVIDENCE_KINDS}
          validate={required()}
          defaultValue="STUDENT_WORK"
        />
        <TextInput
          source="description"
          label="tl.sessions.evidence.what_it_was"
          validate={required()}
          sx={{ minWidth: 320 }}
        />
        <DateInput
          source="collectedOn"
          label="tl.sessions.evidence.collected_on"
          validate={required()}
          defaultValue={heldOn}
        />
      </SimpleFormIterator>
    </ArrayInput>
  );
}
