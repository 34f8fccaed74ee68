/*
 * The completion day of a DONE action (`completedOn`) is a claim checked against the server's record of when the
 * action was marked done (`completed_at`, stamped by the database). Given as days in the district's zone:
 * `completedDay` is the local day of `completed_at`, `today` the district's today, `sessionDay` the local day the
 * session was held.
 */

/**
 * The days `completedOn` may take: from `completionCorrectionDays` before the day it was marked done up to that day,
 * and never before the session's day nor after today. A 3-month-overdue action marked done today cannot claim a
 * day three months back.
 */
export function completionBounds(
  completedDay: string,
  correctionDays: number,
  sessionDay: string,
  today: string,
): { earliest: string; latest: string } {
  const back = addDays(completedDay, -correctionDays);
  return {
    earliest: back > sessionDay ? back : sessionDay,
    latest: completedDay < today ? completedDay : today,
  };
}

/**
 * Whether `completedOn` may still be corrected: until `completionCorrectionDays` whole days after the action was
 * marked done (`completedAt`, the server's instant), at the instant `now`. With 0 days it may never be corrected.
 */
export function mayCorrectCompletion(completedAt: Date, correctionDays: number, now: Date = new Date()): boolean {
  return now.getTime() <= completedAt.getTime() + correctionDays * 86_400_000;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
