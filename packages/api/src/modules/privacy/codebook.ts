import { EXCLUDED_TABLES, omittedColumn, type CatalogTable } from './catalog';
import { CONFIDENTIAL_COLUMNS, WITHHELD } from './confidential-columns';

/**
 * `codebook.md` of an export: every table and field (from the catalog, so none is missing), with a hand-written
 * meaning for the main tables, which columns hold confidential text, and which are left out and why.
 */

const TABLES: Record<string, string> = {
  school: 'A school of the district.',
  staff_member:
    'A person of the district (staff). Deactivated people keep their history; retention may pseudonymise them.',
  role_assignment:
    'A role a person holds, district-wide (school_id empty) or at one school; valid_from/valid_to date each holding.',
  credential: 'That a person has a password (the hash itself is never exported).',
  refresh_token: 'Signed-in sessions (the token hash is never exported).',
  audit_event: 'Who did what to which record, when (never the text of a record). Append-only.',
  confidential_read:
    'Each read of confidential text by someone other than its author: who read, which record and field, when.',
  improvement_strategy:
    "An improvement strategy: the district's or one school's, with its goal, kind, status and dates.",
  learning_conversation:
    'A planned conversation routine: type, purpose, cadence (RFC 5545 RRULE), facilitator, protocol and confidentiality boundary.',
  conversation_mapping:
    'A strategy depends on a conversation, expecting a change (dimension: BELIEF, ATTITUDE, SKILL, PRACTICE).',
  conversation_session:
    'One occurrence of a conversation: scheduled, held (time, duration), or cancelled (reason); notes and check-in/out are confidential.',
  session_attendance: 'Who attended a held session.',
  session_expected_participant: 'Who was expected at a session, fixed when it was due.',
  session_evidence: 'Evidence used in a held session: kind, description, and the day it was collected.',
  quality_rating: "A participant's 1-4 score of a held session on one rubric criterion.",
  reflection: "A participant's reflection on a session; private to its author unless shared.",
  reflection_answer: "A reflection's answer to one prompt (confidential text).",
  action_item:
    'A commitment that came out of a session: owner, due date, status, completion, and evidence of changed practice (confidential).',
  action_date_change: "A change of an action's due date or completion day: old and new value, who, when.",
  district_setting: "The district's measurement settings (thresholds, grace periods, rating window).",
  norm: 'Library: a norm conversations can adopt.',
  rubric_criterion: 'Library: a criterion of the quality rubric.',
  question_bank_item: 'Library: a question for learning partnership conversations.',
  reflection_prompt: 'Library: a reflection prompt.',
  skill: 'Library: a conversation skill.',
  skill_training: 'Who was trained in which skill, and when.',
  non_school_day: 'The district calendar: holidays, breaks and in-service days.',
  api_client: "An integrator's credential (the secret is never exported).",
  api_client_usage:
    "An API client's use per UTC day: requests, query points charged, requests refused by its budget, errors (kept 90 days).",
  webhook_endpoint: 'A URL subscribed to district events (signing secrets are never exported).',
  webhook_delivery: 'One event delivered (or being delivered) to one endpoint.',
  outbox_event: 'An event of the district (ids, enums and timestamps only).',
  change_log: "Every change to the district's records, for integrators' change feed.",
  district_export: 'Exports of the district (this one included, as RUNNING).',
  retention_setting: 'How long confidential text and deactivated people are kept (years; empty: no limit).',
  retention_run: 'What each daily retention run did (counts).',
  roster_import: 'Each OneRoster file uploaded: its status, who uploaded and applied it, and what it changed (counts).',
  roster_import_problem: 'Each problem an import found: file, line, column and what is wrong.',
  roster_import_change: "Each change of an import's plan: a school, person or role assignment, and what happens to it.",
  roster_role_mapping: 'Which Throughline role each OneRoster role gives, at a school and at the district.',
  learner_consent:
    'The consent register: a learner agreed to a learning partnership session being recorded (and a guardian, where the district asks), for the scope stated; withdrawn_at when they took it back. The label, student id and recording reference are confidential.',
  consent_setting: "Whether the district asks for a guardian's consent, and whether student ids may be recorded.",
};

const COLUMNS: Record<string, string> = {
  id: 'The record\'s id (uuid; the API\'s global ids encode "Type:id").',
  district_id: 'The district (every row of this archive has the same).',
  version: 'Edit counter: each change adds one.',
  created_at: 'When the record was created (UTC, ISO 8601).',
  updated_at: 'When the record last changed (UTC).',
  change_xid: 'Internal: the transaction that last changed it (change feed).',
  valid_from: 'From when this holding was in effect.',
  valid_to: 'Until when it was in effect (empty: still is).',
  staff_member_id: 'A person (staff_member.id).',
  school_id: 'A school (school.id); empty: district-wide.',
  session_id: 'A session (conversation_session.id).',
  conversation_id: 'A conversation (learning_conversation.id).',
  strategy_id: 'A strategy (improvement_strategy.id).',
  owner_id: 'The person responsible (staff_member.id).',
  facilitator_id: 'Who facilitates (staff_member.id).',
  author_id: 'Whose text it is (staff_member.id).',
  status: 'Its status (see the values the API documents).',
  notes: "Confidential: what was said, under the conversation's boundary.",
  check_in: 'Confidential: the check-in line.',
  check_out: 'Confidential: the check-out line.',
  answer: 'Confidential: the answer to a reflection prompt.',
  completion_evidence: 'Confidential: what was done.',
  practice_change_evidence: 'Confidential: the self-reported change of practice.',
  corroboration_note: "Confidential: the corroborating verifier's note.",
  sustained_note: 'Confidential: the note of who confirmed the change as sustained.',
  confidentiality: 'Who may read what is said: PARTICIPANTS, SCHOOL_LEADERS or DISTRICT.',
  email: 'Email address.',
  given_name: 'Given name.',
  family_name: 'Family name.',
  roster_id: "The roster system's id (OneRoster sourcedId).",
  score: 'Quality score, 1 (low) to 4 (high).',
  learner_label: 'Confidential: the label the teacher chose for the learner (learners are pseudonymous).',
  student_id: "Confidential: the learner's student id, only where the district allows them.",
  guardian_relationship: 'Who agreed besides the learner, as a relationship (never a name).',
  scope: 'What the recording may be used for: REMEMBER_AND_REFLECT (to recall and reflect, never to assess).',
  recording_reference: 'Confidential: where the recording is kept (Throughline keeps no audio).',
  texts_purged: 'Texts of the session replaced when the consent was withdrawn.',
};

export function codebook(
  district: { name: string; slug: string },
  tables: readonly CatalogTable[],
  withheldMeaning: boolean,
): string {
  const lines: string[] = [
    `# Codebook: export of ${district.name} (${district.slug})`,
    '',
    'Each table of the district is in `tables/<table>.jsonl` (one JSON object a line) and `tables/<table>.csv`',
    '(RFC 4180, UTF-8, a header line; a cell a spreadsheet would run as a formula starts with a single quote).',
    "Times are UTC in ISO 8601; empty CSV cells and JSON nulls mean no value. `manifest.json` has each file's",
    'row count and SHA-256 checksum. The roster (schools, staff and their roles) is also in OneRoster 1.2 CSV under `oneroster/`.',
    '',
    withheldMeaning
      ? `Confidential text the requester may not read (the conversation's confidentiality boundary) reads \`${WITHHELD}\`.`
      : `All confidential text reads \`${WITHHELD}\`: the requester (the platform operator) reads none of it.`,
    '',
    '## Left out',
    '',
    ...Object.entries(EXCLUDED_TABLES).map(([t, why]) => `- table \`${t}\`: ${why}.`),
    '- secret columns (password, token and secret hashes, sealed secrets): they would let the holder act as the district.',
    '- binary columns (an uploaded roster file): the record, its size and checksum are exported.',
    '',
  ];
  for (const t of tables) {
    lines.push(`## ${t.name}`, '', TABLES[t.name] ?? 'A table of the district (no description yet).', '');
    lines.push('| field | type | meaning |', '| --- | --- | --- |');
    for (const c of t.columns) {
      const omitted = omittedColumn(c);
      const confidential = CONFIDENTIAL_COLUMNS[t.name]?.[c.name];
      const meaning =
        omitted === 'secret'
          ? 'Not exported (a secret).'
          : omitted === 'binary'
            ? 'Not exported (binary content).'
            : (COLUMNS[c.name] ?? (confidential ? 'Confidential text.' : ''));
      lines.push(`| ${c.name} | ${c.type}${c.nullable ? '' : ', required'} | ${meaning.replace(/\|/g, '/')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
