import { GRADE_MAX, GRADE_MIN, Limits } from '@throughline/shared';
import type { InputChecker } from './errors';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trimmed text of a required field, checked for length; '' when it fails (the checker holds the error). */
export function requiredText(c: InputChecker, field: string, value: string | undefined | null, max: number): string {
  const v = (value ?? '').trim();
  if (!v) c.add(field, 'Required');
  else if (v.length > max) c.add(field, `At most ${max} characters`);
  return v;
}

/** For patches: undefined leaves the field alone; a given value must be non-empty. */
export function patchText(
  c: InputChecker,
  field: string,
  value: string | undefined | null,
  max: number,
): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) {
    c.add(field, 'Cannot be cleared');
    return undefined;
  }
  return requiredText(c, field, value, max);
}

/** Optional text: empty becomes null. */
export function optionalText(
  c: InputChecker,
  field: string,
  value: string | undefined | null,
  max: number,
): string | null | undefined {
  if (value === undefined) return undefined;
  const v = (value ?? '').trim();
  if (!v) return null;
  if (v.length > max) c.add(field, `At most ${max} characters`);
  return v;
}

export function email(c: InputChecker, field: string, value: string | undefined | null): string {
  const v = (value ?? '').trim();
  if (!v) c.add(field, 'Required');
  else if (v.length > Limits.EMAIL_MAX || !EMAIL.test(v)) c.add(field, 'Not an email address');
  return v;
}

export function password(c: InputChecker, field: string, value: string | undefined | null): string {
  const v = value ?? '';
  if (v.length < Limits.PASSWORD_MIN) c.add(field, `At least ${Limits.PASSWORD_MIN} characters`);
  else if (v.length > Limits.PASSWORD_MAX) c.add(field, `At most ${Limits.PASSWORD_MAX} characters`);
  return v;
}

export function grade(c: InputChecker, field: string, value: number | null | undefined): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isInteger(value) || value < GRADE_MIN || value > GRADE_MAX) {
    c.add(field, `A grade from ${GRADE_MIN} (pre-K) to ${GRADE_MAX}`);
  }
  return value;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}
