/** The district's strategy-health thresholds, as the API names them, with the words the settings page uses. */

export interface DistrictSettings {
  recentEvidenceDays: number;
  onTrackHeldRate: number;
  atRiskHeldRate: number;
  onTrackQuality: number;
  atRiskQuality: number;
  onTrackFollowThrough: number;
  atRiskFollowThrough: number;
  logGraceHours: number;
  cancelNoticeHours: number;
  heldQuorum: number;
  minRaters: number;
  ratingWindowDays: number;
  completionCorrectionDays: number;
  sustainedAfterDays: number;
  version: number;
}

export const SETTINGS_FIELDS = [
  'recentEvidenceDays',
  'onTrackHeldRate',
  'atRiskHeldRate',
  'onTrackQuality',
  'atRiskQuality',
  'onTrackFollowThrough',
  'atRiskFollowThrough',
  'logGraceHours',
  'cancelNoticeHours',
  'heldQuorum',
  'minRaters',
  'ratingWindowDays',
  'completionCorrectionDays',
  'sustainedAfterDays',
] as const;

/** Each measure: shares (0-1) show as percentages, the quality rating on its own 1-4 scale. */
export const MEASURES = [
  {
    name: 'Sessions held',
    help: 'Share of due sessions that were held',
    onTrack: 'onTrackHeldRate',
    atRisk: 'atRiskHeldRate',
    percent: true,
  },
  {
    name: 'Quality',
    help: 'Mean rating of held sessions, 1 to 4',
    onTrack: 'onTrackQuality',
    atRisk: 'atRiskQuality',
    percent: false,
  },
  {
    name: 'Follow-through',
    help: 'Share of actions done on time',
    onTrack: 'onTrackFollowThrough',
    atRisk: 'atRiskFollowThrough',
    percent: true,
  },
] as const;

const LABELS: Record<string, string> = {
  recentEvidenceDays: 'the evidence window',
  onTrackHeldRate: 'the on-track held rate',
  atRiskHeldRate: 'the at-risk held rate',
  onTrackQuality: 'the on-track quality',
  atRiskQuality: 'the at-risk quality',
  onTrackFollowThrough: 'the on-track follow-through',
  atRiskFollowThrough: 'the at-risk follow-through',
  logGraceHours: 'the time to log a session',
  cancelNoticeHours: 'the notice to cancel',
  heldQuorum: 'the quorum',
  minRaters: 'the fewest raters',
  ratingWindowDays: 'the rating window',
  completionCorrectionDays: 'the correction window',
  sustainedAfterDays: 'the re-check interval',
};

/** The API speaks in shares and field names; the page shows percentages and words. */
export function readableMessage(field: string, message: string): string {
  const percent =
    field === 'heldQuorum' || MEASURES.some((m) => m.percent && (m.onTrack === field || m.atRisk === field));
  let out = percent
    ? message
        .replace('A share from 0 to 1', 'A percentage from 0 to 100')
        .replace('A share above 0, up to 1', 'A percentage above 0, up to 100')
    : message;
  for (const [name, label] of Object.entries(LABELS)) out = out.replace(new RegExp(`\\b${name}\\b`, 'g'), label);
  return out;
}

/** Shares are stored 0-1 and typed as percentages; rounding keeps 0.7 from showing as 70.00000000000001. */
export const toPercent = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 1000) / 10) : '');
export const fromPercent = (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v) / 100);
