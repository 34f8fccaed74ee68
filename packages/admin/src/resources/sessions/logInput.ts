import type { SessionRecord } from './types';

/**
 * How long before its scheduled start a session may be logged as held: the API's HELD_EARLY_DAYS
 * (packages/api/src/modules/session/rules/held.ts; no field exposes it). A held time is also never in the future.
 */
export const HELD_EARLY_DAYS = 7;

/** Whether a session starts too far ahead to be logged as held now (the API would refuse any held time). */
/** The session's start has come: only then is it offered for logging as held. */
export function hasStarted(scheduledAt: string, now = Date.now()): boolean {
  return Date.parse(scheduledAt) <= now;
}

export function tooEarlyToLog(scheduledAt: string, now = Date.now()): boolean {
  return Date.parse(scheduledAt) - now > HELD_EARLY_DAYS * 86_400_000;
}

/** The log form's values: the shape of SessionLogInput, so the API's field errors ("actions.0.dueOn") match inputs. */
export interface LogValues {
  id: string;
  heldAt: string | Date;
  durationMinutes: number | null;
  attendeeIds: string[];
  /** Attendees who do not take part in the conversation, named apart (they count towards no quorum). */
  guestIds: string[];
  evidence: { kind: string; description: string; collectedOn: string }[];
  notes?: string | null;
  checkIn?: string | null;
  checkOut?: string | null;
  recordingConsent: boolean;
  actions: { description: string; ownerId: string; dueOn: string }[];
}

/**
 * Starting values: what was logged before, or else the plan (the scheduled time, or now for a session logged ahead of
 * it; the usual duration; the facilitator and named participants as attendees).
 */
export function initialValues(s: SessionRecord): LogValues {
  const planned = [s.conversation?.facilitator, ...(s.conversation?.participants ?? [])]
    .filter((p): p is { id: string; displayName: string } => Boolean(p))
    .map((p) => p.id);
  return {
    id: s.id,
    heldAt: s.heldAt ?? (Date.parse(s.scheduledAt) > Date.now() ? new Date().toISOString() : s.scheduledAt),
    durationMinutes: s.durationMinutes ?? s.conversation?.durationMinutes ?? 60,
    attendeeIds: s.attendeeIds.length ? s.attendeeIds : [...new Set(planned)],
    guestIds: [],
    evidence: s.evidence.map(({ kind, description, collectedOn }) => ({ kind, description, collectedOn })),
    notes: s.notes ?? '',
    checkIn: s.checkIn ?? '',
    checkOut: s.checkOut ?? '',
    recordingConsent: s.recordingConsent,
    actions: [],
  };
}

/**
 * The SessionLogInput to send. When what was said is withheld from the person logging, the notes and check-in/out
 * are left out altogether: the API then keeps what is stored instead of overwriting text this person cannot see.
 */
export function toInput(v: LogValues, s: SessionRecord): Record<string, unknown> {
  return {
    id: s.id,
    version: s.version,
    heldAt: new Date(v.heldAt).toISOString(),
    durationMinutes: v.durationMinutes === null ? null : Number(v.durationMinutes),
    attendeeIds: v.attendeeIds ?? [],
    guestIds: (v.guestIds ?? []).filter((id) => !(v.attendeeIds ?? []).includes(id)),
    evidence: (v.evidence ?? []).map((e) => ({
      kind: e.kind,
      description: e.description ?? '',
      collectedOn: e.collectedOn,
    })),
    ...(s.confidentialWithheld ? {} : { notes: v.notes ?? '', checkIn: v.checkIn ?? '', checkOut: v.checkOut ?? '' }),
    recordingConsent: Boolean(v.recordingConsent),
    actions: (v.actions ?? []).map((a) => ({ description: a.description ?? '', ownerId: a.ownerId, dueOn: a.dueOn })),
  };
}

/** Field errors that have an input on the form; the rest (the session itself, say) are shown above it. */
export function onForm(field: string): boolean {
  return (
    /^(heldAt|durationMinutes|attendeeIds|guestIds|notes|checkIn|checkOut|recordingConsent)$/.test(field) ||
    /^(evidence|actions)\.\d+\.\w+$/.test(field)
  );
}
