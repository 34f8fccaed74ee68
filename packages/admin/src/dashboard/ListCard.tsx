import { Alert, Card, CardContent, List, ListItem, Skeleton, Typography } from '@mui/material';
import { Children, isValidElement, type ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { messageOf } from '../common/apiFailure';

/**
 * A titled list on the dashboard, with its loading, failure and empty states (the empty one says what next). Title,
 * subtitle and empty text are message keys or text already translated.
 */
export function ListCard({
  title,
  subtitle,
  loading,
  error,
  empty,
  action,
  rowsAreItems = false,
  children,
}: {
  title: string;
  subtitle?: string;
  loading: boolean;
  error?: unknown;
  empty: string | false;
  action?: ReactNode;
  /** The rows already render list items (`ListItem`) of their own. */
  rowsAreItems?: boolean;
  children: ReactNode;
}) {
  const translate = useTranslate();
  return (
    <Card sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {translate(title)}
        </Typography>
        {subtitle && (
          <Typography variant="body2" color="text.secondary">
            {translate(subtitle)}
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
            {translate(empty)}
          </Typography>
        ) : (
          <List dense>
            {/* A list holds list items only (WCAG 1.3.1): a row that is a link or a button goes inside one. */}
            {Children.map(children, (child) =>
              !rowsAreItems && isValidElement(child) && child.type !== ListItem ? (
                <ListItem disablePadding>{child}</ListItem>
              ) : (
                child
              ),
            )}
          </List>
        )}
        {action}
      </CardContent>
    </Card>
  );
}

/** A card's link opens its page from the top (react-admin scrolls up on this state), not where the dashboard was. */
export const TO_TOP = { _scrollToTop: true };
