import type { EntityManager } from 'typeorm';
import { DEFAULT_RECENT_EVIDENCE_DAYS, MIN_RATERS_FOR_AGGREGATE } from '@throughline/shared';
import { TrendInterval, type DateWindowInput } from './funnel.input';
import { CriterionScore, Funnel, FunnelPoint, FunnelThresholds } from './funnel.type';
import { resolveScope, type FunnelScope, type FunnelScopeQuery } from './funnel-scope';
import { actionsSql, funnelSql, OVERDUE_IN_WINDOW, windowSessionsWhere } from './funnel.sql';
import { gradeHealth } from './health';
import { checkWindow } from './window';
import { SessionEntity } from '../session/session.entity';
import { Session } from '../session/session.type';
import { missedSql } from '../session/rules/missed';
import { clockParams, clockSql, DEFAULT_EXISTENCE_SETTINGS } from '../session/existence-settings';
import { ActionEntity } from '../action/action.entity';
import { ActionItem } from '../action/action.type';
import { ConversationEntity } from '../conversation/conversation.entity';
import { managerOf, type RequestContext } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';

/** How many missed sessions and overdue actions a funnel lists. */
export const FUNNEL_LIST_MAX = 100;

/** The column defaults of district_setting, for a district whose settings row is missing. */
const DEFAULT_THRESHOLDS: FunnelThresholds = {
  recentEvidenceDays: DEFAULT_RECENT_EVIDENCE_DAYS,
  onTrackHeldRate: 0.8,
  atRiskHeldRate: 0.6,
  onTrackQuality: 3,
  atRiskQuality: 2.5,
  onTrackFollowThrough: 0.7,
  atRiskFollowThrough: 0.5,
  ...DEFAULT_EXISTENCE_SETTINGS,
};

type Params = Record<string, unknown>;

async function run<T>(manager: EntityManager, sql: string, params: Params): Promise<T[]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, params);
  return manager.query(query, values);
}

interface Summary {
  due: number;
  held: number;
  missed: number;
  missed_with_reason: number;
  cancelled: number;
  held_rate: number | null;
  attendance_rate: number | null;
  quality: number | null;
  quality_raters: number;
  evidence_grounded_rate: number | null;
  action_rate: number | null;
  staff_in_scope: number;
  staff_reached: number;
  coverage: number | null;
}

interface ActionCounts {
  due: number;
  on_time: number;
  follow_through: number | null;
  done: number;
  changed: number;
  practice_change_rate: number | null;
}

export class FunnelService {
  /**
   * The funnel of a scope over a window of days: a handful of aggregate statements, each scoped to the caller's
   * district, plus the two short lists.
   */
  async funnel(
    ctx: RequestContext,
    scopeInput: FunnelScopeQuery,
    window: DateWindowInput,
    interval: TrendInterval = TrendInterval.WEEK,
  ): Promise<Funnel> {
    checkWindow(window);
    const scope = await resolveScope(ctx, scopeInput);
    const manager = await managerOf(ctx);
    const { timezone, thresholds } = await this.settings(manager, scope.districtId);
    const params: Params = {
      ...scope.params,
      districtId: scope.districtId,
      tz: timezone,
      fromDay: window.from,
      toDay: window.to,
      recentDays: thresholds.recentEvidenceDays,
      minRaters: MIN_RATERS_FOR_AGGREGATE,
      ...clockParams(thresholds),
    };
    // The aggregates sort and hash hundreds of thousands of rows for a large district: give this transaction the
    // memory to do it without spilling to disk.
    await manager.query(`SELECT set_config('work_mem', '64MB', true)`);
    const [{ summary, criteria, trend }] = await run<{
      summary: Summary;
      criteria: { id: string; name: string; active: boolean; mean: number | null; raters: number }[];
      trend: {
        period_start: string;
        due: number;
        held: number;
        held_rate: number | null;
        quality: number | null;
        action_rate: number | null;
      }[];
    }>(manager, funnelSql(scope, interval ?? TrendInterval.WEEK), params);
    const [actions] = await run<ActionCounts>(manager, actionsSql(scope), params);

    const rates = {
      heldRate: summary.held_rate,
      quality: summary.quality,
      followThrough: actions.follow_through,
    };
    return Object.assign(new Funnel(), {
      due: summary.due,
      held: summary.held,
      missed: summary.missed,
      missedWithReason: summary.missed_with_reason,
      cancelled: summary.cancelled,
      heldRate: rates.heldRate,
      attendanceRate: summary.attendance_rate,
      quality: rates.quality,
      qualityRaterCount: summary.quality_raters,
      qualityByCriterion: criteria.map((r) =>
        Object.assign(new CriterionScore(), {
          criterionId: toGlobalId('RubricCriterion', r.id),
          name: r.name,
          active: r.active,
          mean: r.mean,
          raterCount: r.raters,
        }),
      ),
      evidenceGroundedRate: summary.evidence_grounded_rate,
      actionRate: summary.action_rate,
      actionsDue: actions.due,
      actionsDoneOnTime: actions.on_time,
      followThrough: rates.followThrough,
      actionsDone: actions.done,
      actionsWithPracticeChange: actions.changed,
      practiceChangeRate: actions.practice_change_rate,
      staffInScope: summary.staff_in_scope,
      staffReached: summary.staff_reached,
      coverage: summary.coverage,
      trend: trend.map((t) =>
        Object.assign(new FunnelPoint(), {
          periodStart: t.period_start,
          due: t.due,
          held: t.held,
          heldRate: t.held_rate,
          quality: t.quality,
          actionRate: t.action_rate,
        }),
      ),
      missedSessions: await this.missedSessions(manager, scope, params),
      overdueActions: await this.overdueActions(manager, scope, params),
      health: scope.strategy ? gradeHealth(rates, thresholds) : null,
      thresholds,
    });
  }

  private async settings(
    manager: EntityManager,
    districtId: string,
  ): Promise<{ timezone: string; thresholds: FunnelThresholds }> {
    const [row] = await run<Record<string, string | number | null>>(
      manager,
      `SELECT d.timezone, ds.recent_evidence_days, ds.on_track_held_rate, ds.at_risk_held_rate, ds.on_track_quality,
              ds.at_risk_quality, ds.on_track_follow_through, ds.at_risk_follow_through, ds.log_grace_hours,
              ds.cancel_notice_hours, ds.held_quorum
         FROM district d LEFT JOIN district_setting ds ON ds.district_id = d.id
        WHERE d.id = :districtId`,
      { districtId },
    );
    const thresholds =
      row.recent_evidence_days === null
        ? DEFAULT_THRESHOLDS
        : Object.assign(new FunnelThresholds(), {
            recentEvidenceDays: Number(row.recent_evidence_days),
            onTrackHeldRate: Number(row.on_track_held_rate),
            atRiskHeldRate: Number(row.at_risk_held_rate),
            onTrackQuality: Number(row.on_track_quality),
            atRiskQuality: Number(row.at_risk_quality),
            onTrackFollowThrough: Number(row.on_track_follow_through),
            atRiskFollowThrough: Number(row.at_risk_follow_through),
            logGraceHours: Number(row.log_grace_hours),
            cancelNoticeHours: Number(row.cancel_notice_hours),
            heldQuorum: Number(row.held_quorum),
          });
    return { timezone: String(row.timezone), thresholds };
  }

  /** Due sessions of the window never held nor cancelled (missed.ts), oldest first. */
  private async missedSessions(manager: EntityManager, scope: FunnelScope, params: Params): Promise<Session[]> {
    const rows = await manager
      .createQueryBuilder(SessionEntity, 's')
      .innerJoin(ConversationEntity, 'c', 'c.district_id = s.district_id AND c.id = s.conversation_id')
      .where(windowSessionsWhere(scope))
      .andWhere(missedSql(clockSql('s', 'c.duration_minutes')))
      .setParameters(params)
      .orderBy('s.scheduled_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(FUNNEL_LIST_MAX)
      .getMany();
    return rows.map((e) => Session.from(e));
  }

  /** Actions that came due in the window and are still open or in progress, the longest overdue first. */
  private async overdueActions(manager: EntityManager, scope: FunnelScope, params: Params): Promise<ActionItem[]> {
    const rows = await manager
      .createQueryBuilder(ActionEntity, 'a')
      .innerJoin(SessionEntity, 's', 's.district_id = a.district_id AND s.id = a.session_id')
      .innerJoin(ConversationEntity, 'c', 'c.district_id = s.district_id AND c.id = s.conversation_id')
      .where(`a.district_id = :districtId AND (${scope.actions})`)
      .andWhere(OVERDUE_IN_WINDOW)
      .setParameters(params)
      .orderBy('a.due_on', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(FUNNEL_LIST_MAX)
      .getMany();
    return rows.map((e) => ActionItem.from(e));
  }
}

export const funnelService = new FunnelService();
