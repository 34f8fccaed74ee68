import { Box, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useTranslate } from 'react-admin';

export interface ChartTableProps {
  /** What the table holds (its caption). */
  caption: string;
  columns: string[];
  /** One row per point of the chart, already formatted; the first cell names the row. */
  rows: (string | number)[][];
}

/**
 * A chart's numbers as a table (WCAG 1.1.1, 1.3.1): for screen readers, for keyboard users (the chart itself is not a
 * tab stop), and for anyone who wants the exact figures. Folded under the chart in a native <details>, so it costs no
 * room until opened and its toggle is a named, keyboard-reachable control.
 */
export function ChartTable({ caption, columns, rows }: ChartTableProps) {
  const translate = useTranslate();
  return (
    <Box component="details" sx={{ mt: 1, '& summary': { cursor: 'pointer', minHeight: 44, lineHeight: '44px' } }}>
      <summary>{translate('tl.charts.table.show', { _: 'Show as a table' })}</summary>
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small">
          <caption>{caption}</caption>
          <TableHead>
            <TableRow>
              {columns.map((c, i) => (
                <TableCell key={c} component="th" scope="col" align={i === 0 ? 'left' : 'right'}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={String(row[0])}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <TableCell key={i} component="th" scope="row">
                      {cell}
                    </TableCell>
                  ) : (
                    <TableCell key={i} align="right">
                      {cell}
                    </TableCell>
                  ),
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
}
