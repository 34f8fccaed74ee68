/** The session record as the resource map selects it (see SESSION_FIELDS in providers/resources.ts). */
export interface Person {
  id: string;
  displayName: string;
}

export interface SessionAction {
  id: string;
  description: string;
  dueOn: string;
  originalDueOn: string;
  dueDateChanged: boolean;
  status: string;
  overdue: boolean;
  completedOn: string | null;
  practiceChangeEvidence: string | null;
  practiceChangeStatus: string | null;
  sustainedCheckOpensAt: string | null;
  version: number;
  owner: Person | null;
}

export interface SessionRecord {
  id: string;
  scheduledAt: string;
  state: 'SCHEDULED' | 'MISSED' | 'MISSED_WITH_REASON' | 'HELD' | 'CANCELLED';
  heldAt: string | null;
  durationMinutes: number | null;
  cancelReason: string | null;
  recordingConsent: boolean;
  version: number;
  notes: string | null;
  checkIn: string | null;
  checkOut: string | null;
  confidentialWithheld: boolean;
  conversation: {
    id: string;
    title: string;
    type: string;
    durationMinutes: number;
    confidentiality: string;
    school: { id: string; name: string } | null;
    facilitator: Person | null;
    participants: Person[];
  } | null;
  attendees: Person[];
  attendeeIds: string[];
  evidence: { id: string; kind: string; description: string; collectedOn: string }[];
  actions: SessionAction[];
  /** Null for a session not held; figures only once PUBLISHED (rating window closed, at least minRaters raters). */
  quality: {
    status: 'RATING_OPEN' | 'WITHHELD' | 'PUBLISHED';
    ratingClosesAt: string;
    minRaters: number;
    overall: number | null;
    raterCount: number | null;
    criteria: { criterionId: string; criterionName: string; mean: number; raterCount: number }[];
    selfRating: number | null;
  } | null;
  myRatings: { criterionId: string; criterionName: string; score: number }[];
  reflections: {
    id: string;
    mine: boolean;
    shared: boolean;
    updatedAt: string;
    author: Person | null;
    answers: { promptId: string; prompt: string; answer: string }[];
  }[];
}

/** Evidence kinds; `name` is a message key (react-admin's choice inputs translate it). */
export const EVIDENCE_KINDS = ['ASSESSMENT', 'STUDENT_WORK', 'OBSERVATION', 'SURVEY', 'OTHER'].map((id) => ({
  id,
  name: `tl.sessions.evidence_kinds.${id}`,
}));

/** The message key naming who is inside a confidentiality boundary ("participants only"), or undefined. */
export function boundaryKey(confidentiality: string | undefined): string | undefined {
  return confidentiality && ['PARTICIPANTS', 'SCHOOL_LEADERS', 'DISTRICT'].includes(confidentiality)
    ? `tl.sessions.boundary.${confidentiality}`
    : undefined;
}

/** The message key of a 1-to-4 score, as the rubric reads ("Not yet" ... "Fully"). */
export const scoreKey = (score: number) => `tl.sessions.scores.${score}`;
