import { Card, CardContent, Typography } from '@mui/material';
import { Permission } from '@throughline/shared';
import type { ReactNode } from 'react';
import { EditButton, ListButton, Show, TopToolbar, useRecordContext } from 'react-admin';
import { reachOf, reaches } from '../../common/reach';
import { StrategyConversations } from './StrategyConversations';
import { StrategyDetails } from './StrategyDetails';
import { StrategyFunnel } from './StrategyFunnel';
import { useRecordRefusal } from '../../common/NotYours';

/** Edit appears only where the viewer may manage this strategy: its school's leaders, or the district's admins. */
function ShowActions() {
  const record = useRecordContext();
  const canEdit = record && reaches(reachOf(Permission.STRATEGY_MANAGE), record.schoolId);
  return (
    <TopToolbar>
      <ListButton />
      {canEdit && <EditButton />}
    </TopToolbar>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" sx={{ mb: 1 }}>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function StrategyBody() {
  const r = useRecordContext();
  if (!r) return null;
  const gridLink = `/mapping?school=${encodeURIComponent(r.schoolId ?? 'district')}`;
  return (
    <>
      <Section title="The strategy">
        <StrategyDetails />
      </Section>
      <Section title="Learning conversations it depends on">
        <StrategyConversations
          strategyId={String(r.id)}
          gridLink={gridLink}
          canMap={reaches(reachOf(Permission.STRATEGY_MANAGE), r.schoolId)}
        />
      </Section>
      <Section title="Is it working?">
        {reaches(reachOf(Permission.ANALYTICS_READ), r.schoolId) ? (
          <StrategyFunnel strategyId={String(r.id)} startsOn={r.startsOn} />
        ) : (
          <Typography color="text.secondary">
            How this strategy is going is shown to the leaders and coaches of its school and to the district.
          </Typography>
        )}
      </Section>
    </>
  );
}

function Title() {
  const r = useRecordContext();
  return <>{r ? `Strategy: ${r.title}` : 'Strategy'}</>;
}

/** A strategy: what it is for, the conversations it depends on, and whether they are happening and working. */
export function StrategyShow() {
  const refusal = useRecordRefusal();
  return (
    <Show actions={<ShowActions />} title={<Title />} queryOptions={{ onError: refusal }} component="div">
      <StrategyBody />
    </Show>
  );
}
