import { Grid, Typography } from '@mui/material';
import type { ConversationProtocol } from '@throughline/shared';
import { useRecordContext, useTranslate } from 'react-admin';
import { protocolHintKey, protocolKey } from './choices';
import { Item, none } from './DetailItem';

export interface NormSummary {
  id: string;
  title: string;
  description: string;
}

/** Protocol, norms, evidence to bring and the skill it practises. */
export function HowItRunsSection({ norms, skill }: { norms: NormSummary[]; skill: string | null }) {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  const protocol = r.protocol as ConversationProtocol;
  return (
    <Grid container spacing={2}>
      <Item label={translate('tl.conversations.how.protocol')} wide>
        {translate(protocolKey(protocol))}
        <Typography variant="body2" color="text.secondary">
          {translate(protocolHintKey(protocol))}
        </Typography>
      </Item>
      <Item label={translate('tl.conversations.how.norms')} wide>
        {norms.length
          ? norms.map((n) => (
              <Typography key={n.id} variant="body2">
                <b>{n.title}</b>
                {n.description ? ` — ${n.description}` : ''}
              </Typography>
            ))
          : none(translate('tl.conversations.how.no_norms'))}
      </Item>
      <Item label={translate('tl.conversations.how.evidence')} wide>
        {r.evidenceToBring || none(translate('tl.conversations.how.nothing_asked'))}
      </Item>
      <Item label={translate('tl.conversations.how.skill_focus')}>
        {skill ?? none(translate('tl.conversations.none'))}
      </Item>
    </Grid>
  );
}
