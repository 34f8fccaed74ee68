import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { KeySet } from '../auth/keys';
import type { TokenSettings } from '../auth/tokens';
import type { Logger } from '../logger';
import type { TenantTransaction } from '../db/transaction';
import type { Loaders } from './loaders';
import type { HttpExchange } from '../http/cookies';

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
}

export interface RequestLimits {
  /** The whole request's budget, in ms (also each statement's timeout). */
  deadlineMs: number;
  /** Requests of one caller running at once on this instance; more wait their turn. */
  callerConcurrency: number;
  /** How long a request waits for its caller's turn before it is refused. */
  callerWaitMs: number;
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
  loaders: Loaders;
  /** The HTTP side of the request: its cookies, and cookies to set on the response. */
  http: HttpExchange;
}

export function managerOf(ctx: RequestContext): Promise<EntityManager> {
  return ctx.tx.manager();
}
