import { ConfidentialityBoundary, Role } from '@throughline/shared';
import { PARTICIPATES } from '../conversation/visibility';
import type { ConfidentialRecord } from '../audit/read-audit';

/**
 * Confidential text in the district's tables, and who may read it, in SQL: the same rules as
 * `session/confidentiality.ts` (participants and attendees always; leaders of the conversation's school when its
 * boundary includes them; district admins when it is the district), a reflection's answers only when it is shared,
 * an action's evidence to its owner and a verifier's note to its author, a learner's consent (label, student id,
 * recording reference) inside its session's boundary and to whoever recorded it. An export shows a cell's text only when the
 * requester may read it; otherwise the cell says WITHHELD. The operator and API clients read none.
 */

export const WITHHELD = '[withheld]';

/** Who asks for an export, as the rules need them: a person and their current roles, or nobody inside (operator). */
export interface Reader {
  staffMemberId: string | null;
  /** Holds a current district-wide DISTRICT_ADMIN assignment. */
  districtAdmin: boolean;
  /** School leader of these schools (district-wide leadership: null). */
  leaderOf: string[] | 'ALL';
}

export const NOBODY: Reader = { staffMemberId: null, districtAdmin: false, leaderOf: [] };

export interface ConfidentialColumn {
  /** The read-audit record type and field this column's text is read as. */
  record: ConfidentialRecord;
  field: string;
  /** SQL over alias `t` (a row of the table): the record's id, and whose text it is. */
  recordId: string;
  author: string;
}

/** table → column → how its text is audited. Readability: readableSql below. */
export const CONFIDENTIAL_COLUMNS: Readonly<Record<string, Readonly<Record<string, ConfidentialColumn>>>> = {
  conversation_session: {
    notes: { record: 'ConversationSession', field: 'notes', recordId: 't.id', author: SESSION_AUTHOR('t') },
    check_in: { record: 'ConversationSession', field: 'checkIn', recordId: 't.id', author: SESSION_AUTHOR('t') },
    check_out: { record: 'ConversationSession', field: 'checkOut', recordId: 't.id', author: SESSION_AUTHOR('t') },
  },
  reflection_answer: {
    answer: {
      record: 'Reflection',
      field: 'answers',
      recordId: 't.reflection_id',
      author: `(SELECT r.author_id FROM reflection r WHERE r.district_id = t.district_id AND r.id = t.reflection_id)`,
    },
  },
  action_item: {
    completion_evidence: { record: 'ActionItem', field: 'completionEvidence', recordId: 't.id', author: 't.owner_id' },
    practice_change_evidence: {
      record: 'ActionItem',
      field: 'practiceChangeEvidence',
      recordId: 't.id',
      author: 't.owner_id',
    },
    corroboration_note: {
      record: 'ActionItem',
      field: 'corroborationNote',
      recordId: 't.id',
      author: 't.corroborated_by',
    },
    sustained_note: { record: 'ActionItem', field: 'sustainedNote', recordId: 't.id', author: 't.sustained_by' },
  },
  // The consent register: read as fields of the consent's session, whose author is whoever recorded the consent.
  learner_consent: {
    learner_label: {
      record: 'ConversationSession',
      field: 'learnerLabel',
      recordId: 't.session_id',
      author: 't.recorded_by',
    },
    student_id: {
      record: 'ConversationSession',
      field: 'studentId',
      recordId: 't.session_id',
      author: 't.recorded_by',
    },
    recording_reference: {
      record: 'ConversationSession',
      field: 'recordingReference',
      recordId: 't.session_id',
      author: 't.recorded_by',
    },
  },
};

function SESSION_AUTHOR(alias: string): string {
  return `coalesce(${alias}.facilitator_id, (SELECT c.facilitator_id FROM learning_conversation c
            WHERE c.district_id = ${alias}.district_id AND c.id = ${alias}.conversation_id))`;
}

/** A uuid as an SQL literal (checked, so it can be inlined into a cursor's statement). */
export function uuidLiteral(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new Error('not a uuid');
  return `'${id}'::uuid`;
}

/** Whether the reader may read what was said in session `sessionIdSql` (SQL over the surrounding row). */
function sessionReadableSql(reader: Reader, sessionIdSql: string): string {
  if (reader.staffMemberId === null) return 'FALSE';
  const self = uuidLiteral(reader.staffMemberId);
  const leads =
    reader.leaderOf === 'ALL'
      ? 'c.school_id IS NOT NULL'
      : reader.leaderOf.length
        ? `c.school_id IN (${reader.leaderOf.map(uuidLiteral).join(', ')})`
        : 'FALSE';
  return `EXISTS (SELECT 1 FROM conversation_session s
                    JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
                   WHERE s.district_id = t.district_id AND s.id = ${sessionIdSql}
                     AND (${PARTICIPATES.replace(/:self/g, self)}
                       OR EXISTS (SELECT 1 FROM session_attendance sa
                                   WHERE sa.district_id = s.district_id AND sa.session_id = s.id AND sa.staff_member_id = ${self})
                       OR (c.confidentiality = '${ConfidentialityBoundary.DISTRICT}' AND ${reader.districtAdmin ? 'TRUE' : 'FALSE'})
                       OR (c.confidentiality <> '${ConfidentialityBoundary.PARTICIPANTS}' AND ${leads})))`;
}

/** SQL over alias `t` (a row of `table`): whether the reader may read `column`'s text. */
export function readableSql(reader: Reader, table: string, column: string): string {
  if (reader.staffMemberId === null) return 'FALSE';
  const self = uuidLiteral(reader.staffMemberId);
  switch (table) {
    case 'conversation_session':
      return sessionReadableSql(reader, 't.id');
    case 'reflection_answer':
      return `EXISTS (SELECT 1 FROM reflection r WHERE r.district_id = t.district_id AND r.id = t.reflection_id
                 AND (r.author_id = ${self} OR (r.shared AND ${sessionReadableSql(reader, 'r.session_id')})))`;
    case 'action_item': {
      const own =
        column === 'corroboration_note'
          ? 't.corroborated_by'
          : column === 'sustained_note'
            ? 't.sustained_by'
            : 't.owner_id';
      return `(t.owner_id = ${self} OR ${own} = ${self} OR ${sessionReadableSql(reader, 't.session_id')})`;
    }
    case 'learner_consent':
      return `(t.recorded_by = ${self} OR ${sessionReadableSql(reader, 't.session_id')})`;
    default:
      return 'FALSE';
  }
}

/** The reader's roles, from their current assignments. */
export function readerOf(staffMemberId: string, assignments: { role: string; school_id: string | null }[]): Reader {
  const leaderOf: string[] = [];
  let allSchools = false;
  for (const a of assignments) {
    if (a.role !== Role.SCHOOL_LEADER) continue;
    if (a.school_id === null) allSchools = true;
    else leaderOf.push(a.school_id);
  }
  return {
    staffMemberId,
    districtAdmin: assignments.some((a) => a.role === Role.DISTRICT_ADMIN && a.school_id === null),
    leaderOf: allSchools ? 'ALL' : leaderOf,
  };
}
