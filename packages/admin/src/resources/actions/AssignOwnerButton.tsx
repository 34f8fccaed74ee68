import PersonIcon from '@mui/icons-material/PersonOutlined';
import { Autocomplete, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { useGetList, useListContext, useTranslate } from 'react-admin';
import { BulkRefused, useBulkChange } from '../../common/bulk';

const ASSIGN = `mutation($input: ActionItemsAssignInput!) {
  actionItemsAssign(input: $input) { actionItems { id version owner { id displayName } } } }`;

interface Person {
  id: string;
  displayName: string;
}

/**
 * A bulk action of the actions list: gives every selected action one owner. The API checks each action as a single
 * change would and changes all or none; a refusal names the actions it refused.
 */
export function AssignOwnerButton() {
  const [open, setOpen] = useState(false);
  const translate = useTranslate();
  return (
    <>
      <Button size="small" startIcon={<PersonIcon />} onClick={() => setOpen(true)}>
        {translate('tl.actions.bulk.assign', { _: 'Assign owner' })}
      </Button>
      {open && <AssignOwnerDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function AssignOwnerDialog({ onClose }: { onClose: () => void }) {
  const { data } = useListContext<{ id: string; description: string }>();
  const labelOf = (id: string) => data?.find((a) => a.id === id)?.description ?? id;
  const { items, refused, saving, run } = useBulkChange(onClose, labelOf);
  const [search, setSearch] = useState('');
  const [owner, setOwner] = useState<Person | null>(null);
  const translate = useTranslate();
  const { data: people = [], isPending } = useGetList<Person>('staff', {
    filter: { active: true, ...(search ? { search } : {}) },
    pagination: { page: 1, perPage: 20 },
    sort: { field: 'familyName', order: 'ASC' },
  });

  const save = async () => {
    if (!owner) return;
    await run(
      ASSIGN,
      { ownerId: owner.id },
      translate('tl.actions.bulk.assigned', {
        smart_count: items.length,
        name: owner.displayName,
        _: '%{smart_count} action(s) now owned by %{name}',
      }),
    );
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="assign-owner-title">
      <DialogTitle id="assign-owner-title">
        {translate('tl.actions.bulk.assign_title', {
          smart_count: items.length,
          _: 'Give %{smart_count} action(s) one owner',
        })}
      </DialogTitle>
      <DialogContent>
        <Autocomplete<Person>
          options={people}
          loading={isPending}
          value={owner}
          onChange={(_e, v) => setOwner(v)}
          onInputChange={(_e, v, reason) => reason === 'input' && setSearch(v)}
          getOptionLabel={(p) => p.displayName}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          renderInput={(params) => (
            <TextField
              {...params}
              autoFocus
              margin="dense"
              label={translate('tl.actions.bulk.owner', { _: 'New owner' })}
            />
          )}
        />
        <BulkRefused lines={refused} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={saving || !owner || items.length === 0}>
          {translate('tl.actions.bulk.assign_submit', { _: 'Assign' })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
