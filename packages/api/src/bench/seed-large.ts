import type { DataSource } from 'typeorm';
import { hashPassword } from '../auth/passwords';
import { seedDistrictDefaults } from '../modules/library/library-defaults';
import type { Logger } from '../logger';
import { recordMissingExpectedParticipants } from '../modules/session/expected-record';

export const LARGE_SLUG = 'metro-large';
/** The funnel's trigger on inserts of expected participants (migration FunnelRollups). */
const EXPECTED_INSERT_TRIGGER = 'session_expected_participant_funnel_insert';
export const LARGE_ADMIN = 'admin@metro-large.example';

export interface LargeShape {
  schools: number;
  staffPerSchool: number;
  conversationsPerSchool: number;
  sessionsPerConversation: number;
  actionsPerHeldSession: number;
}

/** 200 schools, 10,000 staff, 2,000 conversations, 200,000 sessions, about 300,000 action items. */
export const LARGE: LargeShape = {
  schools: 200,
  staffPerSchool: 50,
  conversationsPerSchool: 10,
  sessionsPerConversation: 100,
  actionsPerHeldSession: 3,
};

export interface SeedLargeResult {
  districtId: string;
  created: boolean;
  /** When created: how long each step took, and the whole seed. */
  timings?: { step: string; ms: number }[];
  seconds?: number;
}

/**
 * Builds one large district for benchmarks with set-based SQL (generate_series), in one transaction with the
 * district claim set, so it works through row-level security. Spread over a school year centred on today:
 * past sessions are mostly held, some missed or cancelled; held ones have attendance, evidence, ratings and actions.
 */
export async function seedLarge(
  owner: DataSource,
  logger: Logger,
  shape: LargeShape = LARGE,
): Promise<SeedLargeResult> {
  const passwordHash = await hashPassword('throughline-demo');
  const started = Date.now();
  const result = await owner.transaction(async (m): Promise<SeedLargeResult> => {
    await m.query(`SELECT set_config('app.platform_operator', 'on', true)`);
    const [existing] = await m.query(`SELECT id FROM district WHERE slug = $1`, [LARGE_SLUG]);
    if (existing) return { districtId: existing.id as string, created: false };

    // Each step is one set-based statement, then ANALYZE of the table it filled: the next steps join on it, and
    // without statistics (nothing is committed yet, autovacuum sees none of it) the planner takes a 200,000-row
    // table for an empty one and picks nested loops that run for many minutes instead of hash joins.
    const timings: { step: string; ms: number }[] = [];
    const step = async (label: string, sql: string, params: unknown[] = [], analyze?: string) => {
      const t = Date.now();
      const result = await m.query(sql, params);
      if (analyze) await m.query(`ANALYZE ${analyze}`);
      timings.push({ step: label, ms: Date.now() - t });
      logger.info('seed:large', { step: label, ms: Date.now() - t });
      return result;
    };
    const [{ id: d }] = await m.query(
      `INSERT INTO district (name, slug, timezone, academic_year_start_month) VALUES ('Metro Large District', $1, 'America/New_York', 8) RETURNING id`,
      [LARGE_SLUG],
    );
    await m.query(`SELECT set_config('app.district_id', $1, true)`, [d]);
    await seedDistrictDefaults(m, d);
    const { schools, staffPerSchool, conversationsPerSchool, sessionsPerConversation, actionsPerHeldSession } = shape;
    await step(
      'schools',
      `INSERT INTO school (district_id, name, code, grade_low, grade_high)
      SELECT $1, 'School ' || g, 'ML-' || lpad(g::text, 4, '0'), 0, 8 FROM generate_series(1, $2) g`,
      [d, schools],
    );
    await step(
      'staff',
      `INSERT INTO staff_member (district_id, given_name, family_name, email, title, roster_id)
      SELECT $1, 'Staff', 'Member ' || g, 'staff' || g || '@metro-large.example', 'Teacher', 'R' || g FROM generate_series(1, $2) g`,
      [d, schools * staffPerSchool],
      'staff_member',
    );
    await m.query(
      `INSERT INTO staff_member (district_id, given_name, family_name, email, title) VALUES ($1, 'Morgan', 'Admin', $2, 'District administrator')`,
      [d, LARGE_ADMIN],
    );
    await m.query(
      `INSERT INTO credential (district_id, staff_member_id, password_hash) SELECT $1, id, $2 FROM staff_member WHERE district_id = $1 AND email = $3`,
      [d, passwordHash, LARGE_ADMIN],
    );
    await m.query(
      `INSERT INTO role_assignment (district_id, staff_member_id, role) SELECT $1, id, 'DISTRICT_ADMIN' FROM staff_member WHERE district_id = $1 AND email = $2`,
      [d, LARGE_ADMIN],
    );
    // Staff n belongs to school ceil(n / staffPerSchool): the first is its leader, the next two coaches, the rest teachers.
    await step(
      'roles',
      `INSERT INTO role_assignment (district_id, staff_member_id, role, school_id)
      SELECT $1, sm.id, CASE k WHEN 0 THEN 'SCHOOL_LEADER' WHEN 1 THEN 'COACH' WHEN 2 THEN 'COACH' ELSE 'TEACHER' END, sc.id
        FROM (SELECT id, (substring(roster_id from 2)::int - 1) AS n FROM staff_member WHERE district_id = $1 AND roster_id IS NOT NULL) sm
        CROSS JOIN LATERAL (SELECT sm.n % $2 AS k, sm.n / $2 + 1 AS school_no) x
        JOIN school sc ON sc.district_id = $1 AND sc.code = 'ML-' || lpad(x.school_no::text, 4, '0')`,
      [d, staffPerSchool],
      'role_assignment',
    );
    await step(
      'strategies',
      `INSERT INTO improvement_strategy (district_id, school_id, title, goal, kind, status, starts_on, ends_on, owner_id)
      SELECT $1, sc.id, 'Strategy ' || k || ' of ' || sc.code, 'A student-learning goal', (ARRAY['DATA_TEAMS','COACHING'])[k], 'ACTIVE',
             current_date - 210, current_date + 120, ra.staff_member_id
        FROM school sc CROSS JOIN generate_series(1, 2) k
        JOIN role_assignment ra ON ra.district_id = sc.district_id AND ra.school_id = sc.id AND ra.role = 'SCHOOL_LEADER'
       WHERE sc.district_id = $1`,
      [d],
      'improvement_strategy',
    );
    await step(
      'conversations',
      `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, cadence, first_starts_at, duration_minutes, facilitator_id, confidentiality, schedule_until)
      SELECT $1, sc.id, 'Conversation ' || k || ' at ' || sc.code,
             (ARRAY['DATA_TEAM','PLC','COACHING','POST_OBSERVATION_DEBRIEF','JOINT_PLANNING'])[1 + k % 5], 'Purpose',
             'FREQ=WEEKLY;BYDAY=TU', to_char(current_date - 200, 'YYYY-MM-DD') || 'T15:30', 45,
             (SELECT ra.staff_member_id FROM role_assignment ra WHERE ra.district_id = sc.district_id AND ra.school_id = sc.id AND ra.role = 'COACH' ORDER BY ra.staff_member_id LIMIT 1),
             'SCHOOL_LEADERS', current_date + 80
        FROM school sc CROSS JOIN generate_series(1, $2) k WHERE sc.district_id = $1`,
      [d, conversationsPerSchool],
      'learning_conversation',
    );
    await step(
      'participant roles',
      `INSERT INTO conversation_participant_role (district_id, conversation_id, role) SELECT $1, id, 'TEACHER' FROM learning_conversation WHERE district_id = $1`,
      [d],
      'conversation_participant_role',
    );
    await step(
      'mappings',
      `INSERT INTO conversation_mapping (district_id, strategy_id, conversation_id, dimension, expected_change, valid_from)
      SELECT $1, st.id, c.id, 'PRACTICE', 'Practice changes', current_date - 365
        FROM learning_conversation c
        JOIN LATERAL (SELECT s.id FROM improvement_strategy s WHERE s.district_id = c.district_id AND s.school_id = c.school_id
                       ORDER BY s.title OFFSET (substring(c.title from 'Conversation ([0-9]+)')::int % 2) LIMIT 1) st ON true
       WHERE c.district_id = $1`,
      [d],
      'conversation_mapping',
    );
    // Sessions every 2.8 days through the year, centred on today; 70% of past ones held, 10% cancelled, 20% missed.
    await step(
      'sessions',
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes, cancel_reason, cancelled_at, notes)
      SELECT $1, c.id, t.at,
             CASE WHEN t.at >= now() THEN 'SCHEDULED' WHEN h < 70 THEN 'HELD' WHEN h < 80 THEN 'CANCELLED' ELSE 'SCHEDULED' END,
             CASE WHEN t.at < now() AND h < 70 THEN t.at END,
             CASE WHEN t.at < now() AND h < 70 THEN 45 END,
             CASE WHEN t.at < now() AND h >= 70 AND h < 80 THEN 'Cancelled' END,
             CASE WHEN t.at < now() AND h >= 70 AND h < 80 THEN t.at - interval '3 days' END,
             CASE WHEN t.at < now() AND h < 70 THEN 'Notes of the session' END
        FROM learning_conversation c
        CROSS JOIN generate_series(0, $2 - 1) k
        CROSS JOIN LATERAL (SELECT (current_date - 200 + time '15:30') AT TIME ZONE 'America/New_York' + make_interval(hours => (k * 67)) AS at,
                                   abs(hashtext(c.id::text || k)) % 100 AS h) t
       WHERE c.district_id = $1`,
      [d, sessionsPerConversation],
      'conversation_session',
    );
    await step(
      'attendance',
      `INSERT INTO session_attendance (district_id, session_id, staff_member_id)
      SELECT $1, s.id, ra.staff_member_id
        FROM conversation_session s
        JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
        JOIN LATERAL (SELECT staff_member_id FROM role_assignment ra WHERE ra.district_id = c.district_id AND ra.school_id = c.school_id
                       AND ra.role IN ('COACH','TEACHER') ORDER BY ra.staff_member_id OFFSET abs(hashtext(s.id::text)) % 40 LIMIT 4) ra ON true
       WHERE s.district_id = $1 AND s.status = 'HELD'`,
      [d],
      'session_attendance',
    );
    await step(
      'evidence',
      `INSERT INTO session_evidence (district_id, session_id, kind, description, collected_on)
      SELECT $1, s.id, 'ASSESSMENT', 'Assessment results', (s.held_at AT TIME ZONE 'America/New_York')::date - (abs(hashtext(s.id::text)) % 45)
        FROM conversation_session s WHERE s.district_id = $1 AND s.status = 'HELD' AND abs(hashtext(s.id::text || 'e')) % 10 < 8`,
      [d],
      'session_evidence',
    );
    await step(
      'ratings',
      `INSERT INTO quality_rating (district_id, session_id, rater_id, criterion_id, score)
      SELECT $1, a.session_id, a.staff_member_id, rc.id, 1 + abs(hashtext(a.session_id::text || a.staff_member_id::text || rc.id::text)) % 4
        FROM session_attendance a
        JOIN LATERAL (SELECT id FROM rubric_criterion WHERE district_id = $1 ORDER BY position LIMIT 3) rc ON true
       WHERE a.district_id = $1 AND abs(hashtext(a.session_id::text)) % 2 = 0`,
      [d],
      'quality_rating',
    );
    await step(
      'actions',
      `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on, status, completed_on, practice_change_evidence)
      SELECT $1, s.id, a.owner, 'Follow-up action', x.due,
             CASE WHEN x.r < 50 AND x.due <= current_date THEN 'DONE' WHEN x.r < 60 THEN 'DROPPED' WHEN x.r < 75 THEN 'IN_PROGRESS' ELSE 'OPEN' END,
             -- A completion can never come before the session (past-due actions stay past due).
             CASE WHEN x.r < 50 AND x.due <= current_date
                  THEN greatest(x.due - (x.r % 3), (s.held_at AT TIME ZONE 'America/New_York')::date) END,
             CASE WHEN x.r < 25 AND x.due <= current_date THEN 'Visible change in practice' END
        FROM conversation_session s
        CROSS JOIN generate_series(1, $2) k
        JOIN LATERAL (SELECT staff_member_id AS owner FROM session_attendance sa WHERE sa.district_id = s.district_id AND sa.session_id = s.id
                       ORDER BY staff_member_id OFFSET (k - 1) % 4 LIMIT 1) a ON true
        CROSS JOIN LATERAL (SELECT (s.held_at AT TIME ZONE 'America/New_York')::date + 7 + (abs(hashtext(s.id::text || k)) % 14) AS due,
                                   abs(hashtext(s.id::text || k || 'r')) % 100 AS r) x
       WHERE s.district_id = $1 AND s.status = 'HELD'`,
      [d, actionsPerHeldSession],
      'action_item',
    );
    // Who was expected at each session, as the API records it when it schedules one: the same rule
    // (session/rules/expected.ts) in the same set-based statement every writer of sessions uses (expected-record.ts).
    // About 9.4 million rows (a conversation of a whole school's teachers expects each of them). The funnel's rollups of
    // who was expected are rebuilt once from them (funnel_rebuild, as `npm run rollup:rebuild` does) rather than by
    // the insert's own statement trigger: 677 s with the trigger, 224 s + 72 s without (2026-12-02). The trigger is off
    // in this transaction only (ALTER TABLE is transactional: a failed seed leaves it on).
    let t = Date.now();
    await m.query(`ALTER TABLE session_expected_participant DISABLE TRIGGER ${EXPECTED_INSERT_TRIGGER}`);
    await recordMissingExpectedParticipants(m, d);
    await m.query(`ALTER TABLE session_expected_participant ENABLE TRIGGER ${EXPECTED_INSERT_TRIGGER}`);
    timings.push({ step: 'expected participants', ms: Date.now() - t });
    t = Date.now();
    await m.query(`SELECT funnel_rebuild($1)`, [d]);
    timings.push({ step: 'rollups rebuilt', ms: Date.now() - t });
    return { districtId: d as string, created: true, timings };
  });
  if (!result.created) return result;
  // Measured as a district that has lived a while is: the new pages' visibility map set and their rows' hint bits
  // written (as pgbench vacuums before it runs), not by the first queries that happen to read them. Right after
  // seeding, the strategy page of 50 took 29 ms and the SQL floor's 14 ms; after this, 20.5 and 9.1 ms.
  const t = Date.now();
  await owner.query(`VACUUM (ANALYZE)`);
  result.timings!.push({ step: 'vacuum', ms: Date.now() - t });
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  logger.info('seed:large done', { seconds });
  return { ...result, seconds };
}
