import { Alert, Box, Card, CardContent, CircularProgress, Stack, Typography } from '@mui/material';
import { Permission } from '@throughline/shared';
import { useState } from 'react';
import { Title, useCanAccess, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { messageOf } from '../../common/apiFailure';
import { DIMENSION_CHOICES } from '../../common/strategyChoices';
import { DimensionChip } from '../../common/DimensionChip';
import { reachOf, reaches } from '../../common/reach';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { MappingDialog } from './MappingDialog';
import { MappingTable } from './MappingTable';
import { ScopeSelect } from './ScopeSelect';
import type { GridCell } from './types';
import { GRID_LIMIT, useMappingGrid } from './useMappingGrid';

const SCHOOLS = `{ schools(first: 100, filter: { status: ACTIVE }, orderBy: { field: NAME, direction: ASC }) { nodes { id name } } }`;

/**
 * Which learning conversations each strategy depends on, as a grid for one school (or the district). Those who may
 * manage a row's strategy map, change or unmap a cell; everyone else reads it.
 */
export function MappingGrid() {
  const { canAccess: canRead, isPending: checking } = useCanAccess({ resource: 'mappings', action: 'list' });
  const { canAccess: canManage } = useCanAccess({ resource: 'mappings', action: 'create' });
  const [params, setParams] = useSearchParams();
  const schools = useGraphqlQuery<{ schools: { nodes: { id: string; name: string }[] } }>(
    ['mappingSchools'],
    SCHOOLS,
    undefined,
    {
      enabled: !!canRead,
    },
  );
  const schoolList = schools.data?.schools.nodes ?? [];
  // The school in the address, else the viewer's first school, else the district-wide strategies.
  const scope = params.get('school') ?? (schools.data ? (schoolList[0]?.id ?? 'district') : null);
  const grid = useMappingGrid(canRead ? scope : null);
  const [open, setOpen] = useState<GridCell | null>(null);
  const reach = reachOf(Permission.STRATEGY_MANAGE);
  const translate = useTranslate();

  if (checking) return <CircularProgress sx={{ m: 4 }} />;
  if (!canRead)
    return (
      <Alert severity="warning" sx={{ m: 2 }}>
        {translate('tl.mapping.grid.no_access')}
      </Alert>
    );

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="tl.layout.menu.mapping" />
      <CardContent>
        <Typography variant="h5">{translate('tl.mapping.grid.title')}</Typography>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {translate(canManage ? 'tl.mapping.grid.help_manage' : 'tl.mapping.grid.help_read')}
        </Typography>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
          <ScopeSelect value={scope ?? ''} schools={schoolList} onChange={(s) => setParams({ school: s })} />
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="caption" color="text.secondary">
              {translate('tl.mapping.grid.legend')}
            </Typography>
            {DIMENSION_CHOICES.map((d) => (
              <DimensionChip key={d.id} dimension={d.id} />
            ))}
          </Stack>
        </Stack>
        {(schools.error || grid.error) && <Alert severity="error">{messageOf(schools.error ?? grid.error)}</Alert>}
        {grid.truncated && (
          <Alert severity="info" sx={{ mb: 1 }}>
            {translate('tl.mapping.grid.truncated', { limit: GRID_LIMIT })}
          </Alert>
        )}
        {grid.isPending || !scope ? (
          <CircularProgress size={24} />
        ) : grid.strategies.length === 0 ? (
          <Box sx={{ py: 3 }}>
            <Typography color="text.secondary">{translate('tl.mapping.grid.no_strategies')}</Typography>
          </Box>
        ) : grid.conversations.length === 0 ? (
          <Typography color="text.secondary" sx={{ py: 3 }}>
            {translate('tl.mapping.grid.no_conversations')}
          </Typography>
        ) : (
          <MappingTable
            strategies={grid.strategies}
            conversations={grid.conversations}
            canEdit={(s) => !!canManage && reaches(reach, s.school?.id ?? null)}
            onOpen={setOpen}
          />
        )}
      </CardContent>
      <MappingDialog cell={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
