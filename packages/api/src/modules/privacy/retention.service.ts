import type { EntityManager } from 'typeorm';
import { Permission } from '@throughline/shared';
import { withTenantTransaction } from '../../db/transaction';
import type { JobHandler } from '../../jobs/queue';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ConflictError, InputChecker } from '../../graphql/errors';
import { requireGrant, requireMember } from '../../auth/guard';
import { changedFields, recordAudit } from '../audit/audit.service';

/**
 * Retention (issue 16; docs/privacy.md "Retention"): how long a district keeps confidential text and the personal
 * data of people it deactivated, applied by the daily `privacy.retention` cron task, which records each run.
 *
 * - Confidential text (a session's notes and check-in/out lines, reflection answers, an action's evidence and its
 *   verifiers' notes) of sessions more than `confidentialTextYears` years old (held, else scheduled) is replaced by
 *   PURGED, and so are a learner consent's label, student id and recording reference. Only the text goes: the sessions, attendance, ratings, reflections and actions stay, so every count and
 *   rate of the funnel reads the same after a purge.
 * - People deactivated more than `deactivatedStaffYears` years ago are pseudonymised: names become "Former staff
 *   member", email an address at pseudonymised.invalid, title and roster id cleared, their password, sessions and
 *   single sign-on links removed, their calendar feeds revoked. Their id stays, so their history still adds up.
 * Both limits: 1 to 50 years, or none (null, the default: nothing is purged).
 */

export const RETENTION_TASK = 'privacy.retention';
export const PURGED = '[purged under the district retention policy]';
export const PSEUDONYM_DOMAIN = 'pseudonymised.invalid';
export const YEARS_MIN = 1;
export const YEARS_MAX = 50;

export interface RetentionSettingRow {
  district_id: string;
  confidential_text_years: number | null;
  deactivated_staff_years: number | null;
  version: number;
  updated_at: Date | null;
}

export interface RetentionRunRow {
  id: string;
  ran_at: Date;
  confidential_text_years: number | null;
  deactivated_staff_years: number | null;
  text_cutoff: Date | null;
  staff_cutoff: Date | null;
  sessions_purged: number;
  reflection_answers_purged: number;
  action_texts_purged: number;
  staff_pseudonymised: number;
  consents_purged: number;
}

export interface RetentionUpdate {
  version: number;
  /** undefined: leave as it is; null: no limit. */
  confidentialTextYears?: number | null;
  deactivatedStaffYears?: number | null;
}

async function settingsOf(m: EntityManager, districtId: string): Promise<RetentionSettingRow> {
  const [row] = await m.query(
    `SELECT district_id, confidential_text_years, deactivated_staff_years, version, updated_at
       FROM retention_setting WHERE district_id = $1`,
    [districtId],
  );
  return (
    row ?? {
      district_id: districtId,
      confidential_text_years: null,
      deactivated_staff_years: null,
      version: 0,
      updated_at: null,
    }
  );
}

export const retentionService = {
  async get(ctx: RequestContext): Promise<RetentionSettingRow> {
    const member = requireMember(ctx);
    requireGrant(ctx, Permission.DISTRICT_READ);
    return settingsOf(await managerOf(ctx), member.districtId);
  },

  async update(ctx: RequestContext, input: RetentionUpdate): Promise<RetentionSettingRow> {
    requireGrant(ctx, Permission.DISTRICT_SETTINGS_MANAGE);
    const member = requireMember(ctx);
    const c = new InputChecker();
    for (const field of ['confidentialTextYears', 'deactivatedStaffYears'] as const) {
      const value = input[field];
      if (value === undefined || value === null) continue;
      c.check(
        Number.isInteger(value) && value >= YEARS_MIN && value <= YEARS_MAX,
        field,
        `Give a whole number of years from ${YEARS_MIN} to ${YEARS_MAX}, or null for no limit`,
      );
    }
    c.throwIfAny();
    const m = await managerOf(ctx);
    const current = await settingsOf(m, member.districtId);
    if (input.version !== current.version) throw new ConflictError('RetentionSettings');
    const next = {
      text: input.confidentialTextYears === undefined ? current.confidential_text_years : input.confidentialTextYears,
      staff: input.deactivatedStaffYears === undefined ? current.deactivated_staff_years : input.deactivatedStaffYears,
    };
    const [row] = await m.query(
      `INSERT INTO retention_setting (district_id, confidential_text_years, deactivated_staff_years, version, updated_at)
       VALUES ($1, $2, $3, 1, now())
       ON CONFLICT (district_id) DO UPDATE
          SET confidential_text_years = $2, deactivated_staff_years = $3,
              version = retention_setting.version + 1, updated_at = now()
        WHERE retention_setting.version = $4
       RETURNING district_id, confidential_text_years, deactivated_staff_years, version, updated_at`,
      [member.districtId, next.text, next.staff, input.version],
    );
    if (!row) throw new ConflictError('RetentionSettings');
    await recordAudit(ctx, {
      action: 'retention.update',
      entityType: 'RetentionSettings',
      entityId: null,
      fields: changedFields({
        confidentialTextYears: input.confidentialTextYears,
        deactivatedStaffYears: input.deactivatedStaffYears,
      }),
    });
    return row;
  },

  async runs(ctx: RequestContext, limit: number): Promise<RetentionRunRow[]> {
    requireGrant(ctx, Permission.DISTRICT_SETTINGS_MANAGE);
    const member = requireMember(ctx);
    return (await managerOf(ctx)).query(
      `SELECT id, ran_at, confidential_text_years, deactivated_staff_years, text_cutoff, staff_cutoff, sessions_purged,
              reflection_answers_purged, action_texts_purged, staff_pseudonymised, consents_purged
         FROM retention_run WHERE district_id = $1 ORDER BY ran_at DESC, id LIMIT $2`,
      [member.districtId, Math.max(1, Math.min(limit, 100))],
    );
  },
};

/** Affected rows of an UPDATE/DELETE through TypeORM ([rows, count]). */
function affected(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/** Applies one district's settings now, in one transaction, and records the run. */
export async function applyRetention(m: EntityManager, districtId: string): Promise<RetentionRunRow | null> {
  const settings = await settingsOf(m, districtId);
  if (settings.confidential_text_years === null && settings.deactivated_staff_years === null) return null;
  const counts = { sessions: 0, answers: 0, actions: 0, staff: 0, consents: 0 };
  let textCutoff: Date | null = null;
  let staffCutoff: Date | null = null;
  if (settings.confidential_text_years !== null) {
    [{ cutoff: textCutoff }] = await m.query(`SELECT now() - make_interval(years => $1::int) AS cutoff`, [
      settings.confidential_text_years,
    ]);
    // A session's age: from when it was held, else when it was scheduled.
    const old = `coalesce(s.held_at, s.scheduled_at) < $2`;
    counts.sessions = affected(
      await m.query(
        `UPDATE conversation_session s
            SET notes = CASE WHEN notes IS NULL THEN NULL ELSE $3 END,
                check_in = CASE WHEN check_in IS NULL THEN NULL ELSE $3 END,
                check_out = CASE WHEN check_out IS NULL THEN NULL ELSE $3 END
          WHERE s.district_id = $1 AND ${old}
            AND (notes IS DISTINCT FROM $3 AND notes IS NOT NULL
              OR check_in IS DISTINCT FROM $3 AND check_in IS NOT NULL
              OR check_out IS DISTINCT FROM $3 AND check_out IS NOT NULL)`,
        [districtId, textCutoff, PURGED],
      ),
    );
    counts.answers = affected(
      await m.query(
        `UPDATE reflection_answer a SET answer = $3
           FROM reflection r JOIN conversation_session s ON s.district_id = r.district_id AND s.id = r.session_id
          WHERE a.district_id = $1 AND r.district_id = a.district_id AND r.id = a.reflection_id AND ${old}
            AND a.answer <> $3`,
        [districtId, textCutoff, PURGED],
      ),
    );
    const actionText = ['completion_evidence', 'practice_change_evidence', 'corroboration_note', 'sustained_note'];
    counts.actions = affected(
      await m.query(
        `UPDATE action_item t
            SET ${actionText.map((c) => `${c} = CASE WHEN t.${c} IS NULL THEN NULL ELSE $3 END`).join(', ')}
           FROM conversation_session s
          WHERE t.district_id = $1 AND s.district_id = t.district_id AND s.id = t.session_id AND ${old}
            AND (${actionText.map((c) => `(t.${c} IS NOT NULL AND t.${c} <> $3)`).join(' OR ')})`,
        [districtId, textCutoff, PURGED],
      ),
    );
    // The consent register keeps who agreed and when; the learner's label, student id and recording reference go.
    counts.consents = affected(
      await m.query(
        `UPDATE learner_consent t SET learner_label = $3, student_id = NULL, recording_reference = NULL,
                version = t.version + 1, updated_at = now()
           FROM conversation_session s
          WHERE t.district_id = $1 AND s.district_id = t.district_id AND s.id = t.session_id AND ${old}
            AND (t.learner_label <> $3 OR t.student_id IS NOT NULL OR t.recording_reference IS NOT NULL)`,
        [districtId, textCutoff, PURGED],
      ),
    );
  }
  if (settings.deactivated_staff_years !== null) {
    [{ cutoff: staffCutoff }] = await m.query(`SELECT now() - make_interval(years => $1::int) AS cutoff`, [
      settings.deactivated_staff_years,
    ]);
    const people: { id: string }[] = await m.query(
      `SELECT id FROM staff_member
        WHERE district_id = $1 AND NOT active AND deactivated_at < $2 AND email NOT LIKE $3`,
      [districtId, staffCutoff, `%@${PSEUDONYM_DOMAIN}`],
    );
    const ids = people.map((p) => p.id);
    if (ids.length) {
      await m.query(
        `UPDATE staff_member
            SET given_name = 'Former', family_name = 'staff member', title = NULL, roster_id = NULL,
                email = 'former-' || id::text || '@${PSEUDONYM_DOMAIN}', version = version + 1, updated_at = now()
          WHERE district_id = $1 AND id = ANY($2::uuid[])`,
        [districtId, ids],
      );
      // What would let anyone sign in as them goes; their calendar feeds are revoked.
      for (const table of ['credential', 'refresh_token', 'staff_identity']) {
        await m.query(`DELETE FROM "${table}" WHERE district_id = $1 AND staff_member_id = ANY($2::uuid[])`, [
          districtId,
          ids,
        ]);
      }
      await m.query(
        `UPDATE calendar_feed SET revoked_at = now()
          WHERE district_id = $1 AND staff_member_id = ANY($2::uuid[]) AND revoked_at IS NULL`,
        [districtId, ids],
      );
    }
    counts.staff = ids.length;
  }
  const [run] = await m.query(
    `INSERT INTO retention_run (district_id, confidential_text_years, deactivated_staff_years, text_cutoff, staff_cutoff,
                                sessions_purged, reflection_answers_purged, action_texts_purged, staff_pseudonymised,
                                consents_purged)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     RETURNING id, ran_at, confidential_text_years, deactivated_staff_years, text_cutoff, staff_cutoff, sessions_purged,
               reflection_answers_purged, action_texts_purged, staff_pseudonymised, consents_purged`,
    [
      districtId,
      settings.confidential_text_years,
      settings.deactivated_staff_years,
      textCutoff,
      staffCutoff,
      counts.sessions,
      counts.answers,
      counts.actions,
      counts.staff,
      counts.consents,
    ],
  );
  await m.query(
    `INSERT INTO audit_event (district_id, actor_kind, actor_id, action, entity_type, entity_id)
     VALUES ($1, 'SYSTEM', NULL, 'retention.run', 'RetentionRun', $2)`,
    [districtId, run.id],
  );
  return run;
}

/**
 * The daily cron task: each district with a retention setting, in a transaction of its own (the district's claims).
 * Districts are found through a SECURITY-free route: the API role sees retention_setting rows of no district without
 * claims, so it walks the district ids the operator flag shows, then applies each under that district's RLS.
 */
export const runRetention: JobHandler = async (_payload, run) => {
  const { dataSource, logger } = run.deps;
  const districts: { id: string }[] = await withTenantTransaction(
    dataSource,
    { districtId: null, platformOperator: true },
    (m) => m.query(`SELECT id FROM district ORDER BY id`),
  );
  for (const { id } of districts) {
    if (run.abortSignal.aborted) return;
    const result = await withTenantTransaction(dataSource, { districtId: id }, (m) => applyRetention(m, id), {
      statementTimeoutMs: 10 * 60_000,
    });
    if (result) {
      logger.info('retention applied', {
        districtId: id,
        sessions: result.sessions_purged,
        answers: result.reflection_answers_purged,
        actions: result.action_texts_purged,
        staff: result.staff_pseudonymised,
      });
    }
  }
};
