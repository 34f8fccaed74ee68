import LockOutlinedIcon from '@mui/icons-material/LockOutlined';
import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import { useCallback } from 'react';
import { Link, Title, useNavigate, useTranslate } from 'react-admin';
import { useApiFailureNotice, type ApiFailure } from './apiFailure';

/** Where a record the reader may not see (or that does not exist: the API answers both alike) sends them. */
export const NOT_YOURS_PATH = '/not-yours';

/**
 * The one page for "not yours to see": another school's or district's record opened by URL, a screen the reader's
 * roles do not reach, a record that is gone. The API answers another scope's record exactly like a missing one, so
 * the page does not say which.
 */
export function NotYoursPage() {
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2 }} data-testid="not-yours">
      <Title title="ra.page.access_denied" />
      <CardContent>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
          <LockOutlinedIcon color="action" sx={{ mt: 0.5 }} />
          <div>
            <Typography variant="h5" component="h1" gutterBottom>
              {translate('ra.page.access_denied')}
            </Typography>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              {translate('tl.common.not_yours.body')}
            </Typography>
            <Button component={Link} to="/" variant="contained" sx={{ minHeight: 44 }}>
              {translate('tl.common.not_yours.back')}
            </Button>
          </div>
        </Box>
      </CardContent>
    </Card>
  );
}

/**
 * The `onError` of a Show or Edit page's read: a record refused or missing (403, 404) opens the not-yours page in its
 * place; any other failure is told as every screen tells it (apiFailure).
 */
export function useRecordRefusal(): (error: unknown) => void {
  const navigate = useNavigate();
  const notice = useApiFailureNotice();
  return useCallback(
    (error: unknown) => {
      const status = (error as ApiFailure | null)?.status;
      if (status === 403 || status === 404) navigate(NOT_YOURS_PATH, { replace: true });
      else notice(error);
    },
    [navigate, notice],
  );
}
