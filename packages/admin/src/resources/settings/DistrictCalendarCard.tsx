import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  IconButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import { useState } from 'react';
import { Confirm, useNotify, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { useApiFailureNotice } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { districtToday, formatDay } from '../../common/when';
import { CALENDAR_KEY, CALENDAR_QUERY, KIND_LABELS, sessionChangesText, type NonSchoolDayRecord } from './calendar';
import { NonSchoolDayDialog } from './NonSchoolDayDialog';
import { ImportCalendarDialog } from './ImportCalendarDialog';

const DELETE = `mutation($input: NonSchoolDayDeleteInput!) {
  nonSchoolDayDelete(input: $input) { deletedId sessionsRemoved sessionsScheduled } }`;

function range(d: NonSchoolDayRecord): string {
  return d.startsOn === d.endsOn
    ? formatDay(d.startsOn, true)
    : `${formatDay(d.startsOn, true)} – ${formatDay(d.endsOn, true)}`;
}

/**
 * The district calendar: holidays, breaks and in-service days, added by hand or imported from an .ics file.
 * Repeating conversations skip them; the list shows this school year's days on from a month ago.
 */
export function DistrictCalendarCard() {
  const variables = { from: districtToday(-31) };
  const { data, error, refetch } = useGraphqlQuery<{
    nonSchoolDays: { totalCount: number; nodes: NonSchoolDayRecord[] };
  }>(CALENDAR_KEY, CALENDAR_QUERY, variables, { refetchOnWindowFocus: false });
  const [editing, setEditing] = useState<NonSchoolDayRecord | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<NonSchoolDayRecord | null>(null);
  const notify = useNotify();
  const translate = useTranslate();
  const onError = useApiFailureNotice({ onReload: () => void refetch() });
  const reload = () => void refetch();
  const days = data?.nonSchoolDays.nodes ?? [];
  const more = (data?.nonSchoolDays.totalCount ?? 0) - days.length;

  const remove = async (d: NonSchoolDayRecord) => {
    try {
      const r = (
        await graphql<{ nonSchoolDayDelete: { sessionsRemoved: number; sessionsScheduled: number } }>(DELETE, {
          input: { id: d.id, version: d.version },
        })
      ).nonSchoolDayDelete;
      notify(
        translate('tl.settings.calendar.deleted', {
          name: d.name,
          changes: sessionChangesText(translate, r.sessionsRemoved, r.sessionsScheduled),
        }),
        { type: 'success' },
      );
      reload();
    } catch (e) {
      onError(e);
    } finally {
      setDeleting(null);
    }
  };

  return (
    <Card>
      <CardHeader
        title={translate('tl.settings.calendar.title')}
        subheader={translate('tl.settings.calendar.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
        action={
          <Stack direction="row" spacing={1} sx={{ mr: 1, mt: 1 }}>
            <Button variant="outlined" onClick={() => setImporting(true)}>
              {translate('tl.settings.calendar.importIcs')}
            </Button>
            <Button variant="contained" onClick={() => setEditing('new')}>
              {translate('tl.settings.calendar.addDay')}
            </Button>
          </Stack>
        }
      />
      <CardContent sx={{ pt: 0, maxWidth: 960 }}>
        {error && (
          <Alert severity="error">{translate('tl.settings.calendar.readError', { message: error.message })}</Alert>
        )}
        {data && days.length === 0 && (
          <Typography color="text.secondary">{translate('tl.settings.calendar.empty')}</Typography>
        )}
        {days.length > 0 && (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label={translate('tl.settings.calendar.tableLabel')}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('tl.settings.calendar.columns.days')}</TableCell>
                  <TableCell>{translate('tl.settings.calendar.columns.name')}</TableCell>
                  <TableCell>{translate('tl.settings.calendar.columns.kind')}</TableCell>
                  <TableCell>{translate('tl.settings.calendar.columns.source')}</TableCell>
                  <TableCell align="right" />
                </TableRow>
              </TableHead>
              <TableBody>
                {days.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{range(d)}</TableCell>
                    <TableCell>{d.name}</TableCell>
                    <TableCell>{translate(KIND_LABELS[d.kind])}</TableCell>
                    <TableCell>
                      {translate(
                        d.source === 'ICALENDAR' ? 'tl.settings.calendar.imported' : 'tl.settings.calendar.byHand',
                      )}
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Tooltip title={translate('tl.settings.common.change')}>
                        <IconButton
                          size="small"
                          aria-label={translate('tl.settings.common.changeNamed', { name: d.name })}
                          onClick={() => setEditing(d)}
                        >
                          <EditIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                      <Tooltip title={translate('tl.settings.common.delete')}>
                        <IconButton
                          size="small"
                          aria-label={translate('tl.settings.common.deleteNamed', { name: d.name })}
                          onClick={() => setDeleting(d)}
                        >
                          <DeleteIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {more > 0 && (
              <Typography variant="caption" color="text.secondary">
                {translate('tl.settings.calendar.more', { smart_count: more })}
              </Typography>
            )}
          </Box>
        )}
      </CardContent>
      {editing && (
        <NonSchoolDayDialog
          record={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={reload}
        />
      )}
      {importing && <ImportCalendarDialog onClose={() => setImporting(false)} onSaved={reload} />}
      <Confirm
        isOpen={deleting !== null}
        title="tl.settings.common.deleteConfirm"
        translateOptions={{ name: deleting?.name ?? '' }}
        content="tl.settings.calendar.deleteContent"
        onConfirm={() => deleting && void remove(deleting)}
        onClose={() => setDeleting(null)}
      />
    </Card>
  );
}
