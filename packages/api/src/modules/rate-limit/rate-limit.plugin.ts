import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { ErrorCode, Limits, PLATFORM_OPERATOR } from '@throughline/shared';
import { AppError } from '../../graphql/errors';
import { estimateCost } from '../../graphql/query-cost';
import { QUERY_LIMIT_CODE } from '../../graphql/query-limits';
import { asUnavailable } from '../../db/outage';
import type { AppDeps, RateLimitSettings, RequestContext } from '../../graphql/context';
import { FIELD_COSTS } from './field-costs';
import { budgetKey, PostgresBudgetStore, readSpentAtOpening, type BudgetStore } from './budget-store';
import type { TenantTransaction } from '../../db/transaction';
import type { AccessClaims } from '../../auth/tokens';
import { RedisBudgetStore } from './redis-budget-store';
import { countClientRequest, type RequestUse } from './usage';

/** What a request cost and what its caller has left: the `rateLimit` root field reads it. */
export interface RateLimitStatus {
  cost: number;
  limit: number;
  remaining: number;
  resetAt: Date;
}

const STATUS = new WeakMap<RequestContext, RateLimitStatus>();

/** The charge made for this request before it ran (null when none was: no operation got that far). */
export function rateLimitOf(ctx: RequestContext): RateLimitStatus | null {
  return STATUS.get(ctx) ?? null;
}

export function rateLimitSettings(given: Partial<RateLimitSettings> = {}): RateLimitSettings {
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  return {
    maxCost: Limits.QUERY_COST_MAX,
    pointsPerWindow: Limits.RATE_LIMIT_POINTS_PER_HOUR,
    anonymousPointsPerWindow: Limits.RATE_LIMIT_ANONYMOUS_POINTS_PER_HOUR,
    windowSeconds: 3600,
    redisUrl: null,
    ...defined,
  };
}

/** Refused before it runs: the estimate alone is over the per-request ceiling. HTTP 400. */
export class QueryTooCostlyError extends GraphQLError {
  constructor(cost: number, max: number) {
    super(
      `This request's estimated cost of ${cost} points is over the limit of ${max} points per request; ` +
        'ask for smaller pages (first/last), fewer nested lists or fewer funnels, or split it.',
      { extensions: { code: QUERY_LIMIT_CODE, cost, limit: max, http: { status: 400 } } },
    );
  }
}

/** The caller's hourly budget cannot pay for this request. HTTP 429 with Retry-After (until it would fit). */
export class BudgetExceededError extends AppError {
  constructor(status: RateLimitStatus) {
    const retryAfterSeconds = Math.max(1, Math.ceil((status.resetAt.getTime() - Date.now()) / 1000));
    super(
      ErrorCode.RATE_LIMITED,
      `This request costs ${status.cost} points and ${status.remaining} of your ${status.limit} points per hour are ` +
        `left; it fits again at ${status.resetAt.toISOString()}.`,
      {
        retryAfterSeconds,
        cost: status.cost,
        limit: status.limit,
        remaining: status.remaining,
        resetAt: status.resetAt.toISOString(),
        http: {
          status: 429,
          headers: new Map([['retry-after', String(retryAfterSeconds)], ...rateLimitHeaders(status)]),
        },
      },
    );
  }
}

/** X-RateLimit-Limit, -Remaining (before this request) and -Reset (epoch seconds), as GitHub's API names them. */
export function rateLimitHeaders(status: RateLimitStatus): [string, string][] {
  return [
    ['x-ratelimit-limit', String(status.limit)],
    ['x-ratelimit-remaining', String(status.remaining)],
    ['x-ratelimit-reset', String(Math.ceil(status.resetAt.getTime() / 1000))],
  ];
}

/** Whose budget pays: the person (or operator, or API client) signed in, else the client address. */
export function callerOf(ctx: RequestContext): { caller: string; anonymous: boolean } {
  const p = ctx.principal;
  if (p?.kind === 'staff') return { caller: `staff:${p.districtId}:${p.staffMemberId}`, anonymous: false };
  if (p?.kind === 'operator') return { caller: `operator:${p.operatorId}`, anonymous: false };
  // An API client has its own budget, apart from its owner's and from other clients'.
  if (p?.kind === 'client') return { caller: `client:${p.clientId}`, anonymous: false };
  return { caller: `address:${ctx.clientAddress ?? ''}`, anonymous: true };
}

/**
 * Before the principal is read (graphql-route): a signed-in person's or operator's spending in the window joins the
 * transaction's opening message, so the charge costs no statement of its own (PostgresBudgetStore). The caller is the
 * one callerOf names once the principal is known; API clients, and budgets kept in Redis, are charged as before.
 */
export function readBudgetAtOpening(tx: TenantTransaction, claims: AccessClaims, deps: AppDeps): void {
  const settings = rateLimitSettings(deps.rateLimits);
  if (settings.redisUrl || claims.client) return;
  const caller = claims.roles.includes(PLATFORM_OPERATOR)
    ? `operator:${claims.subject}`
    : claims.districtId
      ? `staff:${claims.districtId}:${claims.subject}`
      : null;
  if (caller) readSpentAtOpening(tx, budgetKey(caller), settings.windowSeconds);
}

/**
 * Prices each operation once it is parsed, validated and its variables are known, and before anything executes:
 * over the per-request ceiling → 400; else the estimate is charged to the caller's hourly budget (one statement,
 * shared by every instance) and, when it does not fit, 429 RATE_LIMITED with Retry-After. Nothing of the operation
 * has run in either case.
 */
export function rateLimitPlugin(dataSource: DataSource, deps: AppDeps): ApolloServerPlugin<RequestContext> {
  const settings = rateLimitSettings(deps.rateLimits);
  const store: BudgetStore = settings.redisUrl
    ? new RedisBudgetStore(settings.redisUrl)
    : new PostgresBudgetStore(dataSource);
  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          await store.close();
        },
      };
    },
    async requestDidStart({ contextValue }) {
      // An API client's request is counted in its daily use (usage.ts) with what this plugin learns of it.
      const principal = contextValue.principal;
      const use: RequestUse | null =
        principal?.kind === 'client'
          ? countClientRequest(contextValue, principal.districtId, principal.clientId)
          : null;
      return {
        async didResolveOperation({ contextValue, document, request, schema }) {
          const cost = Math.max(
            1,
            estimateCost({
              schema,
              document,
              operationName: request.operationName,
              variables: request.variables,
              model: FIELD_COSTS,
            }),
          );
          if (cost > settings.maxCost) throw new QueryTooCostlyError(cost, settings.maxCost);
          const { caller, anonymous } = callerOf(contextValue);
          const limit = anonymous ? settings.anonymousPointsPerWindow : settings.pointsPerWindow;
          let charge;
          try {
            charge = await store.charge(budgetKey(caller), cost, limit, settings.windowSeconds, contextValue.tx);
          } catch (error) {
            throw asUnavailable(error) ?? error;
          }
          const status: RateLimitStatus = {
            cost,
            limit,
            remaining: Math.max(0, limit - charge.used),
            resetAt: charge.resetAt,
          };
          if (!charge.allowed) {
            deps.logger.warn('request refused: hourly budget spent', { requestId: contextValue.requestId, cost });
            if (use) use.rateLimited = true;
            throw new BudgetExceededError(status);
          }
          if (use) use.points = cost;
          STATUS.set(contextValue, status);
        },
        async willSendResponse({ contextValue, response }) {
          if (use) {
            use.errored =
              (response.http.status ?? 200) >= 400 ||
              (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
          }
          const status = STATUS.get(contextValue);
          if (status) for (const [name, value] of rateLimitHeaders(status)) response.http.headers.set(name, value);
        },
      };
    },
  };
}
