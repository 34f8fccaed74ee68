import type { EntityManager } from 'typeorm';
import { queryPrepared } from '../../db/prepared';
import { DEFAULT_RECENT_EVIDENCE_DAYS, Permission, StrategyHealth } from '@throughline/shared';
import { TrendInterval, type DateWindowInput } from './funnel.input';
import {
  CohortFunnel,
  CohortStage,
  CohortStageName,
  CriterionScore,
  DateWindow,
  Funnel,
  FunnelPoint,
  FunnelThresholds,
  toDateWindow,
} from './funnel.type';
import { resolveScope, type FunnelScope, type FunnelScopeQuery } from './funnel-scope';
import { actionsSql, funnelSql, OVERDUE_TODAY, outsideViewSql, windowSessionsWhere } from './funnel.sql';
import { rollupCohortSql, rollupFunnelSql, rollupServes } from './rollup.sql';
import { clipToStrategy, gradeHealth, type HealthInputs } from './health';
import { checkWindow } from './window';
import { SessionEntity } from '../session/session.entity';
import { Session } from '../session/session.type';
import { missedSql } from '../session/rules/missed';
import { clockParams, clockSql, DEFAULT_EXISTENCE_SETTINGS } from '../session/existence-settings';
import { DEFAULT_QUALITY_SETTINGS, qualitySettingsOf } from '../session/rules/rating-window';
import { mayReadSelfRatings, qualityParams } from '../session/rules/quality';
import { grantOf } from '../../auth/guard';
import { ActionEntity } from '../action/action.entity';
import { ActionItem } from '../action/action.type';
import { ConversationEntity } from '../conversation/conversation.entity';
import { readManagerOf, type RequestContext } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';
import { NotFoundError } from '../../graphql/errors';

/** How many missed sessions and overdue actions a funnel lists. */
export const FUNNEL_LIST_MAX = 100;

/**
 * The Funnel fields each part of the computation serves: a part runs only when one of its fields was asked for
 * (the GraphQL selection set), so six headline numbers do not pay for the criteria, the trend or the lists.
 */
const PARTS = {
  sessions: [
    'due',
    'held',
    'missed',
    'missedWithReason',
    'cancelled',
    'heldRate',
    'attendanceRate',
    'quality',
    'qualityRaterCount',
    'qualitySessions',
    'selfRatedQuality',
    'evidenceGroundedRate',
    'actionRate',
    'health',
  ],
  people: [
    'invited',
    'reached',
    'reach',
    'staffInScope',
    'staffReached',
    'coverage',
    'qualityRaterCount',
    'selfRatedQuality',
  ],
  // The three kinds of distinct people (the rollups count only those asked for).
  reach: ['invited', 'reached', 'reach', 'staffInScope', 'staffReached', 'coverage'],
  raters: ['qualityRaterCount'],
  selfRaters: ['selfRatedQuality'],
  criteria: ['qualityByCriterion'],
  trend: ['trend'],
  cohort: ['cohort'],
  actions: [
    'actionsDue',
    'actionsDoneOnTime',
    'followThrough',
    'actionsDone',
    'actionsWithPracticeChange',
    'practiceChangeRate',
    'actionsWithCorroboratedChange',
    'corroboratedChangeRate',
    'actionsWithSustainedChange',
    'sustainedChangeRate',
    'health',
  ],
  missedSessions: ['missedSessions'],
  outsideView: ['sessionsOutsideView'],
  overdue: ['overdueActions', 'overdueActionsCount'],
  health: ['health', 'healthWindow'],
} as const;

type Part = keyof typeof PARTS;

/** Which parts the selected fields need; every part when no selection is given (an internal call). */
function partsFor(fields: ReadonlySet<string> | undefined): Record<Part, boolean> {
  const want = {} as Record<Part, boolean>;
  for (const [part, names] of Object.entries(PARTS) as [Part, readonly string[]][])
    want[part] = !fields || names.some((n) => fields.has(n));
  return want;
}

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
  ...DEFAULT_QUALITY_SETTINGS,
};

type Params = Record<string, unknown>;

/** The district_setting columns a funnel reads, by the threshold each is. */
const SETTING_COLUMNS: Record<string, keyof FunnelThresholds> = {
  recent_evidence_days: 'recentEvidenceDays',
  on_track_held_rate: 'onTrackHeldRate',
  at_risk_held_rate: 'atRiskHeldRate',
  on_track_quality: 'onTrackQuality',
  at_risk_quality: 'atRiskQuality',
  on_track_follow_through: 'onTrackFollowThrough',
  at_risk_follow_through: 'atRiskFollowThrough',
  log_grace_hours: 'logGraceHours',
  cancel_notice_hours: 'cancelNoticeHours',
  held_quorum: 'heldQuorum',
  min_raters: 'minRaters',
  rating_window_days: 'ratingWindowDays',
};

type SettingsRow = Record<string, string | number | boolean | null>;

/** What a funnel reads of its district: the zone its days are in, and the thresholds. */
interface FunnelSettings {
  timezone: string;
  thresholds: FunnelThresholds;
}

/**
 * The district's zone and thresholds, one row (each threshold its column's default where the district has no
 * settings row), and, where the scope names a record that must exist, whether it does (`scope_exists`). Named
 * parameters: districtId and the scope's.
 */
export function settingsSql(scope: FunnelScope): string {
  const columns = Object.entries(SETTING_COLUMNS).map(
    ([column, key]) => `coalesce(ds.${column}, ${Number(DEFAULT_THRESHOLDS[key])}) AS ${column}`,
  );
  return `SELECT d.timezone, ${columns.join(', ')}${scope.mustExist ? `, ${scope.mustExist.sql} AS scope_exists` : ''}
      FROM district d LEFT JOIN district_setting ds ON ds.district_id = d.id
     WHERE d.id = :districtId`;
}

/** The settings of settingsSql's row: NOT_FOUND when the record the scope names does not exist. */
function settingsOf(scope: FunnelScope, row: SettingsRow | undefined): FunnelSettings {
  if (scope.mustExist && row?.scope_exists !== true) throw new NotFoundError(scope.mustExist.type);
  if (!row) throw new NotFoundError('District');
  const value = (column: string) => Number(row[column]);
  const thresholds = Object.assign(new FunnelThresholds(), {
    ...Object.fromEntries(Object.entries(SETTING_COLUMNS).map(([column, key]) => [key, value(column)])),
    ...qualitySettingsOf({ minRaters: value('min_raters'), ratingWindowDays: value('rating_window_days') }),
  });
  return { timezone: String(row.timezone), thresholds };
}

/** The named parameters of the funnel's statements: the window's and the scope's, and the district's settings'. */
function paramsOf(windowParams: Params, { timezone, thresholds }: FunnelSettings): Params {
  return {
    ...windowParams,
    tz: timezone,
    recentDays: thresholds.recentEvidenceDays,
    ...qualityParams(thresholds),
    ...clockParams(thresholds),
    goodQuality: thresholds.onTrackQuality,
  };
}

async function run<T>(manager: EntityManager, sql: string, params: Params, prepared = false): Promise<T[]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, params);
  return prepared ? queryPrepared<T>(manager, query, values) : manager.query(query, values);
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
  quality_raters: number | null;
  quality_sessions: number;
  self_rated_quality: number | null;
  evidence_grounded_rate: number | null;
  action_rate: number | null;
  invited: number;
  reached: number;
  reach: number | null;
}

interface TrendRow {
  period_start: string;
  due: number;
  held: number;
  held_rate: number | null;
  quality: number | null;
  quality_sessions: number;
  action_rate: number | null;
}

interface CriterionRow {
  id: string;
  name: string;
  active: boolean;
  mean: number | null;
  raters: number | null;
}

/** The session side of a funnel: each part null when it was not asked for (actions: when not read with it). */
interface SessionSide {
  summary: Summary | null;
  cohort: CohortCounts | null;
  criteria: CriterionRow[] | null;
  trend: TrendRow[] | null;
  actions?: ActionCounts | null;
}

interface ActionCounts {
  due: number;
  on_time: number;
  follow_through: number | null;
  done: number;
  changed: number;
  practice_change_rate: number | null;
  corroborated: number;
  corroborated_change_rate: number | null;
  sustained: number;
  sustained_change_rate: number | null;
}

/** The cohort statement's counts (funnel.sql.ts COHORT_SELECT), one per stage, in stage order. */
interface CohortCounts {
  due: number;
  held: number;
  good: number;
  acted_on: number;
  followed_through: number;
  corroborated: number;
  sustained: number;
  quality_unknown: number;
}

const COHORT_STAGES: [CohortStageName, Exclude<keyof CohortCounts, 'quality_unknown'>][] = [
  [CohortStageName.DUE, 'due'],
  [CohortStageName.HELD, 'held'],
  [CohortStageName.GOOD, 'good'],
  [CohortStageName.ACTED_ON, 'acted_on'],
  [CohortStageName.FOLLOWED_THROUGH, 'followed_through'],
  [CohortStageName.CHANGE_CORROBORATED, 'corroborated'],
  [CohortStageName.CHANGE_SUSTAINED, 'sustained'],
];

function cohortFunnel(counts: CohortCounts): CohortFunnel {
  const rate = (n: number, d: number | null) => (d ? n / d : null);
  const stages = COHORT_STAGES.map(([stage, key], i) =>
    Object.assign(new CohortStage(), {
      stage,
      sessions: counts[key],
      rateOfPrevious: i === 0 ? null : rate(counts[key], counts[COHORT_STAGES[i - 1][1]]),
      rateOfDue: rate(counts[key], counts.due),
    }),
  );
  return Object.assign(new CohortFunnel(), { stages, qualityUnknown: counts.quality_unknown });
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
    fields?: ReadonlySet<string>,
  ): Promise<Funnel> {
    checkWindow(window);
    const scope = await resolveScope(ctx, scopeInput);
    // The aggregates read the replica when there is a fresh one (docs/operations.md, Read replicas).
    const manager = await readManagerOf(ctx);
    // A self-rating is one named person's: only for readers whose ANALYTICS_READ reaches beyond their own records
    // (who may also read each session's selfRating; docs/metrics.md).
    return this.funnelOf(
      manager,
      scope,
      window,
      interval,
      fields,
      mayReadSelfRatings(grantOf(ctx, Permission.ANALYTICS_READ)),
    );
  }

  /**
   * The funnel of a resolved scope (the caller's reach already checked, or, for the school leader's weekly digest,
   * built for them: mail/weekly-digest.ts) over a window, read through `manager`.
   */
  async funnelOf(
    manager: EntityManager,
    scope: FunnelScope,
    window: DateWindowInput,
    interval: TrendInterval = TrendInterval.WEEK,
    fields?: ReadonlySet<string>,
    mayReadSelf = false,
  ): Promise<Funnel> {
    checkWindow(window);
    const want = partsFor(fields);
    const windowParams: Params = {
      ...scope.params,
      districtId: scope.districtId,
      fromDay: window.from,
      toDay: window.to,
    };
    const { side, settings, params } = rollupServes(scope)
      ? await this.fromRollups(manager, scope, windowParams, interval ?? TrendInterval.WEEK, want)
      : await this.fromRawRows(manager, scope, windowParams, interval ?? TrendInterval.WEEK, want);
    const { thresholds } = settings;
    const { summary, cohort, criteria, trend } = side;
    const actions =
      side.actions ??
      (want.actions || scope.strategy ? (await run<ActionCounts>(manager, actionsSql(scope), params))[0] : null);

    const rates = {
      heldRate: summary?.held_rate ?? null,
      quality: summary?.quality ?? null,
      followThrough: actions?.follow_through ?? null,
    };
    return Object.assign(new Funnel(), {
      ...(summary && {
        due: summary.due,
        held: summary.held,
        missed: summary.missed,
        missedWithReason: summary.missed_with_reason,
        cancelled: summary.cancelled,
        heldRate: rates.heldRate,
        attendanceRate: summary.attendance_rate,
        quality: rates.quality,
        qualityRaterCount: summary.quality_raters,
        qualitySessions: summary.quality_sessions,
        selfRatedQuality: mayReadSelf ? summary.self_rated_quality : null,
        evidenceGroundedRate: summary.evidence_grounded_rate,
        actionRate: summary.action_rate,
        invited: summary.invited,
        reached: summary.reached,
        reach: summary.reach,
        // Deprecated names of the same figures (docs/metrics.md, Reach).
        staffInScope: summary.invited,
        staffReached: summary.reached,
        coverage: summary.reach,
      }),
      ...(criteria && {
        qualityByCriterion: criteria.map((r) =>
          Object.assign(new CriterionScore(), {
            criterionId: toGlobalId('RubricCriterion', r.id),
            name: r.name,
            active: r.active,
            mean: r.mean,
            raterCount: r.raters,
          }),
        ),
      }),
      ...(actions && {
        actionsDue: actions.due,
        actionsDoneOnTime: actions.on_time,
        followThrough: rates.followThrough,
        actionsDone: actions.done,
        actionsWithPracticeChange: actions.changed,
        practiceChangeRate: actions.practice_change_rate,
        actionsWithCorroboratedChange: actions.corroborated,
        corroboratedChangeRate: actions.corroborated_change_rate,
        actionsWithSustainedChange: actions.sustained,
        sustainedChangeRate: actions.sustained_change_rate,
      }),
      ...(cohort && { cohort: cohortFunnel(cohort) }),
      ...(trend && {
        trend: trend.map((t) =>
          Object.assign(new FunnelPoint(), {
            periodStart: t.period_start,
            due: t.due,
            held: t.held,
            heldRate: t.held_rate,
            quality: t.quality,
            qualitySessions: t.quality_sessions,
            actionRate: t.action_rate,
          }),
        ),
      }),
      ...(want.missedSessions && { missedSessions: await this.missedSessions(manager, scope, params) }),
      ...(want.outsideView && {
        sessionsOutsideView: scope.outsideView
          ? (await run<{ n: number }>(manager, outsideViewSql({ ...scope, outsideView: scope.outsideView }), params))[0]
              .n
          : 0,
      }),
      ...(want.overdue &&
        (await this.overdueActions(manager, scope, params).then((o) => ({
          overdueActions: o.list,
          overdueActionsCount: o.count,
        })))),
      ...(scope.strategy
        ? await this.strategyHealth(manager, scope, window, interval, scope.strategy, rates, thresholds)
        : { health: null, healthWindow: null }),
      thresholds,
    });
  }

  /**
   * The session side over the raw rows (every scope the rollups are not kept for): the settings' read, then one
   * statement computing the summary, cohort, criteria and trend, run only when one of them was asked for.
   */
  private async fromRawRows(
    manager: EntityManager,
    scope: FunnelScope,
    windowParams: Params,
    interval: TrendInterval,
    want: Record<Part, boolean>,
  ): Promise<{ side: SessionSide; settings: FunnelSettings; params: Params }> {
    // Set with the settings' read (no round trip of its own): the raw rows' aggregates sort and hash hundreds of
    // thousands of rows for a large district: the memory to do it without spilling to disk.
    const settings = await this.settings(manager, scope, [['work_mem', '64MB']]);
    const params = paramsOf(windowParams, settings);
    if (!want.sessions && !want.people && !want.criteria && !want.trend && !want.cohort && !scope.strategy)
      return { side: { summary: null, cohort: null, criteria: null, trend: null }, settings, params };
    const [row] = await run<Required<{ [K in keyof SessionSide]: NonNullable<SessionSide[K]> }>>(
      manager,
      funnelSql(scope, interval),
      params,
    );
    return { side: row, settings, params };
  }

  /**
   * The session side from the rollups (rollup.sql.ts): the district's settings, the summary, trend and action
   * figures from the day rows and the people's days in one statement, the cohort from the session facts, each only
   * when asked for; the per-criterion quality still over the raw rows, only when asked for. The settings are read by
   * their own statement only when the first is not needed.
   */
  private async fromRollups(
    manager: EntityManager,
    scope: FunnelScope,
    windowParams: Params,
    interval: TrendInterval,
    want: Record<Part, boolean>,
  ): Promise<{ side: SessionSide; settings: FunnelSettings; params: Params }> {
    const side: SessionSide = { summary: null, cohort: null, criteria: null, trend: null };
    const summary = want.sessions || want.people;
    let settings: FunnelSettings;
    if (summary || want.trend || want.actions) {
      const [row] = await run<{
        settings: SettingsRow;
        summary:
          | (Omit<Summary, 'quality_raters' | 'self_rated_quality' | 'invited' | 'reached' | 'reach'> & {
              self_mean: number | null;
            })
          | null;
        people: { invited: number; reached: number; raters: number; self_facilitators: number } | null;
        trend: TrendRow[] | null;
        actions: ActionCounts | null;
      }>(
        manager,
        rollupFunnelSql(scope, settingsSql(scope), {
          summary,
          people: want.people ? { reach: want.reach, raters: want.raters, self: want.selfRaters } : null,
          trend: want.trend ? interval : null,
          actions: want.actions,
        }),
        windowParams,
        // Planned once per connection: planning it took longer than running it (db/prepared.ts).
        true,
      );
      settings = settingsOf(scope, row.settings);
      const minRaters = settings.thresholds.minRaters;
      const p = row.people;
      side.summary = row.summary && {
        ...row.summary,
        quality_raters: p && p.raters >= minRaters ? p.raters : null,
        self_rated_quality: p && p.self_facilitators >= minRaters ? row.summary.self_mean : null,
        invited: p?.invited ?? 0,
        reached: p?.reached ?? 0,
        reach: p && p.invited > 0 ? p.reached / p.invited : null,
      };
      side.trend = row.trend;
      side.actions = row.actions;
    } else {
      // The cohort's statement: no parallel workers to start (they cost more than they save under load). The
      // statement above has none in its plan on the benchmark district, with or without this.
      settings = await this.settings(manager, scope, [['max_parallel_workers_per_gather', '0']]);
    }
    const params = paramsOf(windowParams, settings);
    if (want.cohort) side.cohort = (await run<CohortCounts>(manager, rollupCohortSql(scope), params))[0];
    if (want.criteria) {
      await manager.query(`SELECT set_config('work_mem', '64MB', true)`);
      side.criteria = (
        await run<{ criteria: CriterionRow[] }>(manager, funnelSql(scope, interval), params)
      )[0].criteria;
    }
    return { side, settings, params };
  }

  /**
   * A strategy's health is graded over the part of the window inside the strategy's own dates (from its start to
   * its end, or to the window's end while it has none): a July window does not grade a strategy starting in August.
   * No overlap: NOT_ENOUGH_DATA. Where the window had to be clipped, the clipped window's funnel is graded.
   */
  private async strategyHealth(
    manager: EntityManager,
    scope: FunnelScope,
    window: DateWindowInput,
    interval: TrendInterval,
    strategy: { startsOn: string; endsOn: string | null },
    rates: HealthInputs,
    thresholds: FunnelThresholds,
  ): Promise<{ health: StrategyHealth; healthWindow: DateWindow | null }> {
    const clipped = clipToStrategy(window, strategy);
    if (!clipped) return { health: StrategyHealth.NOT_ENOUGH_DATA, healthWindow: null };
    if (clipped.from === window.from && clipped.to === window.to)
      return { health: gradeHealth(rates, thresholds), healthWindow: toDateWindow(clipped) };
    const inner = await this.funnelOf(manager, scope, clipped, interval, new Set(['health']));
    return { health: inner.health ?? StrategyHealth.NOT_ENOUGH_DATA, healthWindow: toDateWindow(clipped) };
  }

  /**
   * The district's zone and thresholds in a statement of their own; `local`: settings for the rest of the
   * transaction, set by the same read, which also checks that the record the scope names exists
   * (FunnelScope.mustExist: NOT_FOUND if not).
   */
  private async settings(
    manager: EntityManager,
    scope: FunnelScope,
    local: [name: string, value: string][],
  ): Promise<FunnelSettings> {
    const localParams = Object.fromEntries(
      local.flatMap(([name, value], i) => [
        [`localName${i}`, name],
        [`localValue${i}`, value],
      ]),
    );
    const setLocal = local.map((_, i) => `set_config(:localName${i}, :localValue${i}, true), `).join('');
    const [row] = await run<SettingsRow>(manager, `SELECT ${setLocal}st.* FROM (${settingsSql(scope)}) st`, {
      ...scope.params,
      districtId: scope.districtId,
      ...localParams,
    });
    return settingsOf(scope, row);
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

  /**
   * The scope's actions overdue as of today, whatever the window (the longest overdue first, at most
   * FUNNEL_LIST_MAX), and how many there are in all.
   */
  private async overdueActions(
    manager: EntityManager,
    scope: FunnelScope,
    params: Params,
  ): Promise<{ list: ActionItem[]; count: number }> {
    const [rows, count] = await manager
      .createQueryBuilder(ActionEntity, 'a')
      .innerJoin(SessionEntity, 's', 's.district_id = a.district_id AND s.id = a.session_id')
      .innerJoin(ConversationEntity, 'c', 'c.district_id = s.district_id AND c.id = s.conversation_id')
      .where(`a.district_id = :districtId AND (${scope.actions})`)
      .andWhere(OVERDUE_TODAY)
      .setParameters(params)
      .orderBy('a.due_on', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(FUNNEL_LIST_MAX)
      .getManyAndCount();
    return { list: rows.map((e) => ActionItem.from(e)), count };
  }
}

export const funnelService = new FunnelService();
