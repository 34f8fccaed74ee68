import { Chip, Grid, Stack, Typography } from '@mui/material';
import { ROLE_LABELS, type Role } from '@throughline/shared';
import { useRecordContext } from 'react-admin';
import { Item, none } from './DetailItem';

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
