import type { EffectivePermission, Permission } from '@throughline/shared';
import { ForbiddenError } from '../graphql/errors';
import type { RequestContext } from '../graphql/context';
import { requireGrant, requireMember, selfIdOf } from './guard';

/** How far one permission reaches for the caller, in the terms queries need. */
export interface Scope {
  districtId: string;
  /** The caller's staff id (for an API client its client id, which owns no record: guard.ts selfIdOf). */
  selfId: string;
  /** The whole district. */
  all: boolean;
  /** Otherwise these schools (empty when the grant reaches only the caller's own records). */
  schoolIds: string[];
  grant: EffectivePermission;
}

export function scopeOf(ctx: RequestContext, permission: Permission): Scope {
  const member = requireMember(ctx);
  const grant = requireGrant(ctx, permission);
  return {
    districtId: member.districtId,
    selfId: selfIdOf(member),
    all: grant.districtWide,
    schoolIds: grant.schoolIds,
    grant,
  };
}

/** Whether the scope reaches records of this school (null: district-wide records, reached only district-wide). */
export function reachesSchool(scope: Scope, schoolId: string | null): boolean {
  return scope.all || (schoolId !== null && scope.schoolIds.includes(schoolId));
}

export function assertReachesSchool(scope: Scope, schoolId: string | null): void {
  if (!reachesSchool(scope, schoolId)) throw new ForbiddenError();
}
