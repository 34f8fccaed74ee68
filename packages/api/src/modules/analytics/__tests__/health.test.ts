import { gradeHealth } from '../health';
import { checkWindow } from '../window';
import type { FunnelThresholds } from '../funnel.type';

const T: FunnelThresholds = {
  recentEvidenceDays: 30,
  onTrackHeldRate: 0.8,
  atRiskHeldRate: 0.6,
  onTrackQuality: 3,
  atRiskQuality: 2.5,
  onTrackFollowThrough: 0.7,
  atRiskFollowThrough: 0.5,
  logGraceHours: 48,
  cancelNoticeHours: 24,
  heldQuorum: 0.5,
  minRaters: 3,
  ratingWindowDays: 14,
};

describe('strategy health', () => {
  it('is ON_TRACK when every measured rate is at or above its on-track threshold', () => {
    expect(gradeHealth({ heldRate: 0.8, quality: 3, followThrough: 0.7 }, T)).toBe('ON_TRACK');
  });

  it('is AT_RISK when a rate is below on track and none below at risk', () => {
    expect(gradeHealth({ heldRate: 0.9, quality: 2.5, followThrough: 0.9 }, T)).toBe('AT_RISK');
  });

  it('is OFF_TRACK when any rate is below its at-risk threshold, whatever the others', () => {
    expect(gradeHealth({ heldRate: 1, quality: 4, followThrough: 0.49 }, T)).toBe('OFF_TRACK');
  });

  it('ignores rates that could not be measured, and is NOT_ENOUGH_DATA when none could', () => {
    expect(gradeHealth({ heldRate: null, quality: null, followThrough: 0.75 }, T)).toBe('ON_TRACK');
    expect(gradeHealth({ heldRate: null, quality: null, followThrough: null }, T)).toBe('NOT_ENOUGH_DATA');
  });
});

describe('the date window', () => {
  const fieldsOf = (fn: () => void): string[] => {
    try {
      fn();
      return [];
    } catch (e) {
      return ((e as { extensions: { fields: { field: string }[] } }).extensions.fields ?? []).map((f) => f.field);
    }
  };

  it('accepts one day, and 400 days across a leap day', () => {
    expect(fieldsOf(() => checkWindow({ from: '2026-03-01', to: '2026-03-01' }))).toEqual([]);
    expect(fieldsOf(() => checkWindow({ from: '2028-01-01', to: '2029-02-03' }))).toEqual([]);
  });

  it('names window.to when the window ends before it starts or spans 401 days', () => {
    expect(fieldsOf(() => checkWindow({ from: '2026-03-02', to: '2026-03-01' }))).toEqual(['window.to']);
    expect(fieldsOf(() => checkWindow({ from: '2028-01-01', to: '2029-02-04' }))).toEqual(['window.to']);
  });
});
