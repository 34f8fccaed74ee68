/** The district's strategy-health thresholds, as the API names them, with the words the settings page uses. */
import type { TranslateFunction } from 'react-admin';

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

/** Each measure: shares (0-1) show as percentages, the quality rating on its own 1-4 scale; name and help are message keys. */
export const MEASURES = [
  {
    name: 'tl.settings.thresholds.measures.held.name',
    help: 'tl.settings.thresholds.measures.held.help',
    onTrack: 'onTrackHeldRate',
    atRisk: 'atRiskHeldRate',
    percent: true,
  },
  {
    name: 'tl.settings.thresholds.measures.quality.name',
    help: 'tl.settings.thresholds.measures.quality.help',
    onTrack: 'onTrackQuality',
    atRisk: 'atRiskQuality',
    percent: false,
  },
  {
    name: 'tl.settings.thresholds.measures.followThrough.name',
    help: 'tl.settings.thresholds.measures.followThrough.help',
    onTrack: 'onTrackFollowThrough',
    atRisk: 'atRiskFollowThrough',
    percent: true,
  },
] as const;

/**
 * The API speaks in shares and field names; the page shows percentages and words (tl.settings.thresholds.api.*).
 * The API's own sentence stays as the API wrote it.
 */
export function readableMessage(translate: TranslateFunction, field: string, message: string): string {
  const percent =
    field === 'heldQuorum' || MEASURES.some((m) => m.percent && (m.onTrack === field || m.atRisk === field));
  let out = percent
    ? message
        .replace('A share from 0 to 1', translate('tl.settings.thresholds.api.shareRange'))
        .replace('A share above 0, up to 1', translate('tl.settings.thresholds.api.shareAboveZero'))
    : message;
  for (const name of SETTINGS_FIELDS) {
    out = out.replace(new RegExp(`\\b${name}\\b`, 'g'), translate(`tl.settings.thresholds.api.fields.${name}`));
  }
  return out;
}

/** Shares are stored 0-1 and typed as percentages; rounding keeps 0.7 from showing as 70.00000000000001. */
export const toPercent = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 1000) / 10) : '');
export const fromPercent = (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v) / 100);
