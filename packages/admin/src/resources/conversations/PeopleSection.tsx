import { Chip, Grid, Stack, Typography } from '@mui/material';
import type { Role } from '@throughline/shared';
import { useRecordContext, useTranslate } from 'react-admin';
import { Item, none } from './DetailItem';

/** Named people and whole roles. */
export function PeopleSection() {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  const people = (r.participants ?? []) as { id: string; displayName: string }[];
  const roles = (r.participantRoles ?? []) as Role[];
  return (
    <Grid container spacing={2}>
      <Item label={translate('tl.conversations.people.people')} wide>
        {people.length ? (
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {people.map((p) => (
              <Chip key={p.id} label={p.displayName} size="small" />
            ))}
          </Stack>
        ) : (
          none(translate('tl.conversations.people.nobody'))
        )}
      </Item>
      <Item label={translate('tl.conversations.people.roles')} wide>
        {roles.length ? (
          <>
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
              {roles.map((role) => (
                <Chip
                  key={role}
                  label={translate(`tl.staff.roles.${role}`, { _: role })}
                  size="small"
                  variant="outlined"
                />
              ))}
            </Stack>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
              {r.school
                ? translate('tl.conversations.people.everyone_at', { school: r.school.name })
                : translate('tl.conversations.people.everyone_district')}
            </Typography>
          </>
        ) : (
          none(translate('tl.conversations.people.no_roles'))
        )}
      </Item>
    </Grid>
  );
}
