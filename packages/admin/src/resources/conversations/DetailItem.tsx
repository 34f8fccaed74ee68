import { Box, Grid, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/** A labelled value in a detail grid: a third of the row, or all of it when wide. */
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

/** Greyed text for a value that is not there (already translated). */
export const none = (text: string) => <Typography color="text.secondary">{text}</Typography>;
