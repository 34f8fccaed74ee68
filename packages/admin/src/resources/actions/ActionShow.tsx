import { Card, CardContent, Grid, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Show, useRecordContext } from 'react-admin';
import { formatDay } from '../../common/when';
import { ActionStatusChip } from '../../common/ActionStatusChip';
import { SessionRef } from './SessionRef';
import { TransitionButtons } from '../../common/TransitionButtons';

interface ActionRecord {
  id: string;
  description: string;
  dueOn: string;
  status: string;
  overdue: boolean;
  version: number;
  completedOn: string | null;
  practiceChangeEvidence: string | null;
  owner: { displayName: string } | null;
}

function Fact({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <Grid size={{ xs: 12, sm: wide ? 12 : 6, md: wide ? 12 : 3 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" component="div" sx={{ whiteSpace: 'pre-wrap' }}>
        {children}
      </Typography>
    </Grid>
  );
}

function ActionDetail() {
  const a = useRecordContext<ActionRecord>();
  if (!a) return null;
  return (
    <Card variant="outlined" sx={{ m: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {a.description}
        </Typography>
        <Grid container spacing={2}>
          <Fact label="Owner">{a.owner?.displayName ?? '—'}</Fact>
          <Fact label="Due">{formatDay(a.dueOn)}</Fact>
          <Fact label="Status">
            <ActionStatusChip status={a.status} overdue={a.overdue} />
          </Fact>
          <Fact label="From">
            <SessionRef />
          </Fact>
          {a.status === 'DONE' && (
            <>
              <Fact label="Completed on">{formatDay(a.completedOn)}</Fact>
              <Fact label="Evidence of changed practice" wide>
                {a.practiceChangeEvidence ?? 'None recorded yet.'}
              </Fact>
            </>
          )}
        </Grid>
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 2 }}>
          Move it
        </Typography>
        <TransitionButtons action={a} description={a.description} />
      </CardContent>
    </Card>
  );
}

export function ActionShow() {
  return (
    <Show title="Action">
      <ActionDetail />
    </Show>
  );
}
