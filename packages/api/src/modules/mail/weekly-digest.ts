import type { EntityManager } from 'typeorm';
import { effectivePermissions, Permission, StrategyHealth, StrategyStatus, type Role } from '@throughline/shared';
import { withTenantTransaction } from '../../db/transaction';
import { eachActiveDistrict } from './each-district';
import { currentSql } from '../../db/effective-dated';
import type { Scope } from '../../auth/scope';
import type { JobHandler, MailSettings } from '../../jobs/queue';
import { schoolScope, strategyScope } from '../analytics/funnel-scope';
import { TrendInterval, type DateWindowInput } from '../analytics/funnel.input';
import { OVERDUE_TODAY } from '../analytics/funnel.sql';
import { funnelService } from '../analytics/funnel.service';
import { WINDOW_MAX_DAYS } from '../analytics/window';
import { StrategyEntity } from '../strategy/strategy.entity';
import { MailKind, queueMessage, recipientOptions } from './messages';
import { weeklyDigestMessage, type WeeklySchool } from './templates';

/**
 * The school leader's weekly digest (issue 13): every school leader (a current SCHOOL_LEADER assignment at a school)
 * gets, once a week, one message about the schools they lead:
 * - the past week's sessions due, held, missed and missed with a reason: the school funnel's own figures
 *   (analytics/funnel.service.ts `funnelOf` over analytics/funnel-scope.ts `schoolScope`, so the rules of
 *   session/rules, and the rollups, exactly as the portal's funnel for that school and week);
 * - the school's actions overdue today (analytics/funnel.sql.ts OVERDUE_TODAY, action/rules/overdue.ts): how many,
 *   and the first OVERDUE_LISTED by conversation title, owner and due day (never an action's own text);
 * - its active strategies off track: each graded by the funnel's strategy health (analytics/health.ts) over the
 *   window the portal's strategy page opens on (from the strategy's start, else the last 90 days) to the week's end,
 *   within what the leader may open (their conversation reach, as in the portal).
 *
 * When: the week is the district's calendar week (Monday to Sunday, in its zone) that ended last; the digest goes
 * from the district's local Monday at its digest hour (`mail_setting.digest_hour`, 7 by default) on, and a worker
 * that was down then sends it at its next run that week. Once per leader per week across every worker:
 * `sent_reminder` (WEEKLY_DIGEST, the leader, round = the week's Monday as YYYYMMDD) is inserted in the transaction
 * that queues the message. Whether it goes at all, in which language, and after quiet hours: the leader's options for
 * the kind (messages.ts recipientOptions: active, the district's default, their choice); a district with reminders
 * turned off sends none. Demo districts keep it in the outbox like any other message.
 */

export const WEEKLY_DIGEST_TASK = 'mail.weekly-digests';
/** How many overdue actions a school's section lists (the count covers all of them). */
export const OVERDUE_LISTED = 20;
/** The portal's window for a strategy that started too long ago (strategies/StrategyFunnel.tsx defaultWindow). */
const HEALTH_FALLBACK_DAYS = 90;

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The week a digest sent now covers, and whether it is due yet (the district's Monday, from its digest hour). */
export async function digestWeek(
  m: EntityManager,
  districtId: string,
): Promise<{ from: string; to: string; round: number; due: boolean; timezone: string }> {
  const [row] = await m.query(
    `SELECT to_char(w.monday - 7, 'YYYY-MM-DD') AS from_day, to_char(w.monday - 1, 'YYYY-MM-DD') AS to_day,
            to_char(w.monday - 7, 'YYYYMMDD')::int AS round,
            w.local >= w.monday + make_interval(hours => coalesce(ms.digest_hour, 7)) AS due, d.timezone
       FROM district d
       LEFT JOIN mail_setting ms ON ms.district_id = d.id
       CROSS JOIN LATERAL (SELECT now() AT TIME ZONE d.timezone AS local) l
       CROSS JOIN LATERAL (SELECT l.local, date_trunc('week', l.local)::date AS monday) w
      WHERE d.id = $1`,
    [districtId],
  );
  return { from: row.from_day, to: row.to_day, round: row.round, due: Boolean(row.due), timezone: row.timezone };
}

/** How far the leader's CONVERSATION_READ reaches (as their signed-in requests would have it: auth/principal-loader). */
async function conversationReach(m: EntityManager, districtId: string, staffId: string): Promise<Scope | null> {
  const rows: { role: Role; school_id: string | null }[] = await m.query(
    `SELECT ra.role, ra.school_id FROM role_assignment ra
      WHERE ra.district_id = $1 AND ra.staff_member_id = $2 AND ${currentSql('ra')}`,
    [districtId, staffId],
  );
  const grant = effectivePermissions(
    rows.map((r) => ({ role: r.role, scope: r.school_id ? 'SCHOOL' : 'DISTRICT', schoolId: r.school_id })),
  ).find((g) => g.permission === Permission.CONVERSATION_READ);
  if (!grant) return null;
  return { districtId, selfId: staffId, all: grant.districtWide, schoolIds: grant.schoolIds, grant };
}

/** One school's section: the funnel's figures for the week, the overdue actions, the strategies off track. */
async function schoolSection(
  m: EntityManager,
  districtId: string,
  school: { id: string; name: string },
  week: DateWindowInput & { timezone: string },
  reach: Scope | null,
): Promise<WeeklySchool> {
  const scope = schoolScope(districtId, school.id);
  const funnel = await funnelService.funnelOf(
    m,
    scope,
    week,
    TrendInterval.WEEK,
    new Set(['due', 'held', 'missed', 'missedWithReason', 'overdueActionsCount']),
  );
  const [listSql, listValues] = m.connection.driver.escapeQueryWithParameters(
    `SELECT c.title AS conversation, o.given_name || ' ' || o.family_name AS owner, to_char(a.due_on, 'YYYY-MM-DD') AS due_on
       FROM action_item a
       JOIN conversation_session s ON s.district_id = a.district_id AND s.id = a.session_id
       JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
       JOIN staff_member o ON o.district_id = a.district_id AND o.id = a.owner_id
      WHERE a.district_id = :districtId AND (${scope.actions}) AND ${OVERDUE_TODAY}
      ORDER BY a.due_on, a.id LIMIT ${OVERDUE_LISTED}`,
    { ...scope.params, districtId, tz: week.timezone },
  );
  const overdue: { conversation: string; owner: string; due_on: string }[] = await m.query(listSql, listValues);

  const offTrack: string[] = [];
  if (reach) {
    const strategies = await m.find(StrategyEntity, {
      where: { districtId, schoolId: school.id, status: StrategyStatus.ACTIVE },
      order: { title: 'ASC', id: 'ASC' },
    });
    for (const strategy of strategies) {
      const sinceStart = strategy.startsOn <= week.to && daysBetween(strategy.startsOn, week.to) < WINDOW_MAX_DAYS;
      const window = { from: sinceStart ? strategy.startsOn : addDays(week.to, -HEALTH_FALLBACK_DAYS), to: week.to };
      const { health } = await funnelService.funnelOf(
        m,
        strategyScope(strategy, reach),
        window,
        TrendInterval.WEEK,
        new Set(['health']),
      );
      if (health === StrategyHealth.OFF_TRACK) offTrack.push(strategy.title);
    }
  }
  return {
    name: school.name,
    due: funnel.due ?? 0,
    held: funnel.held ?? 0,
    missed: funnel.missed ?? 0,
    missedWithReason: funnel.missedWithReason ?? 0,
    overdueCount: funnel.overdueActionsCount ?? 0,
    overdue: overdue.map((o) => ({ conversation: o.conversation, owner: o.owner, dueOn: o.due_on })),
    offTrack,
  };
}

export async function sendWeeklyDigests(m: EntityManager, districtId: string, settings: MailSettings): Promise<number> {
  const [setting] = await m.query(`SELECT reminders_enabled FROM mail_setting WHERE district_id = $1`, [districtId]);
  if (setting && !setting.reminders_enabled) return 0;
  const week = await digestWeek(m, districtId);
  if (!week.due) return 0;
  const leaders: { id: string; given_name: string; email: string; schools: { id: string; name: string }[] }[] =
    await m.query(
      `SELECT p.id, p.given_name, p.email,
              json_agg(DISTINCT jsonb_build_object('id', sc.id, 'name', sc.name)) AS schools
         FROM role_assignment ra
         JOIN staff_member p ON p.district_id = ra.district_id AND p.id = ra.staff_member_id
         JOIN school sc ON sc.district_id = ra.district_id AND sc.id = ra.school_id
        WHERE ra.district_id = $1 AND ra.role = 'SCHOOL_LEADER' AND ra.school_id IS NOT NULL AND ${currentSql('ra')}
          AND p.active
          AND NOT EXISTS (SELECT 1 FROM sent_reminder r WHERE r.district_id = p.district_id AND r.kind = 'WEEKLY_DIGEST'
                           AND r.subject_id = p.id AND r.staff_member_id = p.id AND r.round = $2)
        GROUP BY p.id, p.given_name, p.email
        ORDER BY p.id`,
      [districtId, week.round],
    );
  let sent = 0;
  for (const leader of leaders) {
    const options = await recipientOptions(m, districtId, leader.id, MailKind.WEEKLY_DIGEST);
    if (!options.send) continue;
    const claimed: unknown[] = await m.query(
      `INSERT INTO sent_reminder (district_id, kind, subject_id, staff_member_id, round) VALUES ($1, 'WEEKLY_DIGEST', $2, $2, $3)
       ON CONFLICT DO NOTHING RETURNING subject_id`,
      [districtId, leader.id, week.round],
    );
    if (claimed.length === 0) continue;
    const reach = await conversationReach(m, districtId, leader.id);
    const schools: WeeklySchool[] = [];
    for (const school of [...leader.schools].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)))
      schools.push(await schoolSection(m, districtId, school, week, reach));
    await queueMessage(m, {
      districtId,
      kind: MailKind.WEEKLY_DIGEST,
      recipient: { id: leader.id, name: leader.given_name, email: leader.email },
      subject: { type: 'StaffMember', id: leader.id },
      draft: weeklyDigestMessage(
        week,
        schools,
        { who: leader.given_name, lang: options.lang, timezone: options.timezone },
        settings.publicUrl ? `${settings.publicUrl}/#/` : null,
      ),
      deferredUntil: options.quietUntil,
      publicUrl: settings.publicUrl,
    });
    sent += 1;
  }
  return sent;
}

export const runWeeklyDigests: JobHandler = (_payload, { deps, abortSignal }) =>
  eachActiveDistrict(deps, abortSignal, (districtId) =>
    withTenantTransaction(deps.dataSource, { districtId }, (m) => sendWeeklyDigests(m, districtId, deps.mail)),
  );
