import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useRecordContext, type RaRecord } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { graphql } from '../../portal';
import { RESOURCES } from '../../providers/resources';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';

const ANNOUNCE_ALL = { shownFields: [] };

/** What a save did to the schedule, shown on the conversation's page after the redirect. */
export interface ScheduleChange {
  sessionsScheduled: number;
  sessionsRemoved: number;
  created: boolean;
}

interface Payload {
  result: { sessionsScheduled: number; sessionsRemoved: number; conversation: { id: string } };
}

/**
 * Saves a conversation through its own mutation rather than dataProvider.create/update, because those return only
 * the record and the person should learn how many sessions the save scheduled or removed. The inputs are built by
 * the same mapping the data provider uses (providers/resources.ts). Returns the API's field errors to the form.
 */
export function useConversationSave(mode: 'create' | 'edit') {
  const previous = useRecordContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Field messages go back to the form and are announced as well.
  const notifyError = useApiFailureNotice(ANNOUNCE_ALL);
  return useCallback(
    async (values: Record<string, unknown>) => {
      const config = RESOURCES.conversations;
      const op = mode === 'create' ? config.create! : config.update!;
      const input =
        mode === 'create' ? config.create!.input(values) : config.update!.input(values, (previous ?? {}) as RaRecord);
      try {
        const data = await graphql<Payload>(
          `mutation($input: ${op.inputType}!) { result: ${op.mutation}(input: $input) {
            sessionsScheduled sessionsRemoved conversation { id } } }`,
          { input },
        );
        // Lists, the record, its sessions and the funnels all change with a schedule.
        await queryClient.invalidateQueries();
        const change: ScheduleChange = {
          sessionsScheduled: data.result.sessionsScheduled,
          sessionsRemoved: data.result.sessionsRemoved,
          created: mode === 'create',
        };
        navigate(`/conversations/${encodeURIComponent(data.result.conversation.id)}/show`, {
          state: { scheduleChange: change },
        });
        return undefined;
      } catch (error) {
        notifyError(error);
        return fieldErrorsOf(error) ?? undefined;
      }
    },
    [mode, previous, navigate, queryClient, notifyError],
  );
}
