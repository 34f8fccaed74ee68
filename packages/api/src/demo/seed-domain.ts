import type { EntityManager } from 'typeorm';
import { occurrences } from '../modules/schedule/cadence';
import { recordMissingExpectedParticipants } from '../modules/session/expected-record';
import {
  DEMO_ACTIONS,
  DEMO_COMPLETION_EVIDENCE,
  DEMO_DOMAIN,
  DEMO_NOTES,
  DEMO_PRACTICE_CHANGE,
  type DemoConversation,
} from './demo-domain';

/** A small seeded generator, so the demo is the same on every machine (relative to the day it is seeded). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;

function localParts(instant: Date, timezone: string): { day: string; time: string } {
  const s = new Intl.DateTimeFormat('sv-SE', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  const [day, time] = s.split(' ');
  return { day, time };
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

interface Lookup {
  districtId: string;
  timezone: string;
  staff: Map<string, string>;
  schools: Map<string, string>;
  /** Staff ids holding a role, by `${role}:${schoolId|''}`. */
  roleHolders: Map<string, string[]>;
  criteria: string[];
  prompts: string[];
}

async function lookup(m: EntityManager, slug: string): Promise<Lookup | null> {
  const [d] = await m.query(`SELECT id, timezone FROM district WHERE slug = $1`, [slug]);
  if (!d) return null;
  const staff: { id: string; email: string }[] = await m.query(
    `SELECT id, email FROM staff_member WHERE district_id = $1`,
    [d.id],
  );
  const schools: { id: string; code: string }[] = await m.query(`SELECT id, code FROM school WHERE district_id = $1`, [
    d.id,
  ]);
  const roles: { staff_member_id: string; role: string; school_id: string | null }[] = await m.query(
    `SELECT staff_member_id, role, school_id FROM role_assignment WHERE district_id = $1`,
    [d.id],
  );
  const roleHolders = new Map<string, string[]>();
  for (const r of roles) {
    const key = `${r.role}:${r.school_id ?? ''}`;
    roleHolders.set(key, [...(roleHolders.get(key) ?? []), r.staff_member_id]);
  }
  const criteria = (
    await m.query(`SELECT id FROM rubric_criterion WHERE district_id = $1 ORDER BY position`, [d.id])
  ).map((r: { id: string }) => r.id);
  const prompts = (
    await m.query(`SELECT id FROM reflection_prompt WHERE district_id = $1 ORDER BY position`, [d.id])
  ).map((r: { id: string }) => r.id);
  return {
    districtId: d.id,
    timezone: d.timezone,
    staff: new Map(staff.map((s) => [s.email, s.id])),
    schools: new Map(schools.map((s) => [s.code, s.id])),
    roleHolders,
    criteria,
    prompts,
  };
}

/**
 * Seeds each demo district's strategies and conversations with a term of sessions around today: held, missed and
 * cancelled; attendance, evidence, ratings, reflections, and actions in every status. Runs inside the caller's
 * transaction with the district claim set; idempotent per district (skips one that already has strategies).
 */
export async function seedDemoDomain(m: EntityManager, slug: string, now: Date = new Date()): Promise<void> {
  const plan = DEMO_DOMAIN.find((d) => d.slug === slug);
  const l = await lookup(m, slug);
  if (!plan || !l) return;
  const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM improvement_strategy WHERE district_id = $1`, [
    l.districtId,
  ]);
  if (n > 0) return;
  const rand = prng(slug.length * 7919);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const today = localParts(now, l.timezone).day;
  const conversationIds = new Map<string, string>();
  /** Counts self-reported practice changes, to verify some of them without drawing from rand. */
  let verifyTurn = 0;

  for (const c of plan.conversations) {
    const schoolId = c.school ? l.schools.get(c.school)! : null;
    const firstLocal = firstOnRule(c, today, l.timezone);
    const [{ id }] = await m.query(
      `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, cadence, first_starts_at, duration_minutes, setting,
         facilitator_id, protocol, evidence_to_bring, confidentiality, schedule_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        l.districtId,
        schoolId,
        c.title,
        c.type,
        c.purpose,
        c.cadence,
        firstLocal,
        c.durationMinutes,
        c.setting,
        l.staff.get(c.facilitator),
        c.protocol,
        c.evidenceToBring,
        c.confidentiality,
        addDays(today, 56),
      ],
    );
    conversationIds.set(c.key, id);
    const participants = c.participants.map((e) => l.staff.get(e)!).filter(Boolean);
    for (const p of participants)
      await m.query(
        `INSERT INTO conversation_participant (district_id, conversation_id, staff_member_id) VALUES ($1, $2, $3)`,
        [l.districtId, id, p],
      );
    for (const role of c.participantRoles)
      await m.query(
        `INSERT INTO conversation_participant_role (district_id, conversation_id, role) VALUES ($1, $2, $3)`,
        [l.districtId, id, role],
      );
    const roleMembers = c.participantRoles.flatMap((role) => [
      ...(l.roleHolders.get(`${role}:${schoolId ?? ''}`) ?? []),
      ...(schoolId ? [] : [...l.roleHolders.entries()].filter(([k]) => k.startsWith(`${role}:`)).flatMap(([, v]) => v)),
    ]);
    const people = [...new Set([...participants, ...roleMembers])].filter((p) => p !== l.staff.get(c.facilitator));

    const times = occurrences({
      rrule: c.cadence,
      start: firstLocal,
      timezone: l.timezone,
      from: new Date(0),
      until: new Date(Date.parse(`${addDays(today, 57)}T00:00:00Z`)),
    });
    for (const at of times) {
      const past = at.getTime() < now.getTime();
      const r = rand();
      const status = !past
        ? 'SCHEDULED'
        : r < c.heldShare
          ? 'HELD'
          : r < c.heldShare + 0.08
            ? 'CANCELLED'
            : 'SCHEDULED';
      const held = status === 'HELD';
      const heldDay = localParts(at, l.timezone).day;
      const protocolLines = held && c.protocol === 'CHECK_IN_CHECK_OUT';
      const [{ id: sessionId }] = await m.query(
        `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes, cancel_reason, notes, check_in, check_out, recording_consent, cancelled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $4 = 'CANCELLED' THEN $3::timestamptz - interval '3 days' END) RETURNING id`,
        [
          l.districtId,
          id,
          at,
          status,
          held ? at : null,
          held ? c.durationMinutes - 5 + Math.floor(rand() * 11) : null,
          status === 'CANCELLED' ? pick(['Assessment week', 'Staff illness', 'School event in the building']) : null,
          held ? pick(DEMO_NOTES) : null,
          protocolLines
            ? pick([
                'One word for the week: stretched',
                'Something I am proud of this week',
                'What is on my mind as we start',
              ])
            : null,
          protocolLines
            ? pick(['One thing I will try on Monday', 'A question I am taking away', 'What I want us to keep doing'])
            : null,
          held && rand() < 0.3,
        ],
      );
      if (!held) continue;
      const attendees = [l.staff.get(c.facilitator)!, ...people.filter(() => rand() < 0.85)];
      for (const a of attendees)
        await m.query(`INSERT INTO session_attendance (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`, [
          l.districtId,
          sessionId,
          a,
        ]);
      const e = rand();
      if (e < 0.85) {
        const back = e < 0.72 ? 1 + Math.floor(rand() * 20) : 35 + Math.floor(rand() * 20);
        await m.query(
          `INSERT INTO session_evidence (district_id, session_id, kind, description, collected_on) VALUES ($1, $2, $3, $4, $5)`,
          [
            l.districtId,
            sessionId,
            pick(['ASSESSMENT', 'STUDENT_WORK', 'OBSERVATION', 'SURVEY']),
            pick([
              'Common assessment item analysis',
              'Student work samples from the unit',
              'Walk-through notes',
              'Exit tickets',
              'Student survey results',
            ]),
            addDays(heldDay, -back),
          ],
        );
      }
      const criteria = l.criteria.filter(() => rand() < 0.6);
      for (const rater of attendees.filter(() => rand() < 0.75)) {
        for (const criterion of criteria) {
          const score = Math.min(4, Math.max(1, Math.round(2.2 + rand() * 2 + (c.heldShare - 0.7))));
          await m.query(
            `INSERT INTO quality_rating (district_id, session_id, rater_id, criterion_id, score) VALUES ($1, $2, $3, $4, $5)`,
            [l.districtId, sessionId, rater, criterion, score],
          );
        }
      }
      for (const author of attendees.filter(() => rand() < 0.25)) {
        const [{ id: reflectionId }] = await m.query(
          `INSERT INTO reflection (district_id, session_id, author_id, shared) VALUES ($1, $2, $3, $4) RETURNING id`,
          [l.districtId, sessionId, author, rand() < 0.5],
        );
        for (const prompt of [l.prompts[0], l.prompts[4]]) {
          await m.query(
            `INSERT INTO reflection_answer (district_id, reflection_id, prompt_id, answer) VALUES ($1, $2, $3, $4)`,
            [
              l.districtId,
              reflectionId,
              prompt,
              pick([
                'That the students knew more than I assumed.',
                'I will plan the questions before the lesson.',
                'Grouping from evidence takes less time than I feared.',
                'I want to listen longer before suggesting.',
              ]),
            ],
          );
        }
      }
      const owners = attendees.length > 1 ? attendees.slice(1) : attendees;
      const count = rand() < 0.65 ? 1 + Math.floor(rand() * 2) : 0;
      for (let i = 0; i < count; i++) {
        const due = addDays(heldDay, 5 + Math.floor(rand() * 10));
        let status = 'OPEN';
        let completed: string | null = null;
        let evidence: string | null = null;
        const s = rand();
        if (due < today) {
          if (s < 0.6) {
            status = 'DONE';
            completed = addDays(due, rand() < 0.8 ? -Math.floor(rand() * 4) : 3);
            if (completed > today) completed = today;
            if (completed < heldDay) completed = heldDay;
            evidence = rand() < 0.6 ? pick(DEMO_PRACTICE_CHANGE) : null;
          } else if (s < 0.72) status = 'DROPPED';
          else status = rand() < 0.5 ? 'IN_PROGRESS' : 'OPEN';
        } else if (s < 0.4) status = 'IN_PROGRESS';
        const owner = pick(owners);
        const description = pick(DEMO_ACTIONS);
        // Without drawing from rand (the rest of the term stays as it was): DONE actions carry evidence of what was
        // done and the server's completion time on their day; every other self-reported practice change is
        // corroborated by the facilitator the next day, and re-checked as sustained 43 days later once that is past.
        const facilitator = l.staff.get(c.facilitator)!;
        const turn = evidence && owner !== facilitator ? verifyTurn++ : -1;
        const corroborate = completed !== null && turn % 2 === 0 && addDays(completed, 2) <= today;
        const sustain = corroborate && addDays(completed!, 45) <= today;
        await m.query(
          `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on, status, completed_on, practice_change_evidence,
             completed_at, completion_evidence, corroborated_by, corroborated_at, corroboration_kind, corroboration_note,
             sustained_by, sustained_at, sustained_kind, sustained_note)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
             CASE WHEN $6 = 'DONE' THEN least(now(), ($7::date + time '16:00') AT TIME ZONE $9) END,
             CASE WHEN $6 = 'DONE' THEN $10 END,
             CASE WHEN $11 THEN $12::uuid END, CASE WHEN $11 THEN ($7::date + 1 + time '16:00') AT TIME ZONE $9 END,
             CASE WHEN $11 THEN $13 END, CASE WHEN $11 THEN 'Saw it in a walkthrough of the lesson.' END,
             CASE WHEN $14 THEN $12::uuid END, CASE WHEN $14 THEN ($7::date + 44 + time '16:00') AT TIME ZONE $9 END,
             CASE WHEN $14 THEN 'STUDENT_WORK' END, CASE WHEN $14 THEN 'Still visible in this month''s student work.' END)`,
          [
            l.districtId,
            sessionId,
            owner,
            description,
            due,
            status,
            completed,
            evidence,
            l.timezone,
            DEMO_COMPLETION_EVIDENCE[Math.max(turn, 0) % DEMO_COMPLETION_EVIDENCE.length],
            corroborate,
            facilitator,
            (['WALKTHROUGH_NOTE', 'ARTIFACT', 'STUDENT_WORK'] as const)[Math.max(turn, 0) % 3],
            sustain,
          ],
        );
      }
    }
  }

  for (const s of plan.strategies) {
    const [{ id }] = await m.query(
      `INSERT INTO improvement_strategy (district_id, school_id, title, goal, kind, status, starts_on, ends_on, owner_id, success_measures)
       VALUES ($1, $2, $3, $4, $5, 'ACTIVE', $6, $7, $8, $9) RETURNING id`,
      [
        l.districtId,
        s.school ? l.schools.get(s.school) : null,
        s.title,
        s.goal,
        s.kind,
        addDays(today, -90),
        addDays(today, 200),
        l.staff.get(s.owner),
        s.successMeasures,
      ],
    );
    for (const map of s.maps) {
      await m.query(
        // A first mapping holds from the conversation's start (strategy/mapping.service.ts).
        `INSERT INTO conversation_mapping (district_id, strategy_id, conversation_id, dimension, expected_change, valid_from)
         SELECT $1::uuid, $2::uuid, $3::uuid, $4::text, $5::text,
                least(now(), (SELECT min(s.scheduled_at) FROM conversation_session s
                               WHERE s.district_id = $1::uuid AND s.conversation_id = $3::uuid))`,
        [l.districtId, id, conversationIds.get(map.conversation), map.dimension, map.expectedChange],
      );
    }
  }
  // Who was expected at each session, as the API records it when it schedules one (session/rules/expected.ts).
  await recordMissingExpectedParticipants(m, l.districtId);
}

/** The first session on the cadence at or after `startDaysAgo`, as a local 'YYYY-MM-DDTHH:mm'. */
function firstOnRule(c: DemoConversation, today: string, timezone: string): string {
  const candidate = `${addDays(today, -c.startDaysAgo)}T${c.time}`;
  if (!c.cadence) return candidate;
  const [, onRule] = occurrences({
    rrule: c.cadence,
    start: candidate,
    timezone,
    from: new Date(0),
    until: new Date(Date.parse(`${today}T00:00:00Z`) + 60 * DAY),
    limit: 2,
  });
  const { day, time } = localParts(onRule, timezone);
  return `${day}T${time}`;
}
