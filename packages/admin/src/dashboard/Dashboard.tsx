import { Card, CardContent, Typography } from '@mui/material';
import { useGetIdentity } from 'react-admin';

/** The home page; per-role dashboards build on it. */
export function Dashboard() {
  const { identity } = useGetIdentity();
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h5">Welcome{identity?.fullName ? `, ${identity.fullName}` : ''}</Typography>
        <Typography color="text.secondary">{identity?.district ?? 'Throughline'}</Typography>
      </CardContent>
    </Card>
  );
}
