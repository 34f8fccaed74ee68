import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { KeySet } from '../auth/keys';
import type { TokenSettings } from '../auth/tokens';
import type { Logger } from '../logger';
import type { TenantTransaction } from '../db/transaction';
import type { Loaders } from './loaders';
import type { HttpExchange } from '../http/cookies';
import type { WebhookSettings } from '../jobs/queue';
import type { Metrics } from '../http/metrics';
import type { RefusalHold } from '../http/caller-slots';
import type { ReadReplica, ReadTarget } from '../db/read-replica';

/** Long-lived things a request may need: the signing keys and token settings, the logger. */
export interface AppDeps {
  keys: KeySet;
  tokens: TokenSettings;
  refreshTokenTtlSeconds: number;
  logger: Logger;
  /** The built portal to serve at `/`, when there is one. */
  adminDir?: string | null;
  /** Bounds on one request; defaults in server/graphql-route.ts. */
  requestLimits?: Partial<RequestLimits>;
  /** Query cost ceiling and hourly budgets; defaults in modules/rate-limit (from Limits). */
  rateLimits?: Partial<RateLimitSettings>;
  /** Webhook target rules (production, own hosts) and delivery settings; defaults in jobs/queue.ts. */
  webhooks?: Partial<WebhookSettings>;
  /** Single sign-on: the public origin for redirect URIs, the key sealing client secrets (modules/sso). */
  sso?: Partial<SsoSettings>;
  /** The process's Prometheus metrics (http/metrics.ts); the HTTP app makes its own when none is given. */
  metrics?: Metrics;
  /** The read replica analytics read from while it is fresh enough (DATABASE_READ_URL); none: the primary. */
  readReplica?: ReadReplica | null;
}

/** What single sign-on needs from the deployment (modules/sso; config PUBLIC_URL and SECRETS_KEY). */
export interface SsoSettings {
  /** The origin people reach the portal at; null: each request's own origin (Host, or X-Forwarded-* by TRUST_PROXY). */
  publicUrl: string | null;
  /** The AES-256-GCM key sealing identity providers' client secrets; null: no secret can be stored. */
  secretsKey: Buffer | null;
  /** http:// issuers on loopback hosts (development and tests only; never in production). */
  allowHttpIssuers: boolean;
}

/** What one request may cost, and what each caller may spend per window, across every instance (modules/rate-limit). */
export interface RateLimitSettings {
  /** Estimated points above which one request is refused before it runs. */
  maxCost: number;
  /** Points a signed-in person (or client) may spend per window. */
  pointsPerWindow: number;
  /** Points requests without a token may spend per window, per client address. */
  anonymousPointsPerWindow: number;
  /** The window, in seconds (an hour). */
  windowSeconds: number;
  /** Keep the budgets in this Redis instead of PostgreSQL. */
  redisUrl: string | null;
}

export interface RequestLimits {
  /** The whole request's budget, in ms (also each statement's timeout). */
  deadlineMs: number;
  /** Requests of one caller running at once on this instance; more wait their turn. */
  callerConcurrency: number;
  /** How long a request waits for its caller's turn before it is refused. */
  callerWaitMs: number;
  /** How a caller whose requests keep being refused is slowed down (http/caller-slots.ts). */
  refusalHold: RefusalHold;
}

/**
 * Who is asking, and the one transaction through which every read and write of this request goes.
 * It is the first parameter of every service method.
 */
export interface RequestContext {
  requestId: string;
  principal: Principal | null;
  tx: TenantTransaction;
  deps: AppDeps;
  /** The calling client (user agent, or an integrator's client id), recorded in audit events. */
  client: string | null;
  /**
   * The address the request came from (Express `req.ip`: the peer, or what a proxy named in TRUST_PROXY says):
   * what the sign-in throttle counts per address. Never stored in clear.
   */
  clientAddress: string;
  loaders: Loaders;
  /** The HTTP side of the request: its cookies, and cookies to set on the response. */
  http: HttpExchange;
}

export function managerOf(ctx: RequestContext): Promise<EntityManager> {
  return ctx.tx.manager();
}

const readTargets = new WeakMap<RequestContext, ReadTarget>();

/**
 * Where analytics (the funnel and the dashboards built on it) read: the request's read-only transaction on the read
 * replica when there is one, the operation is a query, and the replica answered fresh enough at its last check;
 * otherwise the request's own transaction on the primary. Decided once per request, so one answer never mixes the
 * two. Permission checks and anything a write depends on keep using managerOf().
 */
export function readManagerOf(ctx: RequestContext): Promise<EntityManager> {
  let target = readTargets.get(ctx);
  if (!target) {
    const replica = ctx.deps.readReplica;
    const state = replica?.current();
    target = replica && ctx.tx.queryOnly && state?.target === 'replica' ? 'replica' : 'primary';
    readTargets.set(ctx, target);
    if (replica) {
      const reason = !ctx.tx.queryOnly ? 'not_a_query' : (state?.reason ?? 'unchecked');
      ctx.deps.metrics?.readRouting.inc({ target, reason });
    }
  }
  return target === 'replica' ? ctx.tx.onReplica(ctx.deps.readReplica!.dataSource).manager() : managerOf(ctx);
}
