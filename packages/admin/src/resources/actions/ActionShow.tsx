import { Card, CardContent, Grid, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Show, useRecordContext, useTranslate } from 'react-admin';
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

const HIDDEN = 'tl.actions.show.hidden';

/** Who checked a practice change, when, on what; the note only where the API returns it. */
function CheckFact({ label, check }: { label: string; check: Check | null }) {
  const translate = useTranslate();
  if (!check) return null;
  return (
    <Fact label={label} wide>
      {translate('tl.actions.show.check', {
        who: check.checkedBy?.displayName ?? translate('tl.actions.show.someone'),
        day: formatDay(check.checkedAt.slice(0, 10)),
        kind: EVIDENCE_KINDS[check.evidenceKind] ?? check.evidenceKind,
      })}
      {check.note ? `: ${check.note}` : ''}
    </Fact>
  );
}

function Fact({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  const translate = useTranslate();
  return (
    <Grid size={{ xs: 12, sm: wide ? 12 : 6, md: wide ? 12 : 3 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate(label)}
      </Typography>
      <Typography variant="body2" component="div" sx={{ whiteSpace: 'pre-wrap' }}>
        {children}
      </Typography>
    </Grid>
  );
}

function ActionDetail() {
  const a = useRecordContext<ActionRecord>();
  const translate = useTranslate();
  if (!a) return null;
  return (
    <Card variant="outlined" sx={{ m: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {a.description}
        </Typography>
        <Grid container spacing={2}>
          <Fact label="tl.actions.fields.owner">{a.owner?.displayName ?? '—'}</Fact>
          <Fact label="tl.actions.fields.due">
            <DueDate dueOn={a.dueOn} originalDueOn={a.originalDueOn} changed={a.dueDateChanged} />
          </Fact>
          <Fact label="tl.actions.list.status">
            <ActionStatusChip status={a.status} overdue={a.overdue} />
            <PracticeChangeChip status={a.practiceChangeStatus} />
          </Fact>
          <Fact label="tl.actions.fields.from">
            <SessionRef />
          </Fact>
          {a.status === 'DONE' && (
            <>
              <Fact label="tl.common.complete.completed_on">{formatDay(a.completedOn)}</Fact>
              <Fact label="tl.common.complete.what" wide>
                {a.completionEvidence ?? translate(HIDDEN)}
              </Fact>
              <Fact label="tl.actions.show.self_reported" wide>
                {a.practiceChangeEvidence ?? translate(a.practiceChangeStatus ? HIDDEN : 'tl.actions.show.none')}
              </Fact>
              <CheckFact label="tl.actions.show.corroborated_by" check={a.corroboration} />
              <CheckFact label="tl.actions.show.sustained_by" check={a.sustained} />
            </>
          )}
        </Grid>
        <PracticeChangeButtons action={a} />
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 2 }}>
          {translate('tl.actions.show.move_it')}
        </Typography>
        <TransitionButtons action={a} description={a.description} />
      </CardContent>
    </Card>
  );
}

export function ActionShow() {
  const refusal = useRecordRefusal();
  return (
    <Show queryOptions={{ onError: refusal }}>
      <ActionDetail />
    </Show>
  );
}
