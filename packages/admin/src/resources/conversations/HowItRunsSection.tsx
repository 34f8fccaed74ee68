import { Grid, Typography } from '@mui/material';
import type { ConversationProtocol } from '@throughline/shared';
import { useRecordContext } from 'react-admin';
import { PROTOCOL_HINTS, PROTOCOL_LABELS } from './choices';
import { Item, none } from './DetailItem';

export interface NormSummary {
  id: string;
  title: string;
  description: string;
}

/** Protocol, norms, evidence to bring and the skill it practises. */
export function HowItRunsSection({ norms, skill }: { norms: NormSummary[]; skill: string | null }) {
  const r = useRecordContext();
  if (!r) return null;
  const protocol = r.protocol as ConversationProtocol;
  return (
    <Grid container spacing={2}>
      <Item label="Protocol" wide>
        {PROTOCOL_LABELS[protocol]}
        <Typography variant="body2" color="text.secondary">
          {PROTOCOL_HINTS[protocol]}
        </Typography>
      </Item>
      <Item label="Norms" wide>
        {norms.length
          ? norms.map((n) => (
              <Typography key={n.id} variant="body2">
                <b>{n.title}</b>
                {n.description ? ` — ${n.description}` : ''}
              </Typography>
            ))
          : none('No norms chosen')}
      </Item>
      <Item label="Evidence to bring" wide>
        {r.evidenceToBring || none('Nothing asked for')}
      </Item>
      <Item label="Skill focus">{skill ?? none('None')}</Item>
    </Grid>
  );
}
