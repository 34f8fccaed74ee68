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

export const EVIDENCE_KINDS = [
  { id: 'ASSESSMENT', name: 'Assessment' },
  { id: 'STUDENT_WORK', name: 'Student work' },
  { id: 'OBSERVATION', name: 'Observation' },
  { id: 'SURVEY', name: 'Survey' },
  { id: 'OTHER', name: 'Other' },
];

export const BOUNDARY_WORDS: Record<string, string> = {
  PARTICIPANTS: 'participants only',
  SCHOOL_LEADERS: 'participants and school leaders',
  DISTRICT: 'participants, school leaders and district admins',
};

/** 1 to 4, as the rubric reads. */
export const SCORE_LABELS: Record<number, string> = { 1: 'Not yet', 2: 'Partly', 3: 'Mostly', 4: 'Fully' };
