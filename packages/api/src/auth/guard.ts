import { UseMiddleware } from 'type-graphql';
import { operatorHas, type EffectivePermission, type Permission } from '@throughline/shared';
import { ForbiddenError, UnauthenticatedError } from '../graphql/errors';
import type { RequestContext } from '../graphql/context';
import type { OperatorPrincipal, StaffPrincipal } from './principal';

export function requireStaff(ctx: RequestContext): StaffPrincipal {
  if (!ctx.principal) throw new UnauthenticatedError();
  if (ctx.principal.kind !== 'staff') throw new ForbiddenError();
  return ctx.principal;
}

export function requireOperator(ctx: RequestContext): OperatorPrincipal {
  if (!ctx.principal) throw new UnauthenticatedError();
  if (ctx.principal.kind !== 'operator') throw new ForbiddenError();
  return ctx.principal;
}

/** How far the caller's grant of a permission reaches, or null when they hold none. */
export function grantOf(ctx: RequestContext, permission: Permission): EffectivePermission | null {
  const p = ctx.principal;
  if (!p || p.kind !== 'staff') return null;
  return p.permissions.find((e) => e.permission === permission) ?? null;
}

/** The grant, or FORBIDDEN. Services call this and then narrow their queries to what it reaches. */
export function requireGrant(ctx: RequestContext, permission: Permission): EffectivePermission {
  requireStaff(ctx);
  const grant = grantOf(ctx, permission);
  if (!grant) throw new ForbiddenError();
  return grant;
}

export function isAllowed(ctx: RequestContext, permissions: readonly Permission[]): boolean {
  const p = ctx.principal;
  if (!p) return false;
  if (p.kind === 'operator') return permissions.some(operatorHas);
  return permissions.some((permission) => p.permissions.some((e) => e.permission === permission));
}

/**
 * Declares at the entry point which permissions open it (any one of them suffices). The service still narrows
 * what the caller reaches; this only turns away callers who hold none of them.
 */
export function Allow(...permissions: Permission[]): MethodDecorator & PropertyDecorator {
  return UseMiddleware(async ({ context }, next) => {
    const ctx = context as RequestContext;
    if (!ctx.principal) throw new UnauthenticatedError();
    if (!isAllowed(ctx, permissions)) throw new ForbiddenError();
    return next();
  });
}

/** Entry points anyone may call (signing in). Declared, so that a missing guard is visible in review. */
export function Public(): MethodDecorator & PropertyDecorator {
  return UseMiddleware(async (_data, next) => next());
}

/** Any signed-in caller, staff or operator. */
export function SignedIn(): MethodDecorator & PropertyDecorator {
  return UseMiddleware(async ({ context }, next) => {
    if (!(context as RequestContext).principal) throw new UnauthenticatedError();
    return next();
  });
}
