import { Stack } from '@mui/material';
import { Show, useRecordContext, useTranslate } from 'react-admin';
import { EvidencePanel } from './EvidencePanel';
import { QualityPanel } from './QualityPanel';
import { ReflectionsPanel } from './ReflectionsPanel';
import { SessionActionsPanel } from './SessionActionsPanel';
import { SessionSummary } from './SessionSummary';
import { SessionToolbar } from './SessionToolbar';
import type { SessionRecord } from './types';
import { WhatWasSaid } from './WhatWasSaid';
import { WhoReadPanel } from './WhoReadPanel';
import { ConsentPanel } from './ConsentPanel';
import { formatWhen } from '../../common/when';
import { useRecordRefusal } from '../../common/NotYours';

function Title() {
  const record = useRecordContext<SessionRecord>();
  const translate = useTranslate();
  const session = translate('tl.sessions.session');
  return (
    <span>
      {record
        ? translate('tl.sessions.title_when', {
            title: record.conversation?.title ?? session,
            when: formatWhen(record.scheduledAt),
          })
        : session}
    </span>
  );
}

function Body() {
  const record = useRecordContext<SessionRecord>();
  if (!record) return null;
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <SessionSummary session={record} />
      {record.state !== 'CANCELLED' && record.state !== 'MISSED_WITH_REASON' && <EvidencePanel session={record} />}
      {record.state === 'HELD' && <WhatWasSaid session={record} />}
      {record.state !== 'CANCELLED' && record.state !== 'MISSED_WITH_REASON' && (
        <SessionActionsPanel session={record} />
      )}
      <QualityPanel session={record} />
      <ReflectionsPanel session={record} />
      {record.conversation?.type === 'LEARNING_PARTNERSHIP' && <ConsentPanel session={record} />}
      {record.state === 'HELD' && <WhoReadPanel session={record} />}
    </Stack>
  );
}

/** One session: what it was, what it drew on, what was said (inside the boundary), what came of it. */
export function SessionShow() {
  const refusal = useRecordRefusal();
  return (
    <Show queryOptions={{ onError: refusal }} title={<Title />} actions={<SessionToolbar />}>
      <Body />
    </Show>
  );
}
