import DownloadIcon from '@mui/icons-material/Download';
import { Button } from '@mui/material';
import { useTranslate } from 'react-admin';
import { col, downloadCsv, toCsv } from '../common/csv';
import type { Funnel } from './types';

interface Row {
  section: string;
  measure: string;
  value: unknown;
}

/** The funnel as rows a spreadsheet reads: every figure with its name, then the trend period by period. */
export function funnelRows(funnel: Funnel, scope: string, window: { from: string; to: string }): Row[] {
  const rows: Row[] = [
    { section: 'Scope', measure: scope, value: `${window.from} to ${window.to}` },
    ...(
      [
        ['Due', funnel.due],
        ['Held', funnel.held],
        ['Missed', funnel.missed],
        ['Cancelled', funnel.cancelled],
        ['Held rate', funnel.heldRate],
        ['Quality (1-4)', funnel.quality],
        ['Raters behind quality', funnel.qualityRaterCount],
        ['Action rate', funnel.actionRate],
        ['Actions due', funnel.actionsDue],
        ['Actions done', funnel.actionsDone],
        ['Actions done on time', funnel.actionsDoneOnTime],
        ['Follow-through', funnel.followThrough],
        ['Practice-change rate', funnel.practiceChangeRate],
        ['Evidence-grounded rate', funnel.evidenceGroundedRate],
        ['Invited', funnel.invited],
        ['Reached', funnel.reached],
        ['Reach', funnel.reach],
        ['Health', funnel.health],
      ] as [string, unknown][]
    ).map(([measure, value]) => ({ section: 'Funnel', measure, value })),
    ...(funnel.cohort?.stages ?? []).map((s) => ({
      section: 'Cohort',
      measure: s.stage,
      value: s.sessions,
    })),
  ];
  for (const p of funnel.trend)
    rows.push(
      { section: `Trend ${p.periodStart}`, measure: 'Due', value: p.due },
      { section: `Trend ${p.periodStart}`, measure: 'Held', value: p.held },
      { section: `Trend ${p.periodStart}`, measure: 'Held rate', value: p.heldRate },
      { section: `Trend ${p.periodStart}`, measure: 'Quality', value: p.quality },
      { section: `Trend ${p.periodStart}`, measure: 'Action rate', value: p.actionRate },
    );
  return rows;
}

/** Downloads the funnel on screen as CSV (figures only: the funnel carries no confidential text). */
export function FunnelExportButton({
  funnel,
  scope,
  window,
}: {
  funnel: Funnel;
  scope: string;
  window: { from: string; to: string };
}) {
  const translate = useTranslate();
  return (
    <Button
      size="small"
      startIcon={<DownloadIcon />}
      sx={{ minHeight: 44 }}
      onClick={() =>
        downloadCsv(
          'funnel',
          toCsv(
            [
              col<Row>('Section', (r) => r.section),
              col<Row>('Measure', (r) => r.measure),
              col<Row>('Value', (r) => r.value),
            ],
            funnelRows(funnel, scope, window),
          ),
        )
      }
    >
      {translate('tl.charts.export_csv')}
    </Button>
  );
}
