import type { ActionStatus, PracticeChangeStatus } from '@throughline/shared';

/*
 * Practice change, a stage of its own after an action is done, with how far it has been verified. Each rule in
 * words, as a TypeScript predicate over the action, and as SQL over an action alias.
 */

interface PracticeFacts {
  status: ActionStatus;
  practiceChangeEvidence: string | null;
  corroboratedAt: Date | null;
  sustainedAt: Date | null;
}

/** Self-reported: a DONE action whose owner's evidence of changed practice is not blank. */
export function isSelfReported(a: PracticeFacts): boolean {
  return a.status === 'DONE' && (a.practiceChangeEvidence ?? '').trim() !== '';
}

export function selfReportedSql(alias: string): string {
  return `(${alias}.status = 'DONE' AND btrim(coalesce(${alias}.practice_change_evidence, '')) <> '')`;
}

/**
 * Corroborated: self-reported, and a second person (a coach or leader who may read the action, never its owner)
 * recorded that they observed the change, with the kind of evidence and a note; the time is the server's.
 */
export function isCorroborated(a: PracticeFacts): boolean {
  return isSelfReported(a) && a.corroboratedAt !== null;
}

export function corroboratedSql(alias: string): string {
  return `(${selfReportedSql(alias)} AND ${alias}.corroborated_at IS NOT NULL)`;
}

/**
 * Sustained: corroborated, and re-checked by a non-owner at least the district's `sustainedAfterDays` after the
 * corroboration. The interval is checked when the re-check is recorded; the fact then stands.
 */
export function isSustained(a: PracticeFacts): boolean {
  return isCorroborated(a) && a.sustainedAt !== null;
}

export function sustainedSql(alias: string): string {
  return `(${corroboratedSql(alias)} AND ${alias}.sustained_at IS NOT NULL)`;
}

/** The verification status shown on an action: null when there is no self-reported practice change. */
export function practiceChangeStatus(a: PracticeFacts): PracticeChangeStatus | null {
  if (isSustained(a)) return 'SUSTAINED';
  if (isCorroborated(a)) return 'CORROBORATED';
  if (isSelfReported(a)) return 'SELF_REPORTED';
  return null;
}

/** When a re-check as sustained becomes possible: `sustainedAfterDays` whole days after the corroboration. */
export function sustainedCheckOpensAt(corroboratedAt: Date, sustainedAfterDays: number): Date {
  return new Date(corroboratedAt.getTime() + sustainedAfterDays * 86_400_000);
}
