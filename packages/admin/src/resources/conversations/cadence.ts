/** Cadence presets: the rules most conversation routines follow, built from the weekday of the first session. */
export type Preset = 'WEEKLY' | 'BIWEEKLY' | 'MONTHLY' | 'ONE_OFF' | 'CUSTOM';

/** The presets in the order offered; each one's words are `tl.conversations.cadence.presets.<preset>`. */
export const PRESETS: Preset[] = ['WEEKLY', 'BIWEEKLY', 'MONTHLY', 'ONE_OFF', 'CUSTOM'];

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** 'YYYY-MM-DDTHH:mm' -> its weekday code and which of that weekday it is in the month (5th becomes "last"). */
function dayOf(firstStartsAt: string): { code: string; nth: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}$/.exec(firstStartsAt);
  if (!m) return null;
  const day = Number(m[3]);
  // A calendar day: UTC arithmetic avoids the browser's own zone shifting it.
  const weekday = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, day)).getUTCDay();
  const nth = Math.ceil(day / 7);
  return { code: DAYS[weekday], nth: nth === 5 ? -1 : nth };
}

/** The RRULE of a preset for a first start ('' for a one-off); null for CUSTOM or when the start is not set. */
export function presetRule(preset: Preset, firstStartsAt: string): string | null {
  if (preset === 'ONE_OFF') return '';
  if (preset === 'CUSTOM') return null;
  const d = dayOf(firstStartsAt);
  if (!d) return null;
  if (preset === 'WEEKLY') return `FREQ=WEEKLY;BYDAY=${d.code}`;
  if (preset === 'BIWEEKLY') return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${d.code}`;
  return `FREQ=MONTHLY;BYDAY=${d.nth}${d.code}`;
}

/** Which preset a stored rule is, for this first start; CUSTOM when it is anything else. */
export function detectPreset(cadence: string | null | undefined, firstStartsAt: string): Preset {
  const rule = (cadence ?? '').trim().toUpperCase();
  if (!rule) return 'ONE_OFF';
  for (const p of ['WEEKLY', 'BIWEEKLY', 'MONTHLY'] as const) if (presetRule(p, firstStartsAt) === rule) return p;
  return 'CUSTOM';
}
