import { Alert, Card, CardContent, List, Skeleton, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { messageOf } from '../common/apiFailure';

/** A titled list on the dashboard, with its loading, failure and empty states (the empty one says what next). */
export function ListCard({
  title,
  subtitle,
  loading,
  error,
  empty,
  action,
  children,
}: {
  title: string;
  subtitle?: string;
  loading: boolean;
  error?: unknown;
  empty: string | false;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {title}
        </Typography>
        {subtitle && (
          <Typography variant="body2" color="text.secondary">
            {subtitle}
          </Typography>
        )}
        {error ? (
          <Alert severity="error" sx={{ mt: 1 }}>
            {messageOf(error)}
          </Alert>
        ) : loading ? (
          <Skeleton variant="rectangular" height={120} sx={{ mt: 1 }} />
        ) : empty ? (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
            {empty}
          </Typography>
        ) : (
          <List dense>{children}</List>
        )}
        {action}
      </CardContent>
    </Card>
  );
}

/** A card's link opens its page from the top (react-admin scrolls up on this state), not where the dashboard was. */
export const TO_TOP = { _scrollToTop: true };
