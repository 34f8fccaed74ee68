import {
  Alert,
  Card,
  CardContent,
  CardHeader,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useCanAccess, useGetManyReference, useRecordContext, useTranslate } from 'react-admin';
import { useFormatDate } from '../../i18n/format';
import { AddRoleAssignmentForm } from './AddRoleAssignmentForm';
import { RemoveAssignmentButton } from './RemoveAssignmentButton';
import { roleLabel, type Assignment } from './roles';

/**
 * The person's roles, read on their own (not from the person record) so that adding or removing one refreshes
 * this list without resetting the details form above.
 */
export function RoleAssignmentsPanel() {
  const record = useRecordContext<{ id: string; displayName: string; active: boolean }>();
  const translate = useTranslate();
  const formatDate = useFormatDate();
  const { canAccess: canRead } = useCanAccess({ resource: 'roleAssignments', action: 'list' });
  const { canAccess: canAdd } = useCanAccess({ resource: 'roleAssignments', action: 'create' });
  const { canAccess: canRemove } = useCanAccess({ resource: 'roleAssignments', action: 'delete' });
  const { data, isPending, error, refetch } = useGetManyReference<Assignment & { id: string }>(
    'roleAssignments',
    {
      target: 'staffMemberId',
      id: record?.id,
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'id', order: 'ASC' },
    },
    { enabled: !!record && canRead === true },
  );
  if (!record || !canRead) return null;
  const assignments = data ?? [];
  return (
    <Card>
      <CardHeader
        title={translate('tl.staff.assignments.title')}
        subheader={translate('tl.staff.assignments.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error ? (
          <Alert severity="error">
            {translate('tl.staff.assignments.read_failed', { message: (error as Error).message })}
          </Alert>
        ) : isPending ? null : assignments.length === 0 ? (
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {translate(canAdd ? 'tl.staff.assignments.none_give' : 'tl.staff.assignments.none', {
              name: record.displayName,
            })}
          </Typography>
        ) : (
          <TableContainer sx={{ mb: 2 }}>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('tl.staff.assignments.role')}</TableCell>
                  <TableCell>{translate('tl.staff.assignments.reach')}</TableCell>
                  <TableCell>{translate('tl.staff.assignments.school')}</TableCell>
                  <TableCell>{translate('tl.staff.assignments.since')}</TableCell>
                  {canRemove && <TableCell />}
                </TableRow>
              </TableHead>
              <TableBody>
                {assignments.map((a) => (
                  <TableRow key={a.id}>
                    <TableCell>{roleLabel(a.role, translate)}</TableCell>
                    <TableCell>
                      {translate(
                        a.scope === 'DISTRICT'
                          ? 'tl.staff.assignments.district_wide'
                          : 'tl.staff.assignments.one_school',
                      )}
                    </TableCell>
                    <TableCell>{a.school?.name ?? '—'}</TableCell>
                    <TableCell>{a.createdAt ? formatDate(a.createdAt) : ''}</TableCell>
                    {canRemove && (
                      <TableCell align="right">
                        <RemoveAssignmentButton assignment={a} personName={record.displayName} onRemoved={refetch} />
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
        {canAdd &&
          (record.active ? (
            <AddRoleAssignmentForm staffMemberId={record.id} onAdded={refetch} />
          ) : (
            <Typography variant="body2" color="text.secondary">
              {translate('tl.staff.assignments.reactivate_first')}
            </Typography>
          ))}
      </CardContent>
    </Card>
  );
}
