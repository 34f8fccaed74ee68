import { InputChecker } from '../../graphql/errors';
import type { DateWindowInput } from './funnel.input';

/** The longest window a funnel is computed over, in days (both ends included): a school year and some. */
export const WINDOW_MAX_DAYS = 400;

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** Checks a window of calendar days (the scalar has already checked each date); BAD_USER_INPUT names the field. */
export function checkWindow(window: DateWindowInput, field = 'window'): void {
  const c = new InputChecker();
  const days = dayNumber(window.to) - dayNumber(window.from) + 1;
  if (days < 1) c.add(`${field}.to`, 'Must not be before the start of the window');
  else if (days > WINDOW_MAX_DAYS) c.add(`${field}.to`, `A window spans at most ${WINDOW_MAX_DAYS} days`);
  c.throwIfAny();
}
