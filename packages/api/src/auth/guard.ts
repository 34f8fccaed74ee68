import { Extensions, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { ErrorCode, operatorHas, scopesGranting, type EffectivePermission, type Permission } from '@throughline/shared';
import { AppError, ForbiddenError, UnauthenticatedError } from '../graphql/errors';
import type { RequestContext } from '../graphql/context';
import type { MemberPrincipal, OperatorPrincipal, StaffPrincipal } from './principal';

/**
 * FORBIDDEN for an API client: what it asked for is for people signed in (signing in, passwords, rating and
 * reflecting, anything about "me"), whatever its scopes.
 */
export class PeopleOnlyError extends AppError {
  constructor() {
    super(ErrorCode.FORBIDDEN, 'This is for people signed in; an API client cannot do it, whatever its scopes', {
      reason: 'PEOPLE_ONLY',
    });
  }
}

/** FORBIDDEN for an API client whose token lacks the scope a permission needs: the message names the scope. */
export class MissingScopeError extends AppError {
  constructor(permissions: readonly Permission[]) {
    const scopes = [...new Set(permissions.flatMap(scopesGranting))];
    super(
      ErrorCode.FORBIDDEN,
      scopes.length
        ? `This API client's token lacks the scope ${scopes.join(' or ')}`
        : 'No API client scope grants this; only people signed in can do it',
      { reason: 'MISSING_SCOPE', requiredScopes: scopes },
    );
  }
}

/**
 * What the guards of a field declare (@Allow, @Public, @PeopleOnly, @SignedIn), as recorded on the built schema's
 * field: read back with guardOf, e.g. to check that every root field is guarded and that scopes are enforced on it.
 */
export interface FieldGuard {
  /** @Allow: the permissions, any one of which opens the field (empty when there is no @Allow). */
  allow: readonly Permission[];
  /** @PeopleOnly: API clients are refused whatever their scopes. */
  peopleOnly: boolean;
  /** @Public: anyone may call it, signed in or not. */
  public: boolean;
  /** @SignedIn: any signed-in caller; what they reach is the service's to narrow. */
  signedIn: boolean;
}

/** The guard declared on a schema field (a GraphQLField of the built schema), from its extensions. */
export function guardOf(field: { extensions?: Readonly<Record<string, unknown>> | null }): FieldGuard {
  const ext = field.extensions ?? {};
  return {
    allow: Array.isArray(ext.guardAllow) ? (ext.guardAllow as Permission[]) : [],
    peopleOnly: ext.guardPeopleOnly === true,
    public: ext.guardPublic === true,
    signedIn: ext.guardSignedIn === true,
  };
}

/**
 * A guard: its middleware, and what it declares recorded on the field's extensions (each guard under its own key, as
 * type-graphql merges a field's extensions shallowly), so the schema itself says how each field is guarded.
 */
function guard(declared: Record<string, unknown>, middleware: MiddlewareFn): MethodDecorator & PropertyDecorator {
  const use = UseMiddleware(middleware);
  const record = Extensions(declared);
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    use(target, key, descriptor as PropertyDescriptor);
    record(target, key, descriptor as PropertyDescriptor);
  };
}

/** A person signed in to a district: refuses operators, and API clients clearly (PeopleOnlyError). */
export function requireStaff(ctx: RequestContext): StaffPrincipal {
  if (!ctx.principal) throw new UnauthenticatedError();
  if (ctx.principal.kind === 'client') throw new PeopleOnlyError();
  if (ctx.principal.kind !== 'staff') throw new ForbiddenError();
  return ctx.principal;
}

/** Someone acting inside one district: a person, or an API client (whose grants all reach the whole district). */
export function requireMember(ctx: RequestContext): MemberPrincipal {
  if (!ctx.principal) throw new UnauthenticatedError();
  if (ctx.principal.kind === 'operator') throw new ForbiddenError();
  return ctx.principal;
}

/**
 * The caller's own id, for "their own records" conditions: a person's staff id; for an API client its client id,
 * which no staff record carries, so "own" reaches nothing (a client's grants reach the district instead).
 */
export function selfIdOf(member: MemberPrincipal): string {
  return member.kind === 'staff' ? member.staffMemberId : member.clientId;
}

export function requireOperator(ctx: RequestContext): OperatorPrincipal {
  if (!ctx.principal) throw new UnauthenticatedError();
  if (ctx.principal.kind !== 'operator') throw new ForbiddenError();
  return ctx.principal;
}

/** How far the caller's grant of a permission reaches, or null when they hold none. */
export function grantOf(ctx: RequestContext, permission: Permission): EffectivePermission | null {
  const p = ctx.principal;
  if (!p || p.kind === 'operator') return null;
  return p.permissions.find((e) => e.permission === permission) ?? null;
}

/** The grant, or FORBIDDEN. Services call this and then narrow their queries to what it reaches. */
export function requireGrant(ctx: RequestContext, permission: Permission): EffectivePermission {
  const member = requireMember(ctx);
  const grant = grantOf(ctx, permission);
  if (!grant) throw member.kind === 'client' ? new MissingScopeError([permission]) : new ForbiddenError();
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
  return guard({ guardAllow: permissions }, async ({ context }, next) => {
    const ctx = context as RequestContext;
    if (!ctx.principal) throw new UnauthenticatedError();
    if (!isAllowed(ctx, permissions)) {
      throw ctx.principal.kind === 'client' ? new MissingScopeError(permissions) : new ForbiddenError();
    }
    return next();
  });
}

/** Entry points anyone may call (signing in). Declared, so that a missing guard is visible in review. */
export function Public(): MethodDecorator & PropertyDecorator {
  return guard({ guardPublic: true }, async (_data, next) => next());
}

/** Entry points only a person may use (signing in and out, passwords, rating, reflecting): API clients are refused. */
export function PeopleOnly(): MethodDecorator & PropertyDecorator {
  return guard({ guardPeopleOnly: true }, async ({ context }, next) => {
    if ((context as RequestContext).principal?.kind === 'client') throw new PeopleOnlyError();
    return next();
  });
}

/** The person acting, for columns that name one (who changed a date): null when an API client acts. */
export function staffIdOf(member: MemberPrincipal): string | null {
  return member.kind === 'staff' ? member.staffMemberId : null;
}

/** Any signed-in caller: staff, operator or API client. */
export function SignedIn(): MethodDecorator & PropertyDecorator {
  return guard({ guardSignedIn: true }, async ({ context }, next) => {
    if (!(context as RequestContext).principal) throw new UnauthenticatedError();
    return next();
  });
}
