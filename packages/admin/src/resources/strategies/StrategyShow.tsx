import { Card, CardContent, Typography } from '@mui/material';
import { Permission } from '@throughline/shared';
import type { ReactNode } from 'react';
import { EditButton, ListButton, Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
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
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" sx={{ mb: 1 }}>
          {translate(title)}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function StrategyBody() {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  const gridLink = `/mapping?school=${encodeURIComponent(r.schoolId ?? 'district')}`;
  return (
    <>
      <Section title="tl.strategies.show.the_strategy">
        <StrategyDetails />
      </Section>
      <Section title="tl.strategies.show.conversations">
        <StrategyConversations
          strategyId={String(r.id)}
          gridLink={gridLink}
          canMap={reaches(reachOf(Permission.STRATEGY_MANAGE), r.schoolId)}
        />
      </Section>
      <Section title="tl.strategies.show.working">
        {reaches(reachOf(Permission.ANALYTICS_READ), r.schoolId) ? (
          <StrategyFunnel strategyId={String(r.id)} startsOn={r.startsOn} />
        ) : (
          <Typography color="text.secondary">{translate('tl.strategies.show.analytics_hidden')}</Typography>
        )}
      </Section>
    </>
  );
}

function Title() {
  const r = useRecordContext();
  const translate = useTranslate();
  return (
    <>
      {r
        ? translate('tl.strategies.show.title_of', { title: r.title })
        : translate('resources.strategies.name', { smart_count: 1 })}
    </>
  );
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
