import { Alert, Box, Chip, Grid, Link, Stack, Typography } from '@mui/material';
import {
  ROLE_LABELS,
  type ChangeDimension,
  type ConfidentialityBoundary,
  type ConversationProtocol,
  type ConversationType,
  type Role,
} from '@throughline/shared';
import type { ReactNode } from 'react';
import { useRecordContext } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { DimensionChip } from '../strategies/MappedConversation';
import { BOUNDARY_EXPLAINED, BOUNDARY_LABELS, BOUNDARY_OUTSIDE, PROTOCOL_HINTS, PROTOCOL_LABELS, TYPE_LABELS } from './choices';
import { formatDay, formatLocalStart } from './when';

export function Item({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <Grid size={{ xs: 12, sm: wide ? 12 : 6, md: wide ? 12 : 4 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Box sx={{ typography: 'body1', whiteSpace: 'pre-line' }}>{children}</Box>
    </Grid>
  );
}

const none = (text: string) => <Typography color="text.secondary">{text}</Typography>;

/** Purpose, type, cadence in words, where and how long. */
export function OverviewSection() {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Grid container spacing={2}>
      <Item label="Purpose" wide>
        {r.purpose}
      </Item>
      <Item label="Type">{TYPE_LABELS[r.type as ConversationType]}</Item>
      <Item label="School">{r.school?.name ?? 'District-wide'}</Item>
      <Item label="Facilitator">{r.facilitator?.displayName ?? none('Nobody named')}</Item>
      <Item label="Meets">
        {r.cadenceDescription}
        {!r.active && <Chip size="small" label="No longer running" sx={{ ml: 1 }} />}
      </Item>
      <Item label="First session">{formatLocalStart(r.firstStartsAt)}</Item>
      <Item label="Scheduled until">{formatDay(r.scheduleUntil)}</Item>
      <Item label="Usual length">{r.durationMinutes} minutes</Item>
      <Item label="Where">{r.setting || none('Not said')}</Item>
    </Grid>
  );
}

/** Named people and whole roles. */
export function PeopleSection() {
  const r = useRecordContext();
  if (!r) return null;
  const people = (r.participants ?? []) as { id: string; displayName: string }[];
  const roles = (r.participantRoles ?? []) as Role[];
  return (
    <Grid container spacing={2}>
      <Item label="People" wide>
        {people.length ? (
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {people.map((p) => (
              <Chip key={p.id} label={p.displayName} size="small" />
            ))}
          </Stack>
        ) : (
          none('Nobody named individually')
        )}
      </Item>
      <Item label="Roles" wide>
        {roles.length ? (
          <>
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
              {roles.map((role) => (
                <Chip key={role} label={ROLE_LABELS[role]} size="small" variant="outlined" />
              ))}
            </Stack>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
              Everyone with these roles {r.school ? `at ${r.school.name}` : 'in the district'} takes part.
            </Typography>
          </>
        ) : (
          none('No whole roles')
        )}
      </Item>
    </Grid>
  );
}

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

/** The boundary in plain words, so nobody has to guess who will read their notes. */
export function ConfidentialitySection() {
  const r = useRecordContext();
  if (!r) return null;
  const b = r.confidentiality as ConfidentialityBoundary;
  return (
    <Alert severity="info" icon={false}>
      <Typography variant="subtitle2">{BOUNDARY_LABELS[b]}</Typography>
      <Typography variant="body2">{BOUNDARY_EXPLAINED[b]}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {BOUNDARY_OUTSIDE}
      </Typography>
    </Alert>
  );
}

export interface StrategyLink {
  id: string;
  dimension: ChangeDimension;
  expectedChange: string;
  strategy: { id: string; title: string } | null;
}

/** The strategies that depend on this conversation, and what each expects of it. */
export function StrategiesSection({ mappings }: { mappings: StrategyLink[] }) {
  if (!mappings.length) return none('No strategy depends on it yet; map it from a strategy or the mapping grid.');
  return (
    <Stack spacing={1}>
      {mappings.map((m) => (
        <Box key={m.id}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <DimensionChip dimension={m.dimension} />
            {m.strategy ? (
              <Link component={RouterLink} to={`/strategies/${encodeURIComponent(m.strategy.id)}/show`}>
                {m.strategy.title}
              </Link>
            ) : (
              none('A strategy you cannot see')
            )}
          </Stack>
          <Typography variant="body2" sx={{ ml: 1, mt: 0.5 }}>
            {m.expectedChange}
          </Typography>
        </Box>
      ))}
    </Stack>
  );
}
