import { Card, CardContent, Grid, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Show, useRecordContext } from 'react-admin';
import { formatDay } from '../../common/when';
import { ActionStatusChip } from '../../common/ActionStatusChip';
import { SessionRef } from './SessionRef';
import { TransitionButtons } from '../../common/TransitionButtons';
import {
  DueDate,
  EVIDENCE_KINDS,
  PracticeChangeButtons,
  PracticeChangeChip,
  type VerifiableAction,
} from '../../common/PracticeChange';
import { useRecordRefusal } from '../../common/NotYours';

interface Check {
  checkedAt: string;
  evidenceKind: string;
  note: string | null;
  checkedBy: { displayName: string } | null;
}

interface ActionRecord extends VerifiableAction {
  dueOn: string;
  originalDueOn: string;
  dueDateChanged: boolean;
  overdue: boolean;
  completedOn: string | null;
  completionEvidence: string | null;
  practiceChangeEvidence: string | null;
  corroboration: Check | null;
  sustained: Check | null;
  owner: { id: string; displayName: string } | null;
}

const HIDDEN = 'Not shown: outside the conversation’s confidentiality boundary, or none recorded.';

/** Who checked a practice change, when, on what; the note only where the API returns it. */
function CheckFact({ label, check }: { label: string; check: Check | null }) {
  if (!check) return null;
  return (
    <Fact label={label} wide>
      {`${check.checkedBy?.displayName ?? 'Someone'}, ${formatDay(check.checkedAt.slice(0, 10))} (${
        EVIDENCE_KINDS[check.evidenceKind] ?? check.evidenceKind
      })`}
      {check.note ? `: ${check.note}` : ''}
    </Fact>
  );
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
          <Fact label="Due">
            <DueDate dueOn={a.dueOn} originalDueOn={a.originalDueOn} changed={a.dueDateChanged} />
          </Fact>
          <Fact label="Status">
            <ActionStatusChip status={a.status} overdue={a.overdue} />
            <PracticeChangeChip status={a.practiceChangeStatus} />
          </Fact>
          <Fact label="From">
            <SessionRef />
          </Fact>
          {a.status === 'DONE' && (
            <>
              <Fact label="Completed on">{formatDay(a.completedOn)}</Fact>
              <Fact label="What was done" wide>
                {a.completionEvidence ?? HIDDEN}
              </Fact>
              <Fact label="Evidence of changed practice (self-reported)" wide>
                {a.practiceChangeEvidence ?? (a.practiceChangeStatus ? HIDDEN : 'None recorded.')}
              </Fact>
              <CheckFact label="Corroborated by" check={a.corroboration} />
              <CheckFact label="Confirmed sustained by" check={a.sustained} />
            </>
          )}
        </Grid>
        <PracticeChangeButtons action={a} />
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 2 }}>
          Move it
        </Typography>
        <TransitionButtons action={a} description={a.description} />
      </CardContent>
    </Card>
  );
}

export function ActionShow() {
  const refusal = useRecordRefusal();
  return (
    <Show queryOptions={{ onError: refusal }} title="Action">
      <ActionDetail />
    </Show>
  );
}
