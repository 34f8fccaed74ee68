import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import { Alert, Button, Card, CardContent, CircularProgress, Grid, Typography } from '@mui/material';
import { Permission } from '@throughline/shared';
import { useState, type ReactNode } from 'react';
import { EditButton, ListButton, Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { messageOf } from '../../common/apiFailure';
import { reachOf, reaches } from '../../common/reach';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { ConfidentialitySection } from './ConfidentialitySection';
import { HowItRunsSection, type NormSummary } from './HowItRunsSection';
import { OverviewSection } from './OverviewSection';
import { PeopleSection } from './PeopleSection';
import { ScheduleChangeNotice } from './ScheduleChangeNotice';
import { SessionList, type SessionSummary } from '../../common/SessionChips';
import { StrategiesSection, type StrategyLink } from './StrategiesSection';
import { useRecordRefusal } from '../../common/NotYours';
import { SessionTimeDialog } from '../../common/SessionTimeDialog';

const SESSION = `id scheduledAt state`;
/** What the record itself does not carry: sessions, the strategies it serves, and the names of its norms and skill. */
const QUERY = `query ConversationExtras($id: ID!, $ids: [ID!]!) {
  conversation(id: $id) {
    id
    mappings { id dimension expectedChange strategy { id title } }
    upcomingSessions(limit: 5) { ${SESSION} }
    recentSessions(limit: 5) { ${SESSION} }
  }
  nodes(ids: $ids) { __typename ... on Norm { id title description } ... on Skill { id name } }
}`;

interface Extras {
  conversation: {
    mappings: StrategyLink[];
    upcomingSessions: SessionSummary[];
    recentSessions: SessionSummary[];
  } | null;
  nodes: (
    | { __typename: 'Norm'; id: string; title: string; description: string }
    | { __typename: 'Skill'; id: string; name: string }
    | null
  )[];
}

function Section({ title, children, size = 12 }: { title: string; children: ReactNode; size?: number }) {
  return (
    <Grid size={{ xs: 12, md: size }}>
      <Card variant="outlined" sx={{ height: '100%' }}>
        <CardContent>
          <Typography variant="h6" sx={{ mb: 1 }}>
            {title}
          </Typography>
          {children}
        </CardContent>
      </Card>
    </Grid>
  );
}

function ConversationBody() {
  const r = useRecordContext();
  const translate = useTranslate();
  const ids = r ? [...(r.normIds as string[]), ...(r.skillFocusId ? [r.skillFocusId as string] : [])] : [];
  const { data, error, isPending } = useGraphqlQuery<Extras>(
    ['conversationExtras', r?.id],
    QUERY,
    { id: r?.id, ids },
    { enabled: !!r },
  );
  if (!r) return null;
  const norms = (data?.nodes ?? []).filter((n): n is NormSummary & { __typename: 'Norm' } => n?.__typename === 'Norm');
  const skill = data?.nodes.find((n) => n?.__typename === 'Skill');
  const c = data?.conversation;
  const wait = isPending ? (
    <CircularProgress size={20} />
  ) : error ? (
    <Alert severity="error">{messageOf(error)}</Alert>
  ) : null;
  return (
    <>
      <ScheduleChangeNotice />
      <Grid container spacing={2} sx={{ mt: 0 }}>
        <Section title={translate('tl.conversations.show.the_conversation')}>
          <OverviewSection />
        </Section>
        <Section title={translate('tl.conversations.show.coming_up')} size={6}>
          {wait ?? (
            <SessionList
              sessions={c?.upcomingSessions ?? []}
              showState={false}
              empty={translate('tl.conversations.show.none_scheduled')}
            />
          )}
        </Section>
        <Section title={translate('tl.conversations.show.recent')} size={6}>
          {wait ?? (
            <SessionList sessions={c?.recentSessions ?? []} empty={translate('tl.conversations.show.none_due')} />
          )}
        </Section>
        <Section title={translate('tl.conversations.show.who_takes_part')} size={6}>
          <PeopleSection />
        </Section>
        <Section title={translate('tl.conversations.show.who_may_read')} size={6}>
          <ConfidentialitySection />
        </Section>
        <Section title={translate('tl.conversations.show.how_it_runs')}>
          {wait ?? <HowItRunsSection norms={norms} skill={skill && 'name' in skill ? skill.name : null} />}
        </Section>
        <Section title={translate('tl.conversations.show.strategies')}>
          {wait ?? <StrategiesSection mappings={c?.mappings ?? []} />}
        </Section>
      </Grid>
    </>
  );
}

/**
 * Edit, and add a one-off session, only where the viewer manages conversations of this conversation's school (or the
 * district's).
 */
function ShowActions() {
  const record = useRecordContext();
  const [adding, setAdding] = useState(false);
  const translate = useTranslate();
  const canEdit = record && reaches(reachOf(Permission.CONVERSATION_MANAGE), record.schoolId);
  return (
    <TopToolbar sx={{ flexWrap: 'wrap', gap: 1 }}>
      <ListButton />
      {canEdit && <EditButton />}
      {canEdit && record.active !== false && (
        <Button size="small" startIcon={<EventAvailableIcon />} onClick={() => setAdding(true)}>
          {translate('tl.conversations.show.add_session')}
        </Button>
      )}
      {adding && record && (
        <SessionTimeDialog
          intent={{ kind: 'add', conversation: { id: String(record.id), title: String(record.title) } }}
          onClose={() => setAdding(false)}
        />
      )}
    </TopToolbar>
  );
}

function Title() {
  const r = useRecordContext();
  const translate = useTranslate();
  return (
    <>
      {r
        ? translate('tl.conversations.titles.show', { title: r.title })
        : translate('tl.conversations.titles.show_plain')}
    </>
  );
}

/** A learning conversation: what it is for, when it meets, who takes part, how it runs and who may read it. */
export function ConversationShow() {
  const refusal = useRecordRefusal();
  return (
    <Show actions={<ShowActions />} title={<Title />} queryOptions={{ onError: refusal }} component="div">
      <ConversationBody />
    </Show>
  );
}
