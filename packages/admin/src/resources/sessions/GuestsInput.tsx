import { useMemo, type ReactNode } from 'react';
import {
  AutocompleteArrayInput,
  ChoicesContextProvider,
  ReferenceArrayInput,
  useChoicesContext,
  type ChoicesContextValue,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { staffSearch } from './NewActionRows';
import type { SessionRecord } from './types';

/** The choices of the reference input around it, without some people (chosen ones always stay, to be shown). */
function WithoutPeople({ exclude, children }: { exclude: Set<string>; children: ReactNode }) {
  const choices = useChoicesContext();
  const value = useMemo(() => {
    const keep = (c: { id: unknown }) => !exclude.has(String(c.id));
    if (!choices.allChoices) return choices;
    return {
      ...choices,
      allChoices: choices.allChoices.filter(keep),
      availableChoices: choices.availableChoices?.filter(keep),
    } as ChoicesContextValue;
  }, [choices, exclude]);
  return <ChoicesContextProvider value={value}>{children}</ChoicesContextProvider>;
}

/**
 * Guests: active staff of the district who attended without taking part in the conversation (the API's `guestIds`).
 * They may rate and reflect, but count towards neither the quorum nor the attendance rate. The facilitator, the named
 * participants and the people already under "Who attended" are not offered.
 */
export function GuestsInput({ session }: { session: SessionRecord }) {
  const attendeeIds = useWatch({ name: 'attendeeIds' }) as string[] | undefined;
  const guestIds = useWatch({ name: 'guestIds' }) as string[] | undefined;
  const exclude = useMemo(() => {
    const out = new Set(
      [session.conversation?.facilitator?.id, ...(session.conversation?.participants ?? []).map((p) => p.id)].filter(
        (id): id is string => Boolean(id),
      ),
    );
    for (const id of attendeeIds ?? []) out.add(id);
    for (const id of guestIds ?? []) out.delete(id);
    return out;
  }, [session, attendeeIds, guestIds]);
  return (
    <ReferenceArrayInput
      source="guestIds"
      reference="staff"
      filter={{ active: true }}
      sort={{ field: 'familyName', order: 'ASC' }}
      perPage={50}
    >
      <WithoutPeople exclude={exclude}>
        <AutocompleteArrayInput
          label="tl.sessions.log.guests"
          optionText="displayName"
          filterToQuery={staffSearch}
          helperText="tl.sessions.log.guests_help"
        />
      </WithoutPeople>
    </ReferenceArrayInput>
  );
}
