import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
  Typography,
} from '@mui/material';
import type { ChangeDimension } from '@throughline/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import { DIMENSION_CHOICES, DIMENSION_HINTS, DIMENSION_LABELS } from '../../common/strategyChoices';
import type { GridCell } from './types';

const CREATE = `mutation($input: ConversationMappingCreateInput!) { conversationMappingCreate(input: $input) { mapping { id } } }`;
const UPDATE = `mutation($input: ConversationMappingUpdateInput!) { conversationMappingUpdate(input: $input) { mapping { id } } }`;
const DELETE = `mutation($input: ConversationMappingDeleteInput!) { conversationMappingDelete(input: $input) { deletedId } }`;

/** The dialog shows the API's messages for these fields on them; any other field's message is announced. */
const SHOWN = { shownFields: ['dimension', 'expectedChange'] };

/**
 * Maps a strategy to a conversation with the change expected of it, or changes or removes that mapping. Edits carry
 * the version they were opened with; a stale one is a conflict, and the notice offers to reload the grid.
 */
export function MappingDialog({ cell, onClose }: { cell: GridCell | null; onClose: () => void }) {
  if (!cell) return null;
  // Keyed by the cell, so each opening starts from that cell's own mapping and no errors.
  const key = `${cell.strategy.id}/${cell.conversation.id}/${cell.mapping?.id ?? 'new'}`;
  return <MappingForm key={key} cell={cell} onClose={onClose} />;
}

function MappingForm({ cell, onClose }: { cell: GridCell; onClose: () => void }) {
  const notify = useNotify();
  const translate = useTranslate();
  const notifyError = useApiFailureNotice(SHOWN);
  const queryClient = useQueryClient();
  const [dimension, setDimension] = useState<ChangeDimension | ''>(cell.mapping?.dimension ?? '');
  const [expectedChange, setExpectedChange] = useState(cell.mapping?.expectedChange ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const { strategy, conversation, mapping, readOnly } = cell;

  const run = async (query: string, input: Record<string, unknown>, done: string) => {
    setBusy(true);
    try {
      await graphql(query, { input });
      // The grid, the strategy's page and the conversation's page all show mappings.
      await queryClient.invalidateQueries();
      notify(done, { type: 'success' });
      onClose();
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (fields) setErrors(fields);
      notifyError(error);
      if ((error as { status?: number }).status === 409) onClose();
    } finally {
      setBusy(false);
    }
  };

  const save = () => {
    const local: Record<string, string> = {};
    if (!dimension) local.dimension = translate('tl.mapping.dialog.dimension_required');
    if (!expectedChange.trim()) local.expectedChange = translate('tl.mapping.dialog.change_required');
    setErrors(local);
    if (Object.keys(local).length) return;
    if (mapping)
      void run(
        UPDATE,
        { id: mapping.id, version: mapping.version, dimension, expectedChange: expectedChange.trim() },
        'tl.mapping.dialog.updated',
      );
    else
      void run(
        CREATE,
        { strategyId: strategy.id, conversationId: conversation.id, dimension, expectedChange: expectedChange.trim() },
        'tl.mapping.dialog.mapped',
      );
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth>
      <DialogTitle>
        {translate(
          mapping
            ? readOnly
              ? 'tl.mapping.dialog.title_read'
              : 'tl.mapping.dialog.title_change'
            : 'tl.mapping.dialog.title_map',
        )}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {translate('tl.mapping.dialog.depends', {
            strategy: strategy.title,
            conversation: conversation.title,
            cadence: conversation.cadenceDescription,
          })}
        </Typography>
        {readOnly ? (
          <>
            <Typography variant="subtitle2">{mapping ? DIMENSION_LABELS[mapping.dimension] : ''}</Typography>
            <Typography>{mapping?.expectedChange}</Typography>
          </>
        ) : (
          <>
            <TextField
              select
              label={translate('tl.mapping.dialog.dimension')}
              value={dimension}
              onChange={(e) => setDimension(e.target.value as ChangeDimension)}
              error={!!errors.dimension}
              helperText={errors.dimension ?? (dimension ? DIMENSION_HINTS[dimension] : ' ')}
              fullWidth
              sx={{ mb: 2 }}
              autoFocus
            >
              {DIMENSION_CHOICES.map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {translate(c.name)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={translate('tl.mapping.dialog.expected')}
              value={expectedChange}
              onChange={(e) => setExpectedChange(e.target.value)}
              error={!!errors.expectedChange}
              helperText={errors.expectedChange ?? translate('tl.mapping.dialog.expected_help')}
              multiline
              minRows={2}
              fullWidth
            />
          </>
        )}
      </DialogContent>
      <DialogActions>
        {mapping && !readOnly && (
          <Button
            color="error"
            disabled={busy}
            onClick={() => void run(DELETE, { id: mapping.id }, 'tl.mapping.dialog.unmapped')}
            sx={{ mr: 'auto' }}
          >
            {translate('tl.mapping.dialog.unmap')}
          </Button>
        )}
        <Button onClick={onClose} disabled={busy}>
          {translate(readOnly ? 'ra.action.close' : 'ra.action.cancel')}
        </Button>
        {!readOnly && (
          <Button variant="contained" onClick={save} disabled={busy}>
            {translate(mapping ? 'ra.action.save' : 'tl.mapping.dialog.map')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
