import AddIcon from '@mui/icons-material/Add';
import {
  Box,
  ButtonBase,
  Link,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import { TYPE_LABELS } from '../../common/conversationTypes';
import { DimensionChip } from '../../common/DimensionChip';
import { StrategyStatusChip } from '../../common/StrategyStatusChip';
import type { GridCell, GridConversation, GridStrategy } from './types';

export interface MappingTableProps {
  strategies: GridStrategy[];
  conversations: GridConversation[];
  /** May the viewer change this strategy's mappings? */
  canEdit: (strategy: GridStrategy) => boolean;
  onOpen: (cell: GridCell) => void;
}

const COLUMN_WIDTH = 150;

/** Strategies down the side, conversations across the top; a cell shows what the conversation should change. */
export function MappingTable({ strategies, conversations, canEdit, onOpen }: MappingTableProps) {
  const translate = useTranslate();
  return (
    // width 0 + min-width 100%: the table's own width must not widen the page, only scroll inside this box.
    <TableContainer
      sx={{ width: 0, minWidth: '100%', maxHeight: '70vh', border: 1, borderColor: 'divider', borderRadius: 1 }}
    >
      <Table stickyHeader size="small" sx={{ tableLayout: 'fixed', width: 280 + conversations.length * COLUMN_WIDTH }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 280, position: 'sticky', left: 0, zIndex: 3, bgcolor: 'background.paper' }}>
              <Typography variant="caption" color="text.secondary">
                {translate('tl.mapping.table.corner')}
              </Typography>
            </TableCell>
            {conversations.map((c) => (
              <TableCell key={c.id} sx={{ width: COLUMN_WIDTH, verticalAlign: 'bottom' }}>
                <Link
                  component={RouterLink}
                  to={`/conversations/${encodeURIComponent(c.id)}/show`}
                  variant="body2"
                  underline="hover"
                  sx={{ fontWeight: 600 }}
                >
                  {c.title}
                </Link>
                <Typography variant="caption" color="text.secondary" component="div">
                  {TYPE_LABELS[c.type]} · {c.cadenceDescription}
                  {c.school ? '' : ` · ${translate('tl.mapping.table.district')}`}
                </Typography>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {strategies.map((s) => {
            const editable = canEdit(s);
            return (
              <TableRow key={s.id} hover>
                <TableCell sx={{ position: 'sticky', left: 0, zIndex: 1, bgcolor: 'background.paper' }}>
                  <Link
                    component={RouterLink}
                    to={`/strategies/${encodeURIComponent(s.id)}/show`}
                    underline="hover"
                    sx={{ fontWeight: 600 }}
                  >
                    {s.title}
                  </Link>
                  <Box sx={{ mt: 0.5 }}>
                    <StrategyStatusChip status={s.status} />
                  </Box>
                </TableCell>
                {conversations.map((c) => {
                  const mapping = s.mappings.find((m) => m.conversation?.id === c.id) ?? null;
                  const cell: GridCell = { strategy: s, conversation: c, mapping, readOnly: !editable };
                  if (!mapping && !editable) return <TableCell key={c.id} />;
                  const label = mapping
                    ? `${s.title} – ${c.title}: ${mapping.expectedChange}`
                    : translate('tl.mapping.table.map_label', { conversation: c.title, strategy: s.title });
                  return (
                    <TableCell key={c.id} sx={{ p: 0.5 }}>
                      <Tooltip title={mapping ? mapping.expectedChange : translate('tl.mapping.table.map_tooltip')}>
                        <ButtonBase
                          onClick={() => onOpen(cell)}
                          aria-label={label}
                          sx={{ width: '100%', minHeight: 40, borderRadius: 1, '&:hover': { bgcolor: 'action.hover' } }}
                        >
                          {mapping ? (
                            <DimensionChip dimension={mapping.dimension} />
                          ) : (
                            <AddIcon fontSize="small" color="disabled" />
                          )}
                        </ButtonBase>
                      </Tooltip>
                    </TableCell>
                  );
                })}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
