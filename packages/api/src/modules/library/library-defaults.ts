import type { EntityManager } from 'typeorm';

/**
 * What every new district starts with, written for Throughline from the ideas in the source texts. Districts edit
 * all of it; ratings and reflections keep pointing at the item they were given on.
 */
export const DEFAULT_NORMS: [string, string][] = [
  ['Confidentiality', 'What is said in the room stays in the room, unless we agree together to share it.'],
  ['Equity of voice', 'Everyone speaks and is heard; no one person fills the time.'],
  ['Assume good intent', 'We read each other generously and ask before we judge.'],
  ['Stay with the purpose', 'We come back to the question we are here to answer and the learners it is for.'],
];

export const DEFAULT_RUBRIC: [string, string][] = [
  ['Substantive', 'Time goes to the work that matters for student learning, not to logistics.'],
  ['Grounded in recent evidence', 'Current data, student work or observations carry the discussion, not impressions.'],
  [
    'Questions assume responsibility and capacity',
    'Questions treat everyone in the room as able to improve outcomes, and accountable for them.',
  ],
  ['Non-defensive', 'People can name problems, admit uncertainty and disagree without protecting themselves.'],
  ['People know each other as people', 'Relationships and trust are strong enough for candour.'],
  ['Draws on professional knowledge', 'Research and expertise inform the discussion alongside experience.'],
  ['Leads to action', 'It ends with specific commitments: who will do what, by when.'],
  ['Shared inquiry', 'Participants investigate together rather than one person telling the others.'],
  ['Surfaces assumptions and mental models', 'The beliefs behind practices are made visible and examined.'],
  ['Builds new knowledge', 'Participants leave understanding something they did not understand before.'],
];

export const DEFAULT_QUESTIONS: [string, string][] = [
  ['What part of your learning are you proudest of lately, and why?', 'Celebrate'],
  ['What is getting in the way of your learning right now?', 'Barriers'],
  ['Where did you notice yourself thinking differently than before?', 'Growth'],
  ['What evidence tells you that you are making progress?', 'Evidence'],
  ['What would help you take your next step?', 'Support'],
  ['What will you try before we meet again?', 'Commitment'],
];

export const DEFAULT_PROMPTS: string[] = [
  'What did I learn?',
  'What assumptions did I bring, and did they hold?',
  'What strengths did I see, in myself or in others?',
  'What do I need next?',
  'What will I adjust in my practice?',
  'What questions do I want to follow up on?',
];

export const DEFAULT_SKILLS: [string, string][] = [
  ['Framing a purposeful conversation', 'Naming the end in mind and the question the group is there to answer.'],
  [
    'Selecting and presenting data',
    'Choosing evidence that fits the question and showing it so that people can reason with it.',
  ],
  ['Listening', 'Attending fully, paraphrasing, and letting silence do its work.'],
  ['Noticing what others value and worry about', 'Hearing the commitments and concerns beneath what people say.'],
  ['Asking questions that surface assumptions', 'Inviting people to examine the beliefs that shape their practice.'],
  ['Connecting perspectives', 'Linking ideas across people and roles so that the group builds on them.'],
];

/** Creates the district's settings row and default libraries, inside the caller's transaction. */
export async function seedDistrictDefaults(manager: EntityManager, districtId: string): Promise<void> {
  await manager.query(`INSERT INTO district_setting (district_id) VALUES ($1) ON CONFLICT DO NOTHING`, [districtId]);
  const insertAll = async (sql: string, rows: unknown[][]) => {
    for (const [i, row] of rows.entries()) await manager.query(sql, [districtId, i + 1, ...row]);
  };
  await insertAll(
    `INSERT INTO norm (district_id, position, title, description) VALUES ($1, $2, $3, $4)`,
    DEFAULT_NORMS,
  );
  await insertAll(
    `INSERT INTO rubric_criterion (district_id, position, name, description) VALUES ($1, $2, $3, $4)`,
    DEFAULT_RUBRIC,
  );
  await insertAll(
    `INSERT INTO question_bank_item (district_id, position, text, purpose) VALUES ($1, $2, $3, $4)`,
    DEFAULT_QUESTIONS,
  );
  await insertAll(
    `INSERT INTO reflection_prompt (district_id, position, text) VALUES ($1, $2, $3)`,
    DEFAULT_PROMPTS.map((p) => [p]),
  );
  await insertAll(
    `INSERT INTO skill (district_id, position, name, description) VALUES ($1, $2, $3, $4)`,
    DEFAULT_SKILLS,
  );
}
