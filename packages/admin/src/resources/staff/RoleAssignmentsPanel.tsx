import {
  Alert,
  Card,
  CardContent,
  CardHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useCanAccess, useGetManyReference, useRecordContext } from 'react-admin';
import { AddRoleAssignmentForm } from './AddRoleAssignmentForm';
import { RemoveAssignmentButton } from './RemoveAssignmentButton';
import { roleLabel, type Assignment } from './roles';

/**
 * The person's roles, read on their own (not from the person record) so that adding or removing one refreshes
 * this list without resetting the details form above.
 */
export function RoleAssignmentsPanel() {
  const record = useRecordContext<{ id: string; displayName: string; active: boolean }>();
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
        title="Role assignments"
        subheader="A role reaches the whole district or one school; together they decide what this person sees and does."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error ? (
          <Alert severity="error">The roles could not be read: {(error as Error).message}</Alert>
        ) : isPending ? null : assignments.length === 0 ? (
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {record.displayName} has no role yet, so they see nothing once signed in.
            {canAdd ? ' Give them one below.' : ''}
          </Typography>
        ) : (
          <Table size="small" sx={{ mb: 2 }}>
            <TableHead>
              <TableRow>
                <TableCell>Role</TableCell>
                <TableCell>Reach</TableCell>
                <TableCell>School</TableCell>
                <TableCell>Since</TableCell>
                {canRemove && <TableCell />}
              </TableRow>
            </TableHead>
            <TableBody>
              {assignments.map((a) => (
                <TableRow key={a.id}>
                  <TableCell>{roleLabel(a.role)}</TableCell>
                  <TableCell>{a.scope === 'DISTRICT' ? 'District-wide' : 'One school'}</TableCell>
                  <TableCell>{a.school?.name ?? '—'}</TableCell>
                  <TableCell>{a.createdAt ? new Date(a.createdAt).toLocaleDateString() : ''}</TableCell>
                  {canRemove && (
                    <TableCell align="right">
                      <RemoveAssignmentButton assignment={a} personName={record.displayName} onRemoved={refetch} />
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {canAdd &&
          (record.active ? (
            <AddRoleAssignmentForm staffMemberId={record.id} onAdded={refetch} />
          ) : (
            <Typography variant="body2" color="text.secondary">
              Reactivate this person before giving them a new role.
            </Typography>
          ))}
      </CardContent>
    </Card>
  );
}
